// Account administration, admins only: every account with its state, changes (role, team, name,
// disabled), password resets, and the append-only record of account changes.
import {
  AccountEventsQuery,
  AccountEventsResponse,
  AdminUserResponse,
  AdminUsersResponse,
  CreateUserRequest,
  ErrorBody,
  Id,
  ResetPasswordRequest,
  UpdateUserRequest,
  type AdminUser,
} from '../../shared/office-api';
import { z } from 'zod';
import type { ServerContext } from '../context';
import type { AccountEventRecord, UserRecord } from '../data/store';
import { defineRoute, type AnyRoute } from '../http/route';
import { changeAccount, createAccount, type AccountsDeps } from '../services/accounts';
import { iso, toApiUser } from '../services/views';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const UserParams = z.object({ id: Id });

export const toAdminUser = (u: UserRecord): AdminUser => ({
  ...toApiUser(u),
  disabled: u.disabledAt !== null,
  authSource: u.authSource,
  createdAt: iso(u.createdAt),
});

const toApiAccountEvent = (e: AccountEventRecord) => ({
  seq: e.seq,
  at: iso(e.at),
  actor: e.actor,
  action: e.action,
  userId: e.userId,
  detail: JSON.parse(e.detail) as Record<string, unknown>,
});

export function accountsDeps(ctx: ServerContext): AccountsDeps {
  return { store: ctx.store, now: ctx.now, demo: ctx.demo, closeSession: (id) => ctx.hub.closeSession(id) };
}

export function adminRoutes(ctx: ServerContext): AnyRoute[] {
  const deps = accountsDeps(ctx);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/admin/users',
      tag: 'admin',
      summary: 'Every account with its state (admin)',
      auth: true,
      roles: ['admin'],
      responses: { 200: AdminUsersResponse, ...errors },
      async handler() {
        const users = await ctx.store.users.list({});
        // the demo organisation only exists for the demo: a real office administers its own people
        return { body: { items: users.filter((u) => !u.demo || ctx.demo).map(toAdminUser) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/users',
      tag: 'admin',
      summary: 'Create a local account (admin)',
      auth: true,
      roles: ['admin'],
      body: CreateUserRequest,
      responses: { 201: AdminUserResponse, ...errors },
      async handler({ body, user }) {
        const created = await createAccount(deps, user.id, body);
        return { status: 201, body: { user: toAdminUser(created) } };
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/admin/users/:id',
      tag: 'admin',
      summary:
        'Change an account: name, role, team, disabled (admin). Disabling ends its sessions and event sockets; ' +
        'the last active admin can be neither disabled nor demoted.',
      auth: true,
      roles: ['admin'],
      params: UserParams,
      body: UpdateUserRequest,
      responses: { 200: AdminUserResponse, ...errors },
      async handler({ body, params, user }) {
        const { user: changed, endedSessions } = await changeAccount(deps, user.id, params.id, body);
        if (endedSessions) ctx.log.info({ userId: changed.id, by: user.id, endedSessions }, 'account sessions ended');
        return { body: { user: toAdminUser(changed) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/admin/users/:id/password',
      tag: 'admin',
      summary: "Set a local account's password (admin); its sessions end. Directory accounts are refused.",
      auth: true,
      roles: ['admin'],
      params: UserParams,
      body: ResetPasswordRequest,
      responses: { 200: AdminUserResponse, ...errors },
      async handler({ body, params, user }) {
        const { user: changed } = await changeAccount(deps, user.id, params.id, { password: body.password });
        return { body: { user: toAdminUser(changed) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/admin/account-events',
      tag: 'admin',
      summary: 'Every change made to accounts, newest first (admin); page with ?before=<next>',
      auth: true,
      roles: ['admin'],
      query: AccountEventsQuery,
      responses: { 200: AccountEventsResponse, ...errors },
      async handler({ query }) {
        const items = await ctx.store.accountEvents.list({
          ...(query.userId ? { userId: query.userId } : {}),
          ...(query.before ? { beforeSeq: query.before } : {}),
          limit: query.limit,
        });
        const last = items.at(-1);
        return {
          body: {
            items: items.map(toApiAccountEvent),
            next: items.length === query.limit && last ? last.seq : null,
          },
        };
      },
    }),
  ];
}
