import { z } from 'zod';
import { plainText } from './text';
import { Id, IsoDateTime } from './common';
import { ESCALATION_LEVELS } from '../domain/tickets';

export const Role = z.enum(['worker', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, . _ -');

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  teamId: Id.nullable(),
  /** how to reach them outside the app, when the office has it: a phone number (tel:), a softphone address (sip:), a mail address */
  phone: z.string().max(40).optional(),
  sip: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
});
export type User = z.infer<typeof User>;

export const Team = z.object({
  id: Id,
  name: z.string(),
  managerIds: z.array(Id),
  /** L1 takes the first call; L2 and L3 teams work the tickets escalated into their queue (absent: L1) */
  supportLevel: z.enum(ESCALATION_LEVELS).optional(),
});
export type Team = z.infer<typeof Team>;

export const LoginRequest = z.strictObject({
  username: plainText().min(1).max(64),
  password: plainText().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** when the access token stops working; refresh before then */
  accessTokenExpiresAt: IsoDateTime,
  refreshTokenExpiresAt: IsoDateTime,
});
export type TokenPair = z.infer<typeof TokenPair>;

export const LoginResponse = TokenPair.extend({ user: User });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(256) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;
export const RefreshResponse = TokenPair.extend({ user: User });
export type RefreshResponse = z.infer<typeof RefreshResponse>;

/** Sign-out revokes the session of the access token; a refresh token may be given instead. */
export const LogoutRequest = z.strictObject({ refreshToken: z.string().min(1).max(256).optional() });
export type LogoutRequest = z.infer<typeof LogoutRequest>;
export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

export const MeResponse = z.object({ user: User, team: Team.nullable() });
export type MeResponse = z.infer<typeof MeResponse>;

export const UsersResponse = z.object({ items: z.array(User) });
export type UsersResponse = z.infer<typeof UsersResponse>;

export const CreateUserRequest = z.strictObject({
  username: Username,
  displayName: plainText().min(1).max(120),
  role: Role,
  teamId: Id.nullable(),
  password: plainText().min(10).max(256),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const CreateTeamRequest = z.strictObject({
  name: plainText().min(1).max(120),
  /** absent: L1 */
  supportLevel: z.enum(ESCALATION_LEVELS).optional(),
});
export type CreateTeamRequest = z.infer<typeof CreateTeamRequest>;
export const TeamsResponse = z.object({ items: z.array(Team) });
export type TeamsResponse = z.infer<typeof TeamsResponse>;
