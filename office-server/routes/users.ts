// The directory: the signed-in user, accounts and teams (creating them is for admins).
import { z } from 'zod';
import {
  CreateTeamRequest,
  CreateUserRequest,
  ErrorBody,
  MeResponse,
  Team,
  TeamsResponse,
  User,
  UsersResponse,
} from '../../shared/office-api';
import type { ServerContext } from '../context';
import { forbidden } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { createAccount } from '../services/accounts';
import { teamManagerIds } from '../services/access';
import { accountsDeps } from './admin';
import { toApiTeam, toApiUser } from '../services/views';

async function teamOf(ctx: ServerContext, teamId: string | null) {
  if (teamId === null) return null;
  const team = await ctx.store.users.getTeam(teamId);
  return team ? toApiTeam(team, await teamManagerIds(ctx, team.id)) : null;
}

export function userRoutes(ctx: ServerContext): AnyRoute[] {
  return [
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
          user.role === 'admin'
            ? await ctx.store.users.list({})
            : user.teamId
              ? await ctx.store.users.list({ teamId: user.teamId })
              : [user];
        return { body: { items: users.map(toApiUser) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/users',
      tag: 'users',
      summary: 'Create an account (admin; the same as POST /api/v1/admin/users, answered with the plain user)',
      auth: true,
      roles: ['admin'],
      body: CreateUserRequest,
      responses: { 201: z.object({ user: User }), 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      async handler({ body, user }) {
        const created = await createAccount(accountsDeps(ctx), user.id, body);
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
        return {
          body: { items: await Promise.all(teams.map(async (t) => toApiTeam(t, await teamManagerIds(ctx, t.id)))) },
        };
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
        const team = await ctx.store.users.createTeam(body.name, ctx.now(), body.supportLevel ?? 'L1');
        return { status: 201, body: { team: toApiTeam(team, []) } };
      },
    }),
  ];
}
