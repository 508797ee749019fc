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
      set(
        result.ok ? { status: result.value, error: null, checking: false } : { error: result.error, checking: false },
      );
    },
  }));
export type StatusStore = ReturnType<typeof createStatusStore>;

export { toneOf } from '../../shared/domain/connectivity-tone';
