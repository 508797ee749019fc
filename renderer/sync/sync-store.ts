import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { SyncItem, SyncStatus } from '../../shared/contract/sync';

export interface SyncState {
  status: SyncStatus | null;
  items: SyncItem[];
  error: ContractErrorData | null;
  follow(): () => void;
  loadItems(): Promise<void>;
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
}

export const createSyncStore = (api: TeleworkerApi) =>
  createStore<SyncState>()((set, get) => ({
    status: null,
    items: [],
    error: null,
    follow() {
      const off = api.sync.onStatusChanged((status) => {
        set({ status });
        void get().loadItems();
      });
      void api.sync.getStatus().then((r) => set(r.ok ? { status: r.value } : { error: r.error }));
      void get().loadItems();
      return off;
    },
    async loadItems() {
      const r = await api.sync.listItems();
      set(r.ok ? { items: r.value } : { error: r.error });
    },
    async retry(id) {
      const r = await api.sync.retry({ id });
      if (!r.ok) set({ error: r.error });
      await get().loadItems();
    },
    async discard(id) {
      const r = await api.sync.discard({ id });
      if (!r.ok) set({ error: r.error });
      await get().loadItems();
    },
  }));
export type SyncStore = ReturnType<typeof createSyncStore>;
