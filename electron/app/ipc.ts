// ipcMain registration derived from the contract: one handler per channel, each checking which
// frame sent it before the dispatcher validates the payload.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Contract } from '../../shared/contract';
import { contract, fail } from '../../shared/contract';
import type { Dispatcher, Emit } from '../../shared/contract/dispatch';
import { createEmitter } from '../../shared/contract/dispatch';
import { isTrustedOrigin } from './security';

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

export function isTrustedSender(event: SenderEvent, trustedOrigins: readonly string[]): boolean {
  const frame = event.senderFrame;
  // Only the top frame of our own page: never a subframe, never another origin.
  return !!frame && frame.parent === null && isTrustedOrigin(frame.url, trustedOrigins);
}

export function registerContractIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: Dispatcher,
  trustedOrigins: readonly string[],
  warn: (message: string) => void,
): () => void {
  for (const channel of dispatcher.channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, trustedOrigins)) {
        warn(`refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return fail('forbidden', 'This page may not talk to Teleworker.');
      }
      return dispatcher.dispatch(channel, payload, { host: 'electron' });
    });
  }
  return () => dispatcher.channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Events go to every window's webContents, validated against the contract first. */
export function createIpcEmitter(
  allContents: () => Iterable<Pick<WebContents, 'send' | 'isDestroyed'>>,
  warn: (message: string) => void,
): Emit<Contract> {
  return createEmitter(
    contract,
    (channel, payload) => {
      for (const contents of allContents()) if (!contents.isDestroyed()) contents.send(channel, payload);
    },
    (channel, error) => warn(`dropped invalid event ${channel}: ${error.message}`),
  );
}
