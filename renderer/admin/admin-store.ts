import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { AdminAccount, AdminDirectory } from '../../shared/contract/admin';
import type { CreateUserRequest, UpdateUserRequest } from '../../shared/office-api';

export interface AdminState {
  directory: AdminDirectory | null;
  loading: boolean;
  /** the last refused call, shown above the list */
  error: ContractErrorData | null;
  /** the account (or 'new', 'team') whose change is on its way */
  busy: string | null;
  /** the last change that went through, for the status line */
  done: { what: 'created' | 'updated' | 'password' | 'team'; name: string } | null;
  follow(): () => void;
  load(): Promise<void>;
  create(request: CreateUserRequest): Promise<boolean>;
  update(id: string, change: UpdateUserRequest): Promise<boolean>;
  resetPassword(id: string, password: string): Promise<boolean>;
  createTeam(name: string): Promise<boolean>;
}

const replace = (dir: AdminDirectory, account: AdminAccount): AdminDirectory => ({
  ...dir,
  accounts: dir.accounts.some((a) => a.id === account.id)
    ? dir.accounts.map((a) => (a.id === account.id ? account : a))
    : [...dir.accounts, account].sort((a, b) => a.displayName.localeCompare(b.displayName)),
});

export const createAdminStore = (api: TeleworkerApi) =>
  createStore<AdminState>()((set, get) => {
    /** one change at a time per target; the list shows the office's answer, never a guess */
    const change = async (
      busy: string,
      call: () => ReturnType<TeleworkerApi['admin']['updateAccount']>,
      what: 'created' | 'updated' | 'password',
    ): Promise<boolean> => {
      set({ busy, error: null, done: null });
      const r = await call();
      if (!r.ok) {
        set({ busy: null, error: r.error });
        return false;
      }
      const dir = get().directory;
      set({
        busy: null,
        done: { what, name: r.value.displayName },
        ...(dir ? { directory: replace(dir, r.value) } : {}),
      });
      return true;
    };
    return {
      directory: null,
      loading: false,
      error: null,
      busy: null,
      done: null,
      follow() {
        void get().load();
        return () => {};
      },
      async load() {
        set({ loading: true });
        const r = await api.admin.listAccounts();
        set(r.ok ? { directory: r.value, error: null, loading: false } : { error: r.error, loading: false });
      },
      create: (request) => change('new', () => api.admin.createAccount(request), 'created'),
      update: (id, c) => change(id, () => api.admin.updateAccount({ id, change: c }), 'updated'),
      resetPassword: (id, password) => change(id, () => api.admin.resetPassword({ id, password }), 'password'),
      async createTeam(name) {
        set({ busy: 'team', error: null, done: null });
        const r = await api.admin.createTeam({ name });
        if (!r.ok) {
          set({ busy: null, error: r.error });
          return false;
        }
        const dir = get().directory;
        set({
          busy: null,
          done: { what: 'team', name: r.value.name },
          ...(dir ? { directory: { ...dir, teams: [...dir.teams, r.value] } } : {}),
        });
        return true;
      },
    };
  });
export type AdminStore = ReturnType<typeof createAdminStore>;
