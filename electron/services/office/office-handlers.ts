// The contract's account, sync and presence areas, answered by the office service.
import type { Contract, ContractHandlers } from '../../../shared/contract';
import { ContractError } from '../../../shared/contract';
import type { AccountState } from '../../../shared/contract/account';
import type { MyPresence } from '../../../shared/contract/presence';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { Emit } from '../../../shared/contract/dispatch';
import type { Presence, SetPresenceRequest } from '../../../shared/office-api';
import { OfficeError } from '../office-client/http';
import { OutboxFullError } from '../outbox/outbox';
import type { OfficeService } from './office-service';

export interface AccountSettings {
  /** the server address to pre-fill: policy, the user's last choice, or the embedded demo server */
  defaultServer: string | null;
  serverLocked: boolean;
  demo: boolean;
  /** something the user must know before signing in (a broken policy file) */
  notice?: string | null;
  secretStore(): AccountState['secretStore'];
}

type OfficeAreas = Pick<ContractHandlers, 'account' | 'sync' | 'presence'>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function accountState(office: OfficeService, settings: AccountSettings): AccountState {
  const state = office.session.current();
  const secretStore = settings.secretStore();
  if (state.status === 'signed-in') {
    const { id, username, displayName, role } = state.user;
    return { status: 'signed-in', server: state.server, user: { id, username, displayName, role }, secretStore };
  }
  return { status: 'signed-out', reason: state.reason ?? settings.notice ?? null, server: settings.defaultServer, serverLocked: settings.serverLocked, demo: settings.demo, secretStore };
}

export function syncStatus(office: OfficeService): SyncStatus {
  const s = office.syncStatus();
  return { pending: s.pending, failed: s.failed, lastSyncAt: iso(s.lastSyncAt), lastError: s.lastError, stream: s.stream };
}

/** The server's presence with the user's queued changes laid over it, so the UI shows what they chose. */
export function myPresence(office: OfficeService): MyPresence | null {
  if (office.session.current().status !== 'signed-in') return null;
  const base: Presence | null = office.myPresence();
  const view: MyPresence = { status: base?.status ?? 'available', location: base?.location ?? 'unknown', statusText: base?.statusText ?? '', pending: false };
  for (const body of office.outbox.bodiesOf('presence')) Object.assign(view, body as SetPresenceRequest, { pending: true });
  return view;
}

function asContractError(error: unknown): never {
  if (error instanceof OfficeError) {
    if (error.kind === 'bad-address') throw new ContractError('invalid-request', error.message);
    if (error.kind === 'http' && error.status === 401) throw new ContractError('unauthorized', error.message);
    if (error.kind === 'http' && error.status === 403) throw new ContractError('forbidden', error.message);
    if (error.kind === 'http' && error.status !== undefined && error.status < 500 && error.status !== 429) throw new ContractError('invalid-request', error.message);
    throw new ContractError('unavailable', error.message);
  }
  throw error;
}

export function createOfficeHandlers(office: OfficeService, settings: AccountSettings): OfficeAreas {
  return {
    account: {
      getState: () => accountState(office, settings),
      signIn: async ({ server, username, password }) => {
        if (settings.serverLocked && settings.defaultServer && server !== settings.defaultServer) {
          throw new ContractError('forbidden', 'The office server address is set by your IT department.');
        }
        await office.signIn(server, username, password).catch(asContractError);
        return accountState(office, settings);
      },
      signOut: async () => {
        await office.signOut();
        return accountState(office, settings);
      },
    },
    sync: {
      getStatus: () => syncStatus(office),
      listItems: () =>
        office.outbox.list().map((item) => ({
          id: item.id,
          kind: item.kind,
          state: item.state,
          attempts: item.attempts,
          lastError: item.lastError,
          createdAt: new Date(item.createdAt).toISOString(),
        })),
      retry: ({ id }) => office.outbox.retry(id),
      discard: ({ id }) => office.outbox.discard(id),
    },
    presence: {
      getMine: () => myPresence(office),
      setMine: (change) => {
        if (office.session.current().status !== 'signed-in') throw new ContractError('forbidden', 'Sign in to set your presence.');
        try {
          office.setPresence(change);
        } catch (error) {
          if (error instanceof OutboxFullError) throw new ContractError('unavailable', error.message);
          throw error;
        }
        return myPresence(office)!;
      },
    },
  };
}

/** Forwards the office service's changes to the renderer. */
export function attachOfficeEvents(office: OfficeService, settings: AccountSettings, emit: Emit<Contract>): () => void {
  const offs = [
    office.session.onChange(() => emit('account', 'stateChanged', accountState(office, settings))),
    office.onSyncChange(() => {
      emit('sync', 'statusChanged', syncStatus(office));
      emit('presence', 'mineChanged', myPresence(office));
    }),
    office.onEvent((event) => {
      if (event.type === 'presence.changed') emit('presence', 'mineChanged', myPresence(office));
    }),
  ];
  return () => offs.forEach((off) => off());
}
