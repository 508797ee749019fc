// Presence and work location of the team. Connecting and disconnecting sockets change it too
// (services/presence.ts, called by the event hub).
import { ErrorBody, PresenceListResponse, PresenceResponse, SetPresenceRequest } from '../../shared/office-api';
import type { ServerContext } from '../context';
import { defineRoute, type AnyRoute } from '../http/route';
import { teamMembers } from '../services/access';
import { getPresence, setPresence } from '../services/presence';
import { toApiPresence } from '../services/views';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export function presenceRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/presence',
      tag: 'presence',
      summary: 'Presence and work location of your team',
      auth: true,
      responses: { 200: PresenceListResponse, 401: ErrorBody },
      async handler({ user }) {
        const members = user.teamId ? await teamMembers(ctx, user.teamId) : [user];
        const items = await Promise.all(members.map(async (m) => toApiPresence(await getPresence(ctx, m.id))));
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/presence',
      tag: 'presence',
      summary: 'Set your status, work location and status text; your team sees it live',
      auth: true,
      body: SetPresenceRequest,
      responses: { 200: PresenceResponse, ...errors },
      async handler({ user, body }) {
        return { body: { presence: toApiPresence(await setPresence(ctx, user, body)) } };
      },
    }),
  ];
}
