import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { AccountState } from '../../shared/contract/account';

export interface AccountStoreState {
  account: AccountState | null;
  busy: boolean;
  error: ContractErrorData | null;
  follow(): () => void;
  signIn(form: { server: string; username: string; password: string }): Promise<void>;
  signOut(): Promise<void>;
}

export const createAccountStore = (api: TeleworkerApi) =>
  createStore<AccountStoreState>()((set) => ({
    account: null,
    busy: false,
    error: null,
    follow() {
      const off = api.account.onStateChanged((account) => set({ account }));
      void api.account.getState().then((result) => set(result.ok ? { account: result.value } : { error: result.error }));
      return off;
    },
    async signIn(form) {
      set({ busy: true, error: null });
      const result = await api.account.signIn(form);
      set(result.ok ? { account: result.value, busy: false } : { error: result.error, busy: false });
    },
    async signOut() {
      set({ busy: true, error: null });
      const result = await api.account.signOut();
      set(result.ok ? { account: result.value, busy: false } : { error: result.error, busy: false });
    },
  }));
export type AccountStore = ReturnType<typeof createAccountStore>;
