// A directory sign-in becomes a local account record: created at the first sign-in, and its name,
// mail, role and team brought in line with the directory at every sign-in (each change recorded in
// account_events by the actor 'directory'). An account an admin disabled here stays disabled.
import type { Directory } from '../auth/directory';
import type { ServerContext } from '../context';
import type { UserRecord } from '../data/store';
import { ApiError, forbidden, unauthorized } from '../http/errors';
import { changeAccount, createAccount, type AccountsDeps } from './accounts';

export type DirectorySignIn =
  | { ok: true; user: UserRecord }
  /** counts as a failed guess for the sign-in throttle */
  | { ok: false; error: ApiError; guess: boolean };

export async function signInWithDirectory(
  ctx: ServerContext,
  directory: Directory,
  deps: AccountsDeps,
  existing: UserRecord | null,
  username: string,
  password: string,
): Promise<DirectorySignIn> {
  const outcome = await directory.authenticate(username, password);
  switch (outcome.state) {
    case 'unavailable':
      ctx.log.warn({ directory: directory.url, username, reason: outcome.message }, 'directory sign-in failed');
      return {
        ok: false,
        guess: false,
        error: new ApiError(
          503,
          'directory_unavailable',
          `the directory (${directory.url}) cannot be reached: ${outcome.message}. Local accounts can still sign in.`,
        ),
      };
    case 'rejected':
      if (outcome.reason === 'ambiguous')
        ctx.log.warn({ username }, 'directory sign-in: the user filter matches more than one entry');
      return { ok: false, guess: true, error: unauthorized('wrong user name or password') };
    case 'disabled':
      return {
        ok: false,
        guess: false,
        error: new ApiError(401, 'account_disabled', 'this account is disabled in the directory: ask your IT'),
      };
    case 'ok':
      break;
  }
  const person = outcome.person;
  if (!person.role)
    return {
      ok: false,
      guess: false,
      error: forbidden('your directory account is in none of the groups that give access to Teleworker: ask your IT'),
    };
  let teamId: string | null = null;
  if (person.team) {
    teamId =
      (await ctx.store.users.getTeamByName(person.team))?.id ??
      (await ctx.store.users.createTeam(person.team, ctx.now())).id;
  }
  if (person.role !== 'admin' && teamId === null)
    return {
      ok: false,
      guess: false,
      error: forbidden('your directory groups give a role but no team: ask your IT to add you to a team group'),
    };
  const displayName = person.displayName ?? username;
  if (!existing) {
    const user = await createAccount(deps, 'directory', {
      username,
      displayName,
      role: person.role,
      teamId,
      authSource: 'directory',
      email: person.email,
    });
    return { ok: true, user };
  }
  if (existing.disabledAt !== null)
    return {
      ok: false,
      guess: false,
      error: new ApiError(401, 'account_disabled', 'this account is disabled: ask your administrator'),
    };
  const { user } = await changeAccount(deps, 'directory', existing.id, {
    displayName,
    role: person.role,
    teamId,
    email: person.email,
  });
  return { ok: true, user };
}
