// Sign-in, token refresh and sign-out. Accounts and teams themselves are routes/users.ts.
import {
  ErrorBody,
  LoginRequest,
  LoginResponse,
  LogoutRequest,
  OkResponse,
  RefreshRequest,
  RefreshResponse,
} from '../../shared/office-api';
import { burnPasswordCheck, verifyPassword } from '../auth/passwords';
import { SignInThrottle } from '../auth/sign-in-throttle';
import { hashToken, issueTokens } from '../auth/tokens';
import type { UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, unauthorized } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { signInWithDirectory } from '../services/directory-accounts';
import { iso, toApiUser } from '../services/views';
import { accountsDeps } from './admin';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 503: ErrorBody };

async function signIn(ctx: ServerContext, user: UserRecord) {
  const now = ctx.now();
  const tokens = issueTokens(now, ctx.auth.tokenTtl);
  await ctx.store.sessions.create(user.id, tokens.stored, now);
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: iso(tokens.stored.accessExpiresAt),
    refreshTokenExpiresAt: iso(tokens.stored.refreshExpiresAt),
    user: toApiUser(user),
  };
}

const accountDisabled = () => new ApiError(401, 'account_disabled', 'this account is disabled: ask your administrator');

function limited(retryAfterMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, 'rate_limited', `too many sign-in attempts; try again in ${seconds} s`, undefined, {
    'retry-after': String(seconds),
  });
}

export function authRoutes(ctx: ServerContext): AnyRoute[] {
  const throttle = new SignInThrottle(
    ctx.auth.signInThrottle,
    ctx.now,
    ctx.log,
    ctx.store.signInFailures,
    ctx.metrics?.signInDecision,
  );
  const deps = accountsDeps(ctx);

  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      tag: 'auth',
      summary:
        'Sign in with user name and password (a local account, or the directory when one is configured: 503 when it cannot be reached)',
      auth: false,
      body: LoginRequest,
      responses: { 200: LoginResponse, ...errors },
      async handler({ body, request }) {
        const address = request.ip;
        const username = body.username.trim().toLowerCase();
        const user = await ctx.store.users.getByUsername(username);
        const known =
          user !== null &&
          (await ctx.store.sessions.knowsSignInAddress(user.id, address, ctx.now() - throttle.policy.knownAddressMs));
        // decided before the password is checked: a throttled guess learns nothing and costs no scrypt
        const decision = await throttle.check(username, address, known);
        if (!decision.allowed) throw limited(decision.retryAfterMs);
        if (ctx.directory && (user === null || user.authSource === 'directory')) {
          // a local account of the same name wins: the office's own admin signs in when the directory is down
          const r = await signInWithDirectory(ctx, ctx.directory, deps, user, username, body.password);
          if (!r.ok) {
            if (r.guess) await throttle.failed(username, address);
            throw r.error;
          }
          await throttle.succeeded(username, address);
          await ctx.store.sessions.rememberSignInAddress(r.user.id, address, ctx.now());
          return { body: await signIn(ctx, r.user) };
        }
        const ok = user
          ? await verifyPassword(body.password, user.passwordHash)
          : (await burnPasswordCheck(body.password), false);
        if (!user || !ok) {
          await throttle.failed(username, address);
          throw unauthorized('wrong user name or password');
        }
        if (user.demo && !ctx.demo) {
          throw new ApiError(401, 'demo_only', 'demo accounts only work while the server runs in demo mode');
        }
        // told only to whoever knows the password: a guesser learns nothing about the account
        if (user.disabledAt !== null) throw accountDisabled();
        await throttle.succeeded(username, address);
        await ctx.store.sessions.rememberSignInAddress(user.id, address, ctx.now());
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
      async handler({ body, request }) {
        const now = ctx.now();
        const tokens = issueTokens(now, ctx.auth.tokenTtl);
        const outcome = await ctx.store.sessions.rotateRefreshToken(hashToken(body.refreshToken), tokens.stored, now);
        if (outcome.state === 'unknown')
          throw unauthorized('the refresh token is unknown, expired or revoked: sign in again');
        if (outcome.state === 'reused') {
          // RFC 9700 4.14.2: a rotated token came back, so two parties hold the family; the store has
          // revoked it (every refresh and access token), and its sockets go now
          const sockets = ctx.hub.closeSession(outcome.sessionId);
          ctx.log.warn(
            { sessionId: outcome.sessionId, userId: outcome.userId, address: request.ip, socketsClosed: sockets },
            'refresh token reuse: session family ended',
          );
          throw unauthorized('this refresh token was already used, so the sign-in was ended for safety: sign in again');
        }
        const found = outcome.session;
        if (found.user.demo && !ctx.demo) throw new ApiError(401, 'demo_only', 'demo accounts only work in demo mode');
        if (found.user.disabledAt !== null) {
          await ctx.store.sessions.revoke(found.sessionId, now);
          throw accountDisabled();
        }
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
        // the event stream must not outlive the sign-out
        ctx.hub.closeSession(sessionId);
        return { body: { ok: true } };
      },
    }),
  ];
}
