// A main-process stand-in for DOM tests of the frame: every channel answers with a sensible value
// unless the test overrides it, and events can be pushed by hand. The real dispatcher has its own
// tests; here what matters is what the renderer does with the answers.
import { contract } from '../../../shared/contract';
import type { ContractErrorData, TeleworkerApi } from '../../../shared/contract';
import type { AccountState } from '../../../shared/contract/account';
import { createClient } from '../../../shared/contract/client';
import type { ConnectivityStatus } from '../../../shared/domain/connectivity';
import { emptyEvidence } from '../../../shared/domain/connectivity';

export type Role = 'worker' | 'manager' | 'admin';

const secretStore = { kind: 'keychain', description: 'a test keychain', persistent: true } as const;

export const signedOut = (overrides: Partial<Extract<AccountState, { status: 'signed-out' }>> = {}): AccountState => ({
  status: 'signed-out',
  reason: null,
  notice: null,
  server: 'https://office.test',
  serverLocked: false,
  demo: false,
  secretStore,
  ...overrides,
});

export const signedIn = (role: Role = 'worker', id = role === 'worker' ? 'u-budi' : 'u-siti'): AccountState => ({
  status: 'signed-in',
  server: 'https://office.test',
  user: { id, username: id.slice(2), displayName: role === 'worker' ? 'Budi Santoso' : 'Siti Rahayu', role },
  secretStore,
});

export const connectivityStatus = (overrides: Partial<ConnectivityStatus> = {}): ConnectivityStatus => ({
  status: 'office-via-vpn',
  since: '2026-11-28T08:00:00.000Z',
  checkedAt: '2026-11-28T08:05:00.000Z',
  latencyMs: 23,
  reason: { code: 'office-reachable', params: { host: 'office.test' } },
  evidence: { ...emptyEvidence(), interfaces: ['eth0', 'tun0'], defaultRoute: true },
  ...overrides,
});

type Answer = { ok: true; value: unknown } | { ok: false; error: ContractErrorData };
type Handler = (payload: unknown) => Answer | Promise<Answer>;

export function fakeApi(options: { account?: AccountState; handlers?: Record<string, Handler> } = {}) {
  let account = options.account ?? signedOut();
  const calls: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  const defaults: Record<string, Handler> = {
    'tw:system:getInfo': () => ({
      ok: true,
      value: {
        name: 'Teleworker',
        version: '1.2.3',
        platform: 'linux',
        arch: 'x64',
        host: 'browser',
        electronVersion: null,
      },
    }),
    'tw:system:setLocale': () => ({ ok: true, value: null }),
    'tw:system:setBadgeCount': () => ({ ok: true, value: null }),
    'tw:system:ping': (p) => ({
      ok: true,
      value: { message: (p as { message: string }).message, receivedAt: '2026-11-28T09:00:00.000Z' },
    }),
    'tw:connectivity:getStatus': () => ({ ok: true, value: connectivityStatus() }),
    'tw:connectivity:checkNow': () => ({ ok: true, value: connectivityStatus() }),
    'tw:account:getState': () => ({ ok: true, value: account }),
    'tw:account:signIn': () => {
      account = signedIn('worker');
      emit('tw:account!stateChanged', account);
      return { ok: true, value: account };
    },
    'tw:account:signOut': () => {
      account = signedOut();
      emit('tw:account!stateChanged', account);
      return { ok: true, value: account };
    },
    'tw:sync:getStatus': () => ({
      ok: true,
      value: { pending: 0, failed: 0, lastSyncAt: null, lastError: null, stream: 'connected' },
    }),
    'tw:sync:listItems': () => ({ ok: true, value: [] }),
    'tw:settings:get': () => ({
      ok: true,
      value: {
        settings: [{ key: 'idleMinutes', value: 10, source: 'default' }],
        policyProblems: [],
        update: { state: 'off', reason: 'not-installed' },
      },
    }),
    'tw:tickets:list': () => ({
      ok: true,
      value: {
        rows: [],
        creating: [],
        me: account.status === 'signed-in' ? account.user.id : null,
        manager: false,
        people: [],
        syncedAt: null,
        complete: true,
      },
    }),
    'tw:tickets:listViews': () => ({ ok: true, value: [] }),
    'tw:presence:getMine': () => ({
      ok: true,
      value: {
        status: 'available',
        location: 'home',
        statusText: '',
        statusExpiresAt: null,
        pending: false,
        auto: false,
      },
    }),
    'tw:presence:team': () => ({ ok: true, value: { items: [], me: null } }),
    'tw:presence:reportActivity': () => ({ ok: true, value: null }),
    'tw:chat:conversations': () => ({ ok: true, value: { items: [] } }),
    'tw:chat:pending': () => ({ ok: true, value: { items: [] } }),
  };
  const api: TeleworkerApi = createClient(contract, {
    async invoke(channel, payload) {
      calls.push([channel, payload]);
      const handler = options.handlers?.[channel] ?? defaults[channel];
      return handler ? handler(payload) : { ok: false, error: { code: 'unknown-channel', message: channel } };
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  return {
    api,
    calls,
    emit,
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
    setAccount(next: AccountState) {
      account = next;
      emit('tw:account!stateChanged', next);
    },
  };
}

/** localStorage stand-in the test can read back. */
export function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}
