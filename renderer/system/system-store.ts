import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { AppInfo } from '../../shared/contract/system';

export interface SystemState {
  info: AppInfo | null;
  infoError: ContractErrorData | null;
  reply: { message: string; receivedAt: string } | null;
  pingError: ContractErrorData | null;
  /** app info is loaded once; nothing in this area is pushed by the main process */
  follow(): () => void;
  load(): Promise<void>;
  ping(message: string): Promise<void>;
}

export const createSystemStore = (api: TeleworkerApi) =>
  createStore<SystemState>()((set, get) => ({
    info: null,
    infoError: null,
    reply: null,
    pingError: null,
    follow() {
      void get().load();
      return () => {};
    },
    async load() {
      const result = await api.system.getInfo();
      set(result.ok ? { info: result.value, infoError: null } : { infoError: result.error });
    },
    async ping(message) {
      const result = await api.system.ping({ message });
      set(result.ok ? { reply: result.value, pingError: null } : { reply: null, pingError: result.error });
    },
  }));
export type SystemStore = ReturnType<typeof createSystemStore>;
