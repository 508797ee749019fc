import { z } from 'zod';
import { plainText } from './text';
import { PRIORITIES } from '../domain/sla';
import { ESCALATION_LEVELS, TICKET_STATUSES } from '../domain/tickets';
import { Cursor, Id, IsoDateTime, Limit, page } from './common';

export const Priority = z.enum(PRIORITIES);
export const TicketStatus = z.enum(TICKET_STATUSES);
export const EscalationLevel = z.enum(ESCALATION_LEVELS);
export const SlaState = z.enum(['ok', 'at-risk', 'paused', 'breached', 'met']);

/** computed by shared/domain/sla.ts at the time of the response (`computedAt`) */
export const TicketSla = z.object({
  state: SlaState,
  responseDueAt: IsoDateTime,
  resolutionDueAt: IsoDateTime,
  responseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  paused: z.boolean(),
  pausedMs: z.number().int(),
  computedAt: IsoDateTime,
});
export type TicketSla = z.infer<typeof TicketSla>;

export const Ticket = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  requester: z.string(),
  priority: Priority,
  status: TicketStatus,
  escalationLevel: EscalationLevel,
  teamId: Id,
  assigneeId: Id.nullable(),
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  respondedAt: IsoDateTime.nullable(),
  resolvedAt: IsoDateTime.nullable(),
  closedAt: IsoDateTime.nullable(),
  /** start of the current waiting-on-user pause */
  pausedSince: IsoDateTime.nullable(),
  /** finished pauses only; `sla.pausedMs` includes a running one */
  pausedMs: z.number().int(),
  /** raised on every change; informational */
  version: z.number().int(),
  /** the SLA calendar version the ticket was opened under (GET /sla/calendars/:id); null or absent: round the clock */
  calendarId: Id.nullable().optional(),
  /** who escalated it into another team's queue (they read and comment on it); null or absent: it never left its team, or came back */
  escalatedBy: Id.nullable().optional(),
  /** the team it was escalated from: where a hand-back returns it */
  escalatedFromTeamId: Id.nullable().optional(),
  /**
   * who first escalated it out of its team, when it went on further (L1 → L2 → L3): they keep
   * reading and commenting on it; null or absent: the same as escalatedBy, or it came back
   */
  firstEscalatedBy: Id.nullable().optional(),
  sla: TicketSla,
});
export type Ticket = z.infer<typeof Ticket>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).min(1));

export const TicketListQuery = z.strictObject({
  /**
   * mine (default) · team (managers) · all (admins) · queue (my team's queue: unassigned tickets
   * escalated into it) · escalated (the tickets I escalated out of my team, until handed back)
   */
  scope: z.enum(['mine', 'team', 'all', 'queue', 'escalated']).default('mine'),
  /** comma-separated */
  status: csv(TicketStatus).optional(),
  /** comma-separated */
  priority: csv(Priority).optional(),
  assigneeId: Id.optional(),
  /** open = every status but resolved and closed */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: Limit.default(50),
  cursor: Cursor.optional(),
});
export type TicketListQuery = z.input<typeof TicketListQuery>;

export const TicketListResponse = page(Ticket);
export type TicketListResponse = z.infer<typeof TicketListResponse>;

export const CreateTicketRequest = z.strictObject({
  title: plainText().min(1).max(200),
  description: plainText().max(20_000).default(''),
  requester: plainText().min(1).max(200),
  priority: Priority,
  /** defaults to the creator's team; admins must give it */
  teamId: Id.optional(),
  assigneeId: Id.nullable().optional(),
});
export type CreateTicketRequest = z.input<typeof CreateTicketRequest>;

export const AssignTicketRequest = z.strictObject({
  assigneeId: Id.nullable(),
  /** the ticket's version the assignment was made on; a newer ticket answers 409 conflict instead */
  version: z.number().int().nonnegative().optional(),
});
export type AssignTicketRequest = z.infer<typeof AssignTicketRequest>;

export const ChangeStatusRequest = z.strictObject({
  status: TicketStatus,
  /** optional note, stored as a comment */
  note: plainText().min(1).max(20_000).optional(),
  /** the ticket's version the change was made on; a newer ticket answers 409 conflict instead */
  version: z.number().int().nonnegative().optional(),
});
export type ChangeStatusRequest = z.infer<typeof ChangeStatusRequest>;

