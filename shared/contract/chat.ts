import { z } from 'zod';
import { plainText } from '../office-api/text';
import { ChannelId } from '../office-api/chat';
import { defineArea } from './define';

/** One conversation: the team channel or a direct-message channel with one colleague. */
export const ConversationSchema = z.object({
  id: ChannelId,
  kind: z.enum(['team', 'dm']),
  name: z.string(),
  memberIds: z.array(z.string()),
  /** the colleague of a direct-message channel */
  otherUserId: z.string().nullable(),
  /** messages from others after my read marker */
  unread: z.number().int().nonnegative(),
  lastMessage: z.object({ senderId: z.string(), body: z.string(), createdAt: z.iso.datetime() }).nullable(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/** A message as the conversation shows it: from the office, or mine still waiting in the outbox. */
export const ChatLineSchema = z.object({
  /** orders lines in a conversation: the office's sort key, or `~pending/<createdAt>/<outboxId>` for mine in the outbox */
  key: z.string(),
  channelId: ChannelId,
  senderId: z.string(),
  clientId: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  /** sent: the office has it; pending: queued (offline, or being sent); failed: the office refused it */
  state: z.enum(['sent', 'pending', 'failed']),
  /** the outbox item of a pending or failed line (for retry and discard) */
  outboxId: z.string().nullable(),
  /** the office's reason for a failed line: its words and code */
  error: z.object({ code: z.string().nullable(), message: z.string() }).nullable(),
});
export type ChatLine = z.infer<typeof ChatLineSchema>;

const Channel = z.strictObject({ channelId: ChannelId });
const OutboxRef = z.strictObject({ outboxId: z.string().min(1).max(100) });

export const chat = defineArea({
  invoke: {
    conversations: { request: z.undefined(), response: z.object({ items: z.array(ConversationSchema) }) },
    /** A page of a conversation, oldest first; `before` (a line's key) pages towards older messages. */
    messages: {
      request: z.strictObject({
        channelId: ChannelId,
        before: plainText().max(300).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      }),
      response: z.object({
        items: z.array(ChatLineSchema),
        /** more older messages exist (in the cache or at the office) */
        hasOlder: z.boolean(),
        /** the key of the last message I had read when this page was read (the "new messages" divider) */
        lastReadKey: z.string().nullable(),
      }),
    },
    /** My messages still in the outbox (pending or failed), every conversation. */
    pending: { request: z.undefined(), response: z.object({ items: z.array(ChatLineSchema) }) },
    /** Queued in the outbox first: works offline, shown as pending, sent in order, never twice. */
    send: {
      request: z.strictObject({ channelId: ChannelId, body: plainText().trim().min(1).max(10_000) }),
      response: ChatLineSchema,
    },
    markRead: { request: Channel, response: z.null() },
    /** The conversation on screen in a focused window (null: none): its messages do not notify. */
    viewing: { request: z.strictObject({ channelId: ChannelId.nullable() }), response: z.null() },
    retry: { request: OutboxRef, response: z.null() },
    discard: { request: OutboxRef, response: z.null() },
  },
  events: {
    /** a message arrived from the office (mine included, once the office has it) */
    message: ChatLineSchema,
    /** unread counts or last messages changed */
    conversationsChanged: z.object({ items: z.array(ConversationSchema) }),
    /** my queued messages changed (queued, sent, refused, discarded) */
    pendingChanged: z.object({ items: z.array(ChatLineSchema) }),
  },
});
