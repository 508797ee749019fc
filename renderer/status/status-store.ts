import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { ConnectivityStatus } from '../../shared/domain/connectivity';

export interface StatusState {
  status: ConnectivityStatus | null;
  checking: boolean;
  error: ContractErrorData | null;
  /** Loads the current status and follows every change; returns the unsubscribe function. */
  follow(): () => void;
  checkNow(): Promise<void>;
}

export const createStatusStore = (api: TeleworkerApi) =>
  createStore<StatusState>()((set) => ({
    status: null,
    checking: false,
    error: null,
    follow() {
      const off = api.connectivity.onStatusChanged((status) => set({ status, error: null }));
      void api.connectivity.getStatus().then((result) => {
        if (result.ok) set((s) => (s.status ? {} : { status: result.value }));
        else set({ error: result.error });
      });
      return off;
    },
    async checkNow() {
      set({ checking: true });
      const result = await api.connectivity.checkNow();
      set(result.ok ? { status: result.value, error: null, checking: false } : { error: result.error, checking: false });
    },
  }));
export type StatusStore = ReturnType<typeof createStatusStore>;

/** The colour family of a state, for the dot in the status bar and the tray icon. */
export function toneOf(state: ConnectivityStatus['status'] | undefined): 'good' | 'warn' | 'bad' | 'unknown' {
  switch (state) {
    case 'office-via-vpn':
    case 'office-lan':
      return 'good';
    case 'degraded':
    case 'vpn-no-office':
    case 'internet':
      return 'warn';
    case 'offline':
      return 'bad';
    default:
      return 'unknown';
  }
}
