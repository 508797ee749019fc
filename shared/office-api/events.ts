// The live event stream, WebSocket /api/v1/events.
//
// Every event a user may see gets an id that only grows (one sequence for the whole server, so a
// user's ids increase but are not contiguous). The client remembers the last id it processed and
// resumes with `?since=<id>`, `{ type: 'auth', token, since }` or `{ type: 'resume', since }`;
// the server then replays what was missed before sending live events. When the history since that
// id is gone, it sends `resync` and the client refetches over HTTP.
import { z } from 'zod';
import { plainText } from './text';
import { DateOnly, Id, IsoDateTime } from './common';
import { ChatMessage } from './chat';
import { Presence } from './presence';
import { Summary } from './summaries';
import { Comment, Ticket } from './tickets';
import { User } from './users';
import { WorkState } from './work-state';

export const EVENTS_SUBPROTOCOL = 'teleworker.v1';
/** `Sec-WebSocket-Protocol: teleworker.v1, bearer.<accessToken>` (browsers cannot set headers) */
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';

export const OfficeEvent = z.discriminatedUnion('type', [
  /** the ticket was assigned to you */
  z.object({ type: z.literal('ticket.assigned'), ticket: Ticket }),
  /** the ticket is no longer yours */
  z.object({ type: z.literal('ticket.unassigned'), ticketId: Id }),
  /** created, status, escalation, assignment (for managers), priority */
  z.object({ type: z.literal('ticket.updated'), ticket: Ticket, change: z.string() }),
  z.object({ type: z.literal('ticket.commented'), ticket: Ticket, comment: Comment }),
  z.object({ type: z.literal('chat.message'), message: ChatMessage }),
  z.object({ type: z.literal('presence.changed'), presence: Presence }),
  z.object({ type: z.literal('summary.created'), summary: Summary }),
  /** the author's manager acknowledged a summary (to the author and the team's managers) */
  z.object({ type: z.literal('summary.acknowledged'), summary: Summary }),
  /** a team member's timer changed (managers of their team only) */
  z.object({ type: z.literal('work.changed'), state: WorkState }),
  /**
   * desks of that floor were booked, cancelled, checked in or released that day: ask for the plan
   * again (it says only where; who sits where stays with the plan, which hides it unless shared)
   */
  z.object({ type: z.literal('desks.changed'), floorId: Id, day: DateOnly }),
  /** a desk was freed on a floor and day you wait for, and you are first: book it (anyone still may) */
  z.object({
    type: z.literal('desks.offered'),
    floorId: Id,
    day: DateOnly,
    desk: z.object({ id: Id, label: z.string() }),
    until: IsoDateTime,
  }),
]);
export type OfficeEvent = z.infer<typeof OfficeEvent>;

export const EventSince = z.coerce.number().int().min(0);

export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(256), since: EventSince.optional() }),
  z.strictObject({ type: z.literal('resume'), since: EventSince }),
  z.strictObject({ type: z.literal('ping'), nonce: plainText().max(100).optional() }),
  /** send a chat message over the socket; answered by `chat.ack` (or `error` with the same clientId) */
  z.strictObject({
    type: z.literal('chat.send'),
    channelId: z.string().min(1).max(140),
    body: plainText().min(1).max(10_000),
    clientId: z.string().min(1).max(100),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  /** after authentication; `lastEventId` is the newest id the server holds for you */
  z.object({ type: z.literal('ready'), user: User, lastEventId: z.number().int() }),
  z.object({ type: z.literal('event'), id: z.number().int(), at: IsoDateTime, event: OfficeEvent }),
  /** replay after `since` is complete; live events follow */
  z.object({ type: z.literal('resumed'), since: z.number().int(), replayed: z.number().int() }),
  /** the history since that id is gone: refetch tickets, chat and presence over HTTP */
  z.object({ type: z.literal('resync'), reason: z.string() }),
  z.object({ type: z.literal('pong'), nonce: z.string().optional() }),
  z.object({ type: z.literal('chat.ack'), clientId: z.string(), message: ChatMessage, created: z.boolean() }),
  z.object({
    type: z.literal('error'),
    error: z.object({ code: z.string(), message: z.string() }),
    clientId: z.string().optional(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** WebSocket close codes the server uses */
export const EVENTS_CLOSE = {
  unauthorized: 4401,
  authTimeout: 4408,
  slowConsumer: 4429,
  shutdown: 1001,
} as const;
