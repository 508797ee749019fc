// The inbox: the tickets the office last sent, read from the local cache (so it works offline),
// with the user's queued changes laid over them, search from the local index, saved views, and
// the ticket actions (queued in the outbox; shown as pending until the office has them).
import { z } from 'zod';
import { plainText } from '../office-api/text';
import { PRIORITIES, SLA_BUCKETS } from '../domain/sla';
import { ESCALATION_LEVELS, TICKET_STATUSES } from '../domain/tickets';
import { CreateTicketRequest, HistoryEntry } from '../office-api/tickets';
import { SlaCalendarSchema } from '../office-api/sla';
import { defineArea } from './define';

const TicketId = z.string().min(1).max(100);
const Epoch = z.number().int();

/** One change of mine to this ticket, waiting in the outbox or refused by the office. */
export const TicketChangeSchema = z.object({
  itemId: z.string(),
  kind: z.enum([
    'ticket-status',
    'ticket-comment',
    'ticket-escalation',
    'ticket-assignment',
    'ticket-take',
    'ticket-hand-back',
  ]),
  state: z.enum(['pending', 'failed']),
  /** the new status, the new level or the comment's first words */
  summary: z.string(),
  /** the office's code when it refused it ('conflict': the ticket changed meanwhile) */
  code: z.string().nullable(),
  message: z.string().nullable(),
});
export type TicketChange = z.infer<typeof TicketChangeSchema>;

/** A ticket as the list shows it: epoch ms so the SLA clock runs in the renderer with the shared function. */
export const TicketRowSchema = z.object({
  id: TicketId,
  title: z.string(),
  requester: z.string(),
  priority: z.enum(PRIORITIES),
  /** with my queued status change laid over it */
  status: z.enum(TICKET_STATUSES),
  escalationLevel: z.enum(ESCALATION_LEVELS),
  assigneeId: z.string().nullable(),
  createdAt: Epoch,
  updatedAt: Epoch,
  respondedAt: Epoch.nullable(),
  resolvedAt: Epoch.nullable(),
  pausedMs: Epoch,
  pausedSince: Epoch.nullable(),
  version: z.number().int(),
  /** the SLA calendar version the ticket's clocks run on (Inbox.calendars); null: round the clock */
  calendarId: z.string().nullable().optional(),
  /**
   * who escalated it into another team's queue (null or absent: it never left its team, or came
   * back): mine → I follow it read-only ("Escalated by me"); someone else's and unassigned → it waits
   * in my team's queue for one of us to take it
   */
  escalatedBy: z.string().nullable().optional(),
  /** who first escalated it out of its team when it went on further (L1 → L2 → L3): mine → I still follow it */
  firstEscalatedBy: z.string().nullable().optional(),
  /** my changes not yet accepted by the office */
  pending: z.number().int().nonnegative(),
  /** a change of mine the office refused (a conflict, an illegal move) */
  failed: TicketChangeSchema.nullable(),
});
export type TicketRow = z.infer<typeof TicketRowSchema>;

export const PersonSchema = z.object({ id: z.string(), name: z.string() });
export type Person = z.infer<typeof PersonSchema>;

/** A ticket a manager created while the office was out of reach: it has no number until the office gives it one. */
export const NewTicketSchema = z.object({
  /** the outbox item that carries it (sync.retry / sync.discard take this id) */
  itemId: z.string(),
  title: z.string(),
  priority: z.enum(PRIORITIES),
  assigneeId: z.string().nullable(),
  state: z.enum(['pending', 'failed']),
  /** why the office refused it (failed only) */
  code: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: Epoch,
});
export type NewTicket = z.infer<typeof NewTicketSchema>;

export const CreateTicketResultSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('created'), row: TicketRowSchema }),
  z.object({ state: z.literal('queued'), ticket: NewTicketSchema }),
]);
export type CreateTicketResult = z.infer<typeof CreateTicketResultSchema>;

export const InboxSchema = z.object({
  rows: z.array(TicketRowSchema),
  /** tickets I created offline, waiting for the office */
  creating: z.array(NewTicketSchema),
  me: z.string().nullable(),
  manager: z.boolean(),
  people: z.array(PersonSchema),
  /** when the office last sent the list (null: never, the cache is empty) */
  syncedAt: Epoch.nullable(),
  /** false when only the first rows were asked for (my open tickets due soonest) */
  complete: z.boolean(),
  /** the SLA calendars the rows name, by id (kept offline with the tickets) */
  calendars: z.record(z.string(), SlaCalendarSchema).optional(),
});
export type Inbox = z.infer<typeof InboxSchema>;

export const TicketEntrySchema = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  /** 'system': a status change, an escalation (the history) */
  kind: z.enum(['comment', 'system']),
  body: z.string(),
  createdAt: Epoch,
  /** a history line's content as data, worded by the renderer (absent: its body is shown, translated where known) */
  history: HistoryEntry.optional(),
});

