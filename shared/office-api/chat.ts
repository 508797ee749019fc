import { z } from 'zod';
import { plainText } from './text';
import { Cursor, Id, IsoDateTime, Limit, page } from './common';

/** `team:<teamId>` for a team channel, `dm:<userId>:<userId>` (ids sorted) for direct messages */
export const ChannelId = z
  .string()
  .min(1)
  .max(140)
  .regex(/^(team:[A-Za-z0-9_-]+|dm:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+)$/);
export type ChannelId = z.infer<typeof ChannelId>;

export function teamChannelId(teamId: string): string {
  return `team:${teamId}`;
}
export function dmChannelId(a: string, b: string): string {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

export const Channel = z.object({
  id: ChannelId,
  kind: z.enum(['team', 'dm']),
  name: z.string(),
  memberIds: z.array(Id),
});
export type Channel = z.infer<typeof Channel>;
export const ChannelsResponse = z.object({ items: z.array(Channel) });
export type ChannelsResponse = z.infer<typeof ChannelsResponse>;

/** made by the client, unique per sender: a resend after a dropped connection is not a duplicate */
export const ClientMessageId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/);

export const ChatMessage = z.object({
  id: Id,
  channelId: ChannelId,
  senderId: Id,
  clientId: z.string(),
  body: z.string(),
  createdAt: IsoDateTime,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const PostMessageRequest = z.strictObject({
  channelId: ChannelId,
  body: plainText().min(1).max(10_000),
  clientId: ClientMessageId,
});
export type PostMessageRequest = z.infer<typeof PostMessageRequest>;

export const PostMessageResponse = z.object({
  message: ChatMessage,
  /** false when this clientId had already been stored: nothing new was posted */
  created: z.boolean(),
});
export type PostMessageResponse = z.infer<typeof PostMessageResponse>;

export const MessagesQuery = z.strictObject({
  limit: Limit.default(50),
  /** newest first: `next` pages towards older messages */
  cursor: Cursor.optional(),
});
export type MessagesQuery = z.input<typeof MessagesQuery>;
export const MessagesResponse = page(ChatMessage);
export type MessagesResponse = z.infer<typeof MessagesResponse>;
