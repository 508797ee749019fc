// The Electron side of the office's trust rule (services/office-client/trust.ts): Chromium's
// network stack, which electron-updater downloads through, asks the same rule the Node side uses.
import type { Session } from 'electron';
import type { OfficeTrust } from '../services/office-client/trust';

/** electron-updater's own session (its electronHttpExecutor's NET_SESSION_NAME). */
export const UPDATER_PARTITION = 'electron-updater';

/**
 * Pins decide alone; without them Chromium's verdict (the OS trust store) stands, and a chain it
 * refused is trusted when it leads to the policy's officeCa.
 */
export function applyOfficeTrust(session: Pick<Session, 'setCertificateVerifyProc'>, trust: OfficeTrust): void {
  if (!trust.fromPolicy) return;
  session.setCertificateVerifyProc((request, callback) => callback(trust.chromiumVerdict(request)));
}