export const EscalateRequest = z.strictObject({
  level: z.enum(['L2', 'L3']),
  reason: plainText().min(1).max(5_000),
  /** the team at that level whose queue gets it (GET /tickets/escalation-teams); absent: the office's default one */
  teamId: Id.optional(),
  /** the ticket's version the change was made on; a newer ticket answers 409 conflict instead */
  version: z.number().int().nonnegative().optional(),
});
export type EscalateRequest = z.infer<typeof EscalateRequest>;

export const TakeTicketRequest = z.strictObject({
  /** the ticket's version the change was made on; a newer ticket answers 409 conflict instead */
  version: z.number().int().nonnegative().optional(),
});
export type TakeTicketRequest = z.infer<typeof TakeTicketRequest>;

export const HandBackRequest = z.strictObject({
  /** what the first level should know (stored as a comment) */
  note: plainText().min(1).max(20_000),
  /** the ticket's version the change was made on; a newer ticket answers 409 conflict instead */
  version: z.number().int().nonnegative().optional(),
});
export type HandBackRequest = z.infer<typeof HandBackRequest>;

/** a team a ticket may be escalated to */
export const EscalationTeam = z.object({
  id: Id,
  name: z.string(),
  supportLevel: EscalationLevel,
  /** where an escalation to this level goes when the escalating person picks none */
  default: z.boolean(),
});
export type EscalationTeam = z.infer<typeof EscalationTeam>;
export const EscalationTeamsResponse = z.object({ items: z.array(EscalationTeam) });
export type EscalationTeamsResponse = z.infer<typeof EscalationTeamsResponse>;

/**
 * What a history line says, as data: the client words it in its reader's language. Names are the
 * office's at the time of the answer (a person's or team's id with it).
 */
export const HistoryEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), from: TicketStatus, to: TicketStatus }),
  z.object({ kind: z.literal('assigned'), personId: Id, personName: z.string().nullable() }),
  z.object({ kind: z.literal('unassigned') }),
  /** taken from the team's queue by the one who changed it */
  z.object({ kind: z.literal('taken') }),
  z.object({
    kind: z.literal('escalated'),
    from: EscalationLevel,
    to: EscalationLevel,
    teamId: Id.nullable(),
    teamName: z.string().nullable(),
    /** the escalating person's words */
    reason: z.string(),
  }),
  z.object({
    kind: z.literal('handed-back'),
    from: EscalationLevel,
    to: EscalationLevel,
    /** the note of the one who handed it back */
    note: z.string(),
  }),
  z.object({
    kind: z.literal('calendar'),
    /** the team calendar's new version */
    version: z.number().int(),
    /** the ticket keeps the deadlines of the calendar it was opened with, or of the round-the-clock clock */
    keeps: z.enum(['calendar', 'round-the-clock']),
    /** the calendar version it keeps, where known */
    keptVersion: z.number().int().nullable(),
  }),
]);
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Comment = z.object({
  id: Id,
  ticketId: Id,
  authorId: Id,
  /** `system`: a history line (status, assignment, escalation, take, hand-back, calendar) drawn from the audit trail */
  kind: z.enum(['comment', 'system']),
  /** a history line's English wording too, for clients that read only the text */
  body: z.string(),
  createdAt: IsoDateTime,
  /**
   * A history line's content as data (absent: a comment, or a line from an older office). One this
   * client cannot read (a newer office's kind) is dropped, and the body stands in.
   */
  history: HistoryEntry.optional().catch(undefined),
});
export type Comment = z.infer<typeof Comment>;

export const CreateCommentRequest = z.strictObject({ body: plainText().min(1).max(20_000) });
export type CreateCommentRequest = z.infer<typeof CreateCommentRequest>;

export const TicketResponse = z.object({ ticket: Ticket });
export type TicketResponse = z.infer<typeof TicketResponse>;
export const TicketDetailResponse = z.object({ ticket: Ticket, comments: z.array(Comment) });
export type TicketDetailResponse = z.infer<typeof TicketDetailResponse>;
export const CommentResponse = z.object({ comment: Comment, ticket: Ticket });
export type CommentResponse = z.infer<typeof CommentResponse>;
