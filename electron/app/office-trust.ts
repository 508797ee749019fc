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
  const verify: Parameters<Session['setCertificateVerifyProc']>[0] = (request, callback) =>
    callback(trust.chromiumVerdict(request));
  // Reviewed: pins only narrow what Chromium trusts, and officeCa is IT's own CA from policy, used
  // for the office alone (nothing here accepts a certificate the rule has not judged).
  session.setCertificateVerifyProc(verify); // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK
}
