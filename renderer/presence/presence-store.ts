import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { MyPresence, SetMyPresenceRequest } from '../../shared/contract/presence';
import { reportActivity } from './activity';

export interface PresenceState {
  mine: MyPresence | null;
  error: ContractErrorData | null;
  follow(): () => void;
  /** queued in the outbox by the main process: shown as pending until the office confirms it */
  setStatus(status: MyPresence['status']): Promise<void>;
  /** my status text, cleared by itself at `expiresAt` when given */
  setStatusText(text: string, expiresAt: string | null): Promise<void>;
}

export const createPresenceStore = (api: TeleworkerApi) =>
  createStore<PresenceState>()((set) => {
    const change = async (request: SetMyPresenceRequest) => {
      const r = await api.presence.setMine(request);
      set(r.ok ? { mine: r.value, error: null } : { error: r.error });
    };
    return {
      mine: null,
      error: null,
      follow() {
        const off = api.presence.onMineChanged((mine) => set({ mine }));
        void api.presence.getMine().then((r) => set(r.ok ? { mine: r.value } : { error: r.error }));
        const stopReporting = typeof document === 'undefined' ? () => {} : reportActivity(api);
        return () => {
          off();
          stopReporting();
        };
      },
      setStatus: (status) => change({ status }),
      setStatusText: (statusText, expiresAt) => change({ statusText, statusExpiresAt: expiresAt }),
    };
  });
export type PresenceStore = ReturnType<typeof createPresenceStore>;
