// Team and direct-message chat over HTTP; the WebSocket's chat.send frame shares services/chat.ts.
import { z } from 'zod';
import {
  ChannelId,
  ChannelsResponse,
  ErrorBody,
  MessagesQuery,
  MessagesResponse,
  PostMessageRequest,
  PostMessageResponse,
} from '../../shared/office-api';
import type { ServerContext } from '../context';
import { decodeCursor, pageOf } from '../http/cursor';
import { defineRoute, type AnyRoute } from '../http/route';
import { channelMembers, listChannels, postMessage } from '../services/chat';
import { toApiMessage } from '../services/views';

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
  ];
}
