// The admin area: the office's accounts for its administrators (list, create, change role, team
// and name, disable, reset a password) and its teams. The main process asks the office; every
// change is recorded there (account_events). Admins only: the office refuses anyone else.
import { z } from 'zod';
import { AdminUser, CreateTeamRequest, CreateUserRequest, Id, Password, UpdateUserRequest } from '../office-api';
import { defineArea } from './define';

export const AdminTeamSchema = z.object({ id: z.string(), name: z.string() });
export type AdminTeam = z.infer<typeof AdminTeamSchema>;
export type AdminAccount = z.infer<typeof AdminUser>;

export const AdminDirectorySchema = z.object({ accounts: z.array(AdminUser), teams: z.array(AdminTeamSchema) });
export type AdminDirectory = z.infer<typeof AdminDirectorySchema>;

export const admin = defineArea({
  invoke: {
    listAccounts: { request: z.undefined(), response: AdminDirectorySchema },
    createAccount: { request: CreateUserRequest, response: AdminUser },
    /** `disabled: true` ends the account's sessions at the office */
    updateAccount: { request: z.strictObject({ id: Id, change: UpdateUserRequest }), response: AdminUser },
    /** the account's sessions end; directory accounts are refused (their password is the directory's) */
    resetPassword: { request: z.strictObject({ id: Id, password: Password }), response: AdminUser },
    createTeam: { request: CreateTeamRequest, response: AdminTeamSchema },
  },
  events: {},
});
