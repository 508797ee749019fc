import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { AccountState } from '../../shared/contract/account';

export interface SignInForm {
  server: string;
  username: string;
  password: string;
}

export interface AccountStoreState {
  account: AccountState | null;
  busy: boolean;
  error: ContractErrorData | null;
  follow(): () => void;
  signIn(form: SignInForm): Promise<void>;
  signOut(): Promise<void>;
  /** the user changed the form: an error about the old values no longer applies */
  clearError(): void;
}

export const createAccountStore = (api: TeleworkerApi) =>
  createStore<AccountStoreState>()((set, get) => ({
    account: null,
    busy: false,
    error: null,
    follow() {
      const off = api.account.onStateChanged((account) => set({ account }));
      void api.account
        .getState()
        .then((result) => set(result.ok ? { account: result.value } : { error: result.error }));
      return off;
    },
    async signIn(form) {
      if (get().busy) return;
      set({ busy: true, error: null });
      const result = await api.account.signIn(form);
      set(result.ok ? { account: result.value, busy: false } : { error: result.error, busy: false });
    },
    async signOut() {
      set({ busy: true, error: null });
      const result = await api.account.signOut();
      set(result.ok ? { account: result.value, busy: false } : { error: result.error, busy: false });
    },
    clearError() {
      if (get().error) set({ error: null });
    },
  }));
export type AccountStore = ReturnType<typeof createAccountStore>;