export const TicketDetailSchema = z.object({
  row: TicketRowSchema,
  description: z.string(),
  createdBy: z.string(),
  entries: z.array(TicketEntrySchema),
  changes: z.array(TicketChangeSchema),
  /** when the comments were last fetched from the office (null: never; offline shows the cache) */
  entriesAt: Epoch.nullable(),
});
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export const INBOX_SCOPES = ['mine', 'team', 'unassigned', 'queue', 'escalated'] as const;
export const TicketFilterSchema = z.object({
  scope: z.enum(INBOX_SCOPES),
  status: z.array(z.enum(TICKET_STATUSES)).max(10).optional(),
  priority: z.array(z.enum(PRIORITIES)).max(10).optional(),
  risk: z.array(z.enum(SLA_BUCKETS)).max(10).optional(),
  level: z.array(z.enum(ESCALATION_LEVELS)).max(10).optional(),
  assigneeId: z.string().max(100).optional(),
});
export type TicketFilter = z.infer<typeof TicketFilterSchema>;

export const SavedViewSchema = z.object({ name: plainText().min(1).max(60), filter: TicketFilterSchema });
export type SavedView = z.infer<typeof SavedViewSchema>;

export const TicketActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('status'),
    to: z.enum(TICKET_STATUSES),
    note: plainText().min(1).max(20_000).optional(),
  }),
  z.strictObject({
    type: z.literal('escalate'),
    level: z.enum(['L2', 'L3']),
    reason: plainText().min(1).max(5_000),
    /** the team whose queue gets it (escalationTeams); absent: the office's default one for that level */
    teamId: z.string().min(1).max(100).optional(),
  }),
  /** from my team's queue: the ticket becomes mine */
  z.strictObject({ type: z.literal('take') }),
  /** back to the team it was escalated from, with a note */
  z.strictObject({ type: z.literal('hand-back'), note: plainText().min(1).max(20_000) }),
  z.strictObject({ type: z.literal('comment'), body: plainText().min(1).max(20_000) }),
]);
export type TicketAction = z.infer<typeof TicketActionSchema>;

export const EscalationTeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  supportLevel: z.enum(ESCALATION_LEVELS),
  default: z.boolean(),
});
export type EscalationTeam = z.infer<typeof EscalationTeamSchema>;

/** one entry of a ticket's audit trail, as a manager reads it in the ticket */
export const AuditLineSchema = z.object({
  seq: z.number().int(),
  at: Epoch,
  /** the wall time in the team calendar's zone, as the office wrote it */
  atLocal: z.string(),
  timeZone: z.string(),
  actorName: z.string(),
  network: z.enum(['office-lan', 'vpn', 'other', 'unknown']),
  action: z.string(),
});
export type AuditLine = z.infer<typeof AuditLineSchema>;

export const tickets = defineArea({
  invoke: {
    /** every ticket in the cache (mine; a manager's team), with my queued changes; `first`: only my open ones due soonest, to show something at once */
    list: { request: z.strictObject({ first: z.number().int().min(1).max(1_000) }).optional(), response: InboxSchema },
    /** one ticket with its comments and history (from the cache; refreshed from the office in the background) */
    get: { request: z.strictObject({ id: TicketId }), response: TicketDetailSchema.nullable() },
    /** number, title, description and comments, from the local index (works offline) */
    search: {
      request: z.strictObject({ query: plainText().max(200) }),
      response: z.object({ ids: z.array(z.string()) }),
    },
    /** queued in the outbox: works offline, shown as pending until the office has it */
    act: { request: z.strictObject({ id: TicketId, action: TicketActionSchema }), response: TicketRowSchema },
    /** a refused change again, made on the ticket as it is now (or dropped) */
    retry: { request: z.strictObject({ id: TicketId, itemId: z.string().min(1).max(100) }), response: TicketRowSchema },
    discard: {
      request: z.strictObject({ id: TicketId, itemId: z.string().min(1).max(100) }),
      response: TicketRowSchema,
    },
    /** managers: created at the office when it is reachable; otherwise queued (it gets its number when it arrives) */
    create: { request: CreateTicketRequest, response: CreateTicketResultSchema },
    /** managers: queued in the outbox like `act` */
    assign: {
      request: z.strictObject({ id: TicketId, assigneeId: z.string().min(1).max(100).nullable() }),
      response: TicketRowSchema,
    },
    /** managers and admins: the ticket's audit trail, asked of the office (it needs the office) */
    audit: { request: z.strictObject({ id: TicketId }), response: z.array(AuditLineSchema) },
    /** the teams a ticket may be escalated to (asked of the office; empty when it is out of reach) */
    escalationTeams: { request: z.undefined(), response: z.array(EscalationTeamSchema) },
    listViews: { request: z.undefined(), response: z.array(SavedViewSchema) },
    saveView: { request: SavedViewSchema, response: z.array(SavedViewSchema) },
    deleteView: { request: z.strictObject({ name: plainText().min(1).max(60) }), response: z.array(SavedViewSchema) },
  },
  events: {
    /**
     * rows that changed (office events, my queued changes) and rows that left the list; syncedAt when
     * the office's live event stream said so (the list is as the office has it at that time)
     */
    rowsChanged: z.object({
      rows: z.array(TicketRowSchema),
      removed: z.array(z.string()),
      syncedAt: Epoch.optional(),
    }),
    /** the comments of one ticket changed */
    detailChanged: z.object({ id: z.string() }),
    /** the whole list should be read again (after a refresh from the office) */
    reset: z.object({ syncedAt: Epoch.nullable() }),
    /** the tickets waiting to be created changed (queued, refused, delivered, discarded) */
    creatingChanged: z.object({ items: z.array(NewTicketSchema) }),
  },
});
