import {
  CreateTeamRequest,
  CreateUserRequest,
  ErrorBody,
  LoginRequest,
  LoginResponse,
  LogoutRequest,
  MeResponse,
  OkResponse,
  RefreshRequest,
  RefreshResponse,
  Team,
  TeamsResponse,
  User,
  UsersResponse,
} from '../../shared/office-api';
import { z } from 'zod';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/passwords';
import { RateLimiter } from '../auth/rate-limit';
import { hashToken, issueTokens } from '../auth/tokens';
import type { UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, conflict, forbidden, notFound, unauthorized } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { teamManagerIds } from '../services/access';
import { iso, toApiTeam, toApiUser } from '../services/views';

/** every sign-in attempt from one address, per minute */
export const LOGIN_ATTEMPTS_PER_IP_PER_MINUTE = 30;
/** failed sign-ins for one user name per 15 minutes before it is locked for the rest of the window */
export const LOGIN_FAILURES_PER_USER = 10;

const errors = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody };

async function teamOf(ctx: ServerContext, teamId: string | null) {
  if (teamId === null) return null;
  const team = await ctx.store.users.getTeam(teamId);
  return team ? toApiTeam(team, await teamManagerIds(ctx, team.id)) : null;
}

async function signIn(ctx: ServerContext, user: UserRecord) {
  const now = ctx.now();
  const tokens = issueTokens(now);
  await ctx.store.sessions.create(user.id, tokens.stored, now);
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: iso(tokens.stored.accessExpiresAt),
    refreshTokenExpiresAt: iso(tokens.stored.refreshExpiresAt),
    user: toApiUser(user),
  };
}

function limited(retryAfterMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, 'rate_limited', `too many sign-in attempts; try again in ${seconds} s`, undefined, {
    'retry-after': String(seconds),
  });
}

export function authRoutes(ctx: ServerContext): AnyRoute[] {
  const perIp = new RateLimiter(LOGIN_ATTEMPTS_PER_IP_PER_MINUTE, 60_000, ctx.now);
  const failures = new RateLimiter(LOGIN_FAILURES_PER_USER, 15 * 60_000, ctx.now);

  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      tag: 'auth',
      summary: 'Sign in with user name and password',
      auth: false,
      body: LoginRequest,
      responses: { 200: LoginResponse, ...errors },
      async handler({ body, request }) {
        const ip = perIp.hit(request.ip);
        if (!ip.allowed) throw limited(ip.retryAfterMs);
        const username = body.username.trim().toLowerCase();
        const locked = failures.check(username);
        if (!locked.allowed) throw limited(locked.retryAfterMs);
        const user = await ctx.store.users.getByUsername(username);
        const ok = user ? await verifyPassword(body.password, user.passwordHash) : (await burnPasswordCheck(body.password), false);
        if (!user || !ok) {
          failures.hit(username);
          throw unauthorized('wrong user name or password');
        }
        if (user.demo && !ctx.demo) {
          throw new ApiError(401, 'demo_only', 'demo accounts only work while the server runs in demo mode');
        }
        failures.reset(username);
        return { body: await signIn(ctx, user) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      tag: 'auth',
      summary: 'Swap a refresh token for new tokens (the old refresh token stops working)',
      auth: false,
      body: RefreshRequest,
      responses: { 200: RefreshResponse, ...errors },
      async handler({ body }) {
        const now = ctx.now();
        const tokens = issueTokens(now);
        const found = await ctx.store.sessions.rotateRefreshToken(hashToken(body.refreshToken), tokens.stored, now);
        if (!found) throw unauthorized('the refresh token is unknown, expired or revoked: sign in again');
        if (found.user.demo && !ctx.demo) throw new ApiError(401, 'demo_only', 'demo accounts only work in demo mode');
        return {
          body: {
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken,
            accessTokenExpiresAt: iso(tokens.stored.accessExpiresAt),
            refreshTokenExpiresAt: iso(tokens.stored.refreshExpiresAt),
            user: toApiUser(found.user),
          },
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/logout',
      tag: 'auth',
      summary: 'Sign out: revokes the session of the bearer token (or of the given refresh token)',
      auth: false,
      body: LogoutRequest.optional(),
      responses: { 200: OkResponse, ...errors },
      async handler({ body, request }) {
        const now = ctx.now();
        const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        let sessionId: string | null = null;
        if (header) sessionId = (await ctx.store.sessions.findByAccessToken(hashToken(header), now))?.sessionId ?? null;
        if (!sessionId && body?.refreshToken) {
          sessionId = await ctx.store.sessions.findByRefreshToken(hashToken(body.refreshToken), now);
        }
        if (!sessionId) throw unauthorized('nothing to sign out: the token is unknown, expired or already revoked');
        await ctx.store.sessions.revoke(sessionId, now);
        return { body: { ok: true } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/me',
      tag: 'users',
      summary: 'The signed-in user and their team',
      auth: true,
      responses: { 200: MeResponse, 401: ErrorBody },
      async handler({ user }) {
        return { body: { user: toApiUser(user), team: await teamOf(ctx, user.teamId) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/users',
      tag: 'users',
      summary: "Directory: your team's members (admins: everyone)",
      auth: true,
      responses: { 200: UsersResponse, 401: ErrorBody },
      async handler({ user }) {
        const users =
          user.role === 'admin' ? await ctx.store.users.list({}) : user.teamId ? await ctx.store.users.list({ teamId: user.teamId }) : [user];
        return { body: { items: users.map(toApiUser) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/users',
      tag: 'users',
      summary: 'Create an account (admin)',
      auth: true,
      roles: ['admin'],
      body: CreateUserRequest,
      responses: { 201: z.object({ user: User }), 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      async handler({ body }) {
        if (body.teamId !== null && !(await ctx.store.users.getTeam(body.teamId))) throw notFound('team');
        if (body.role !== 'admin' && body.teamId === null) throw new ApiError(400, 'validation_failed', 'workers and managers need a team');
        if (await ctx.store.users.getByUsername(body.username)) throw conflict('that user name is taken');
        const created = await ctx.store.users.create(
          {
            username: body.username,
            displayName: body.displayName,
            role: body.role,
            teamId: body.teamId,
            passwordHash: await hashPassword(body.password),
          },
          ctx.now(),
        );
        return { status: 201, body: { user: toApiUser(created) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/teams',
      tag: 'users',
      summary: 'Teams: your own (admins: all)',
      auth: true,
      responses: { 200: TeamsResponse, 401: ErrorBody },
      async handler({ user }) {
        const teams = user.role === 'admin' ? await ctx.store.users.listTeams() : [];
        if (user.role !== 'admin' && user.teamId) {
          const t = await ctx.store.users.getTeam(user.teamId);
          if (t) teams.push(t);
        }
        return { body: { items: await Promise.all(teams.map(async (t) => toApiTeam(t, await teamManagerIds(ctx, t.id)))) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/teams',
      tag: 'users',
      summary: 'Create a team (admin)',
      auth: true,
      roles: ['admin'],
      body: CreateTeamRequest,
      responses: { 201: z.object({ team: Team }), 403: ErrorBody },
      async handler({ body, user }) {
        if (user.role !== 'admin') throw forbidden('admins only');
        const team = await ctx.store.users.createTeam(body.name, ctx.now());
        return { status: 201, body: { team: toApiTeam(team, []) } };
      },
    }),
  ];
}
