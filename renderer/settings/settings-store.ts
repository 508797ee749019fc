import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { SetSetting, SettingsState } from '../../shared/contract/settings';

export interface SettingsStoreState {
  state: SettingsState | null;
  error: ContractErrorData | null;
  follow(): () => void;
  change(change: SetSetting): Promise<void>;
  installUpdate(): Promise<void>;
}

export const createSettingsStore = (api: TeleworkerApi) =>
  createStore<SettingsStoreState>()((set) => ({
    state: null,
    error: null,
    follow() {
      const off = api.settings.onChanged((state) => set({ state }));
      void api.settings.get().then((r) => set(r.ok ? { state: r.value } : { error: r.error }));
      return off;
    },
    async change(change) {
      const r = await api.settings.set(change);
      set(r.ok ? { state: r.value, error: null } : { error: r.error });
    },
    async installUpdate() {
      const r = await api.settings.installUpdate();
      if (!r.ok) set({ error: r.error });
    },
  }));
export type SettingsStore = ReturnType<typeof createSettingsStore>;
