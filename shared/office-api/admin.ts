// Account administration (admins only): every account with its state, changes to one, and the
// append-only record of every change made to accounts.
import { z } from 'zod';
import { Id, IsoDateTime } from './common';
import { Role, User } from './users';

export const AuthSource = z.enum(['local', 'directory']);
export type AuthSource = z.infer<typeof AuthSource>;

export const AdminUser = User.extend({
  /** a disabled account keeps its history but cannot sign in; its sessions were ended */
  disabled: z.boolean(),
  /** 'directory': LDAP/Active Directory checks the password, and its groups set role and team at each sign-in */
  authSource: AuthSource,
  createdAt: IsoDateTime,
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUsersResponse = z.object({ items: z.array(AdminUser) });
export type AdminUsersResponse = z.infer<typeof AdminUsersResponse>;
export const AdminUserResponse = z.object({ user: AdminUser });
export type AdminUserResponse = z.infer<typeof AdminUserResponse>;

export const Password = z.string().min(10, 'at least 10 characters').max(256);

/** any subset; `disabled: true` ends the account's sessions and event sockets at once */
export const UpdateUserRequest = z
  .strictObject({
    displayName: z.string().trim().min(1).max(120).optional(),
    role: Role.optional(),
    teamId: Id.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'change at least one field');
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/** a new password chosen by the admin; the account's sessions end */
export const ResetPasswordRequest = z.strictObject({ password: Password });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

export const AccountEvent = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  /** a user id, "cli" (the office-server command line) or "directory" (a directory sign-in) */
  actor: z.string(),
  action: z.string(),
  userId: z.string(),
  /** what changed (never a password) */
  detail: z.record(z.string(), z.unknown()),
});
export type AccountEvent = z.infer<typeof AccountEvent>;

export const AccountEventsQuery = z.object({
  userId: Id.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const AccountEventsResponse = z.object({ items: z.array(AccountEvent), next: z.number().int().nullable() });
export type AccountEventsResponse = z.infer<typeof AccountEventsResponse>;
