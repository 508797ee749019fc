import { z } from 'zod';
import {
  ChannelId,
  ChannelsResponse,
  ErrorBody,
  MessagesQuery,
  MessagesResponse,
  PostMessageRequest,
  PostMessageResponse,
  PresenceListResponse,
  PresenceResponse,
  SetPresenceRequest,
} from '../../shared/office-api';
import type { ServerContext } from '../context';
import { decodeCursor, pageOf } from '../http/cursor';
import { defineRoute, type AnyRoute } from '../http/route';
import { teamMembers } from '../services/access';
import { channelMembers, listChannels, postMessage } from '../services/chat';
import { getPresence, setPresence } from '../services/presence';
import { toApiMessage, toApiPresence } from '../services/views';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export function chatRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/chat/channels',
      tag: 'chat',
      summary: 'Your team channel and a direct-message channel with each teammate',
      auth: true,
      responses: { 200: ChannelsResponse, 401: ErrorBody },
      async handler({ user }) {
        return { body: { items: await listChannels(ctx, user) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/chat/channels/:channelId/messages',
      tag: 'chat',
      summary: 'Channel history, newest first; `next` pages towards older messages',
      auth: true,
      params: z.strictObject({ channelId: ChannelId }),
      query: MessagesQuery,
      responses: { 200: MessagesResponse, ...errors },
      async handler({ user, params, query }) {
        await channelMembers(ctx, user, params.channelId);
        const rows = await ctx.store.chat.listMessages(params.channelId, {
          beforeSeq: decodeCursor(query.cursor),
          limit: query.limit + 1,
        });
        const page = pageOf(rows, query.limit);
        return { body: { items: page.rows.map(toApiMessage), next: page.next } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/chat/messages',
      tag: 'chat',
      summary: 'Post a message; a resend with the same clientId returns the stored message (200, created: false)',
      auth: true,
      body: PostMessageRequest,
      responses: { 201: PostMessageResponse, 200: PostMessageResponse, ...errors },
      async handler({ user, body }) {
        const r = await postMessage(ctx, user, body);
        return { status: r.created ? 201 : 200, body: r };
      },
    }),
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
