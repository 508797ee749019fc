// The account lifecycle, shared by the admin API, the office-server command line and directory
// sign-in: create, change, disable, reset a password. Each change and its account_events row
// commit together; ending the account's sessions follows the commit (the store tells the other
// nodes, and the caller's hub closes the sockets it holds).
import type { Role } from '../../shared/office-api';
import { hashPassword } from '../auth/passwords';
import type { AuthSource, OfficeRepositories, OfficeStore, UserPatch, UserRecord } from '../data/store';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';

export interface AccountsDeps {
  store: OfficeStore;
  now: () => number;
  /** the server runs in demo mode: its demo accounts may be administered too */
  demo?: boolean;
  /** closes this process's event sockets of an ended session (the CLI has none) */
  closeSession?: (sessionId: string) => void;
}

/** who made a change: a user id, 'cli' or 'directory' */
export type Actor = string;

/** a stored hash that no password matches (directory accounts: the directory checks the password) */
export const NO_LOCAL_PASSWORD = '!directory';

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  /** a local account's password; directory accounts have none */
  password?: string;
  authSource?: AuthSource;
  email?: string | null;
}

async function record(tx: OfficeRepositories, actor: Actor, action: string, user: UserRecord, at: number, detail = {}) {
  await tx.accountEvents.append({
    at,
    actor,
    action,
    userId: user.id,
    detail: JSON.stringify({ username: user.username, ...detail }),
  });
}

async function checkTeam(tx: OfficeRepositories, role: Role, teamId: string | null): Promise<void> {
  if (teamId !== null && !(await tx.users.getTeam(teamId))) throw notFound('team');
  if (role !== 'admin' && teamId === null)
    throw new ApiError(400, 'validation_failed', 'workers and managers need a team');
}

export async function createAccount(deps: AccountsDeps, actor: Actor, input: NewAccount): Promise<UserRecord> {
  const authSource = input.authSource ?? 'local';
  if (authSource === 'local' && !input.password) throw badRequest('a local account needs a password');
  // scrypt before the transaction: a store transaction must not wait on it
  const passwordHash = input.password ? await hashPassword(input.password) : NO_LOCAL_PASSWORD;
  const at = deps.now();
  return deps.store.transaction(async (tx) => {
    await checkTeam(tx, input.role, input.teamId);
    if (await tx.users.getByUsername(input.username)) throw conflict('that user name is taken');
    const user = await tx.users.create(
      {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        teamId: input.teamId,
        passwordHash,
        authSource,
        ...(input.email ? { email: input.email } : {}),
      },
      at,
    );
    await record(tx, actor, 'user.created', user, at, {
      displayName: user.displayName,
      role: user.role,
      teamId: user.teamId,
      authSource,
    });
    return user;
  });
}

export interface AccountChange {
  displayName?: string;
  role?: Role;
  teamId?: string | null;
  disabled?: boolean;
  /** a new local password (refused for directory accounts) */
  password?: string;
  email?: string | null;
}

/** the session ids ended by the change (disabled, or a new password) */
export async function changeAccount(
  deps: AccountsDeps,
  actor: Actor,
  userId: string,
  change: AccountChange,
): Promise<{ user: UserRecord; endedSessions: number }> {
  const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
  const at = deps.now();
  const { user, endSessions } = await deps.store.transaction(async (tx) => {
    const before = await tx.users.get(userId);
    if (!before) throw notFound('user');
    if (before.demo && !deps.demo)
      throw badRequest('demo accounts belong to the demo organisation: they are administered only in demo mode');
    if (passwordHash !== undefined && before.authSource === 'directory')
      throw badRequest('this account signs in with the directory: reset the password there, not here');
    const patch: UserPatch = {};
    const detail: Record<string, { from: unknown; to: unknown }> = {};
    const set = <K extends keyof UserPatch>(key: K, value: UserPatch[K] | undefined) => {
      if (value === undefined || value === before[key]) return;
      patch[key] = value;
      detail[key] = { from: before[key], to: value };
    };
    set('displayName', change.displayName);
    set('role', change.role);
    set('teamId', change.teamId);
    set('email', change.email);
    const disabling = change.disabled === true && before.disabledAt === null;
    const enabling = change.disabled === false && before.disabledAt !== null;
    if (disabling) patch.disabledAt = at;
    if (enabling) patch.disabledAt = null;
    if (passwordHash !== undefined) patch.passwordHash = passwordHash;

    const role = patch.role ?? before.role;
    const teamId = patch.teamId !== undefined ? patch.teamId : before.teamId;
    if ('role' in patch || 'teamId' in patch) await checkTeam(tx, role, teamId);
    // an office must keep one admin who can sign in: the last one is neither disabled nor demoted
    const losesAdmin = before.role === 'admin' && before.disabledAt === null && (disabling || role !== 'admin');
    if (losesAdmin && (await tx.users.countActiveAdmins()) <= 1)
      throw conflict('this is the last active admin: make another admin first');

    const user = Object.keys(patch).length ? await tx.users.update(userId, patch) : before;
    if (!user) throw notFound('user');
    if (Object.keys(detail).length) await record(tx, actor, 'user.updated', user, at, detail);
    if (disabling) await record(tx, actor, 'user.disabled', user, at);
    if (enabling) await record(tx, actor, 'user.enabled', user, at);
    if (passwordHash !== undefined) await record(tx, actor, 'user.password-reset', user, at);
    return { user, endSessions: disabling || passwordHash !== undefined };
  });
  let endedSessions = 0;
  if (endSessions) {
    const ended = await deps.store.sessions.revokeAllForUser(userId, deps.now());
    for (const id of ended) deps.closeSession?.(id);
    endedSessions = ended.length;
  }
  return { user, endedSessions };
}
