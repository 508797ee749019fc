import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PostMessageRequest } from '../../../shared/office-api';
import { PostMessageRequest as PostMessageSchema } from '../../../shared/office-api';
import { defineCommand } from '../outbox/command';

/** A chat message: one queue per conversation keeps the order; the client id makes a resend harmless. */
export const postChatMessage = defineCommand({
  kind: 'chat-message',
  method: 'POST',
  params: z.object({}),
  body: PostMessageSchema,
  path: () => '/chat/messages',
  queue: (_params, body) => `chat:${body.channelId}`,
});

/** A new message's body, with its client id made once, when the user sends it. */
export const newChatMessage = (channelId: string, body: string): PostMessageRequest => ({
  channelId,
  body,
  clientId: randomUUID(),
});
