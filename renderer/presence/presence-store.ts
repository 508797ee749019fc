import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { MyPresence } from '../../shared/contract/presence';

export interface PresenceState {
  mine: MyPresence | null;
  error: ContractErrorData | null;
  follow(): () => void;
  /** queued in the outbox by the main process: shown as pending until the office confirms it */
  setStatus(status: MyPresence['status']): Promise<void>;
}

export const createPresenceStore = (api: TeleworkerApi) =>
  createStore<PresenceState>()((set) => ({
    mine: null,
    error: null,
    follow() {
      const off = api.presence.onMineChanged((mine) => set({ mine }));
      void api.presence.getMine().then((r) => set(r.ok ? { mine: r.value } : { error: r.error }));
      return off;
    },
    async setStatus(status) {
      const r = await api.presence.setMine({ status });
      set(r.ok ? { mine: r.value, error: null } : { error: r.error });
    },
  }));
export type PresenceStore = ReturnType<typeof createPresenceStore>;
