// The work session: the timer (start on a ticket, pause, breaks, switch, stop), the answers to
// gaps (crash, idle, sleep), the day's summary report, and the manager's Team view.
//
// For other features: `session.start({ ticketId })` starts the timer on a ticket (or, while a
// session runs, switches it to that ticket) — the inbox's "work on this" calls exactly that.
import { z } from 'zod';
import { plainText } from '../office-api/text';
import { BREAK_KINDS, GAP_ANSWERS, GAP_REASONS } from '../domain/work-session';
import { DateOnly, Id, IsoDateTime } from '../office-api/common';
import { PresenceStatus, WorkLocation } from '../domain/presence';
import { Summary, SummaryDate, SummaryTicket } from '../office-api/summaries';
import { WorkState, WorkStateInput } from '../office-api/work-state';
import { EscalationLevel, Priority, SlaState } from '../office-api/tickets';
import { defineArea } from './define';

export const SessionSegmentSchema = z.object({
  /** epoch ms */
  start: z.number(),
  end: z.number(),
  kind: z.enum(['work', 'break', 'pause']),
  breakKind: z.enum(BREAK_KINDS).nullable(),
  ticketId: z.string().nullable(),
  open: z.boolean(),
});
export type SessionSegment = z.infer<typeof SessionSegmentSchema>;

export const SessionGapSchema = z.object({ from: z.number(), to: z.number(), reason: z.enum(GAP_REASONS) });
export type SessionGap = z.infer<typeof SessionGapSchema>;

export const SessionViewSchema = z.object({
  mode: z.enum(['stopped', 'working', 'paused', 'break']),
  ticketId: z.string().nullable(),
  breakKind: z.enum(BREAK_KINDS).nullable(),
  /** epoch ms the current mode began */
  since: z.number().nullable(),
  /** today (local day) as the log says, computed at `computedAt` */
  date: DateOnly,
  workedMs: z.number(),
  breakMs: z.number(),
  pausedMs: z.number(),
  breaks: z.object({ lunch: z.number(), short: z.number(), other: z.number() }),
  perTicket: z.record(z.string(), z.number()),
  segments: z.array(SessionSegmentSchema),
  /** stretches the app could not watch, waiting for "work, break or discard" */
  gaps: z.array(SessionGapSchema),
  computedAt: z.number(),
  /** exactly what the office gets to show the manager (null: nothing yet today, "not started") */
  shared: WorkStateInput.nullable(),
  /** the timer runs past the timerStopAt hour: "Still working?" asked at `askedAt` (epoch ms), not answered */
  stillWorking: z.object({ askedAt: z.number(), stopAt: z.number() }).nullable(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const SUMMARY_STATES = ['draft', 'queued', 'delivered', 'failed'] as const;

export const SummaryTicketRowSchema = SummaryTicket.extend({
  title: z.string(),
  workedMs: z.number(),
  slaBreached: z.boolean(),
});

export const SummaryDraftSchema = z.object({
  date: DateOnly,
  status: z.enum(SUMMARY_STATES),
  /** the office's reason when failed */
  reason: z.string().nullable(),
  reasonCode: z.string().nullable(),
  /** versions the office has of this day (0: none yet); a send after delivery is a correction */
  sentVersions: z.number().int(),
  workedMinutes: z.number().int(),
  breakMinutes: z.number().int(),
  segments: z.array(SessionSegmentSchema),
  tickets: z.array(SummaryTicketRowSchema),
  slaBreaches: z.array(z.string()),
  notes: z.string(),
  /** the manager's acknowledgement of the newest version the office has (null: none yet) */
  acknowledgement: z
    .object({
      version: z.number().int(),
      byName: z.string(),
      at: IsoDateTime,
      reply: z.string().nullable(),
      correctionRequested: z.boolean(),
    })
    .nullable(),
  /** the newest version the office has of this day, and whether the day changed since (a correction would send the new figures) */
  sent: z.object({ workedMinutes: z.number().int(), breakMinutes: z.number().int(), changed: z.boolean() }).nullable(),
});
export type SummaryDraft = z.infer<typeof SummaryDraftSchema>;

export const SendSummaryRequest = z.strictObject({
  date: SummaryDate,
  notes: plainText().max(20_000),
  tickets: z.array(SummaryTicket).max(1000),
});

/** one stretch of a person's day on the Team's timeline strip (epoch ms) */
export const StripSegmentSchema = z.object({
  start: z.number(),
  end: z.number(),
  kind: z.enum(['work', 'break', 'paused', 'idle']),
  ticketId: z.string().nullable(),
});
export type StripSegment = z.infer<typeof StripSegmentSchema>;

/** worked minutes per person per day of a week, and the team's average per day */
export const TeamWeekSchema = z.object({
  /** the days, Monday first (YYYY-MM-DD) */
  days: z.array(DateOnly),
  people: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      /** per day: worked minutes, null where nothing was reported (or the day is still to come) */
      minutes: z.array(z.number().int().nullable()),
    }),
  ),
  /** per day: the average over the people who reported that day (null: nobody) */
  average: z.array(z.number().nullable()),
});
export type TeamWeek = z.infer<typeof TeamWeekSchema>;

export const TeamMemberSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  status: PresenceStatus.nullable(),
  location: WorkLocation.nullable(),
  connected: z.boolean(),
  /** the newest version of today's summary, or null */
  summary: Summary.nullable(),
  /** the timer's state they share today (null: not started) */
  live: WorkState.nullable(),
  /** my acknowledgement of today's newest summary waits in the outbox */
  ackPending: z.boolean(),
  /** today so far: the summary's segments once sent, else the timer states this app saw */
  strip: z.array(StripSegmentSchema),
  /** today's stretches their app could not reach the office (epoch ms), sent once it was back (absent: none) */
  officeLost: z.array(z.object({ start: z.number(), end: z.number() })).optional(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const TeamTicketSchema = z.object({
  id: z.string(),
  title: z.string(),
  priority: Priority,
  assigneeId: z.string().nullable(),
  sla: SlaState,
  resolutionDueAt: IsoDateTime,
  /** the clock that is at risk or late: an unanswered ticket's response, else its resolution */
  clock: z.enum(['response', 'resolution']),
  /** when that clock runs (or ran) out */
  dueAt: IsoDateTime,
});

/** a ticket escalated into the team, waiting in its queue for someone to take it */
export const TeamQueueTicketSchema = z.object({
  id: z.string(),
  title: z.string(),
  priority: Priority,
  escalationLevel: EscalationLevel,
  /** when it arrived (its last change) */
  updatedAt: IsoDateTime,
});

export const TeamTodaySchema = z.object({
  date: DateOnly,
  members: z.array(TeamMemberSchema),
  atRisk: z.array(TeamTicketSchema),
  /** the team's queue: escalated into it, nobody's yet (absent: none) */
  queue: z.array(TeamQueueTicketSchema).optional(),
  /** when the office last answered (epoch ms); null: never */
  fetchedAt: z.number().nullable(),
  /** the office could not be asked just now: this is the last known */
  stale: z.boolean(),
});
export type TeamToday = z.infer<typeof TeamTodaySchema>;

const Nothing = z.undefined();

export const session = defineArea({
  invoke: {
    getState: { request: Nothing, response: SessionViewSchema },
    /** starts the timer (on a ticket, or none); while running, switches to that ticket */
    start: { request: z.strictObject({ ticketId: Id.nullable().optional() }).optional(), response: SessionViewSchema },
    pause: { request: Nothing, response: SessionViewSchema },
    resume: { request: Nothing, response: SessionViewSchema },
    takeBreak: { request: z.strictObject({ kind: z.enum(BREAK_KINDS) }), response: SessionViewSchema },
    switchTicket: { request: z.strictObject({ ticketId: Id.nullable() }), response: SessionViewSchema },
    stop: { request: Nothing, response: SessionViewSchema },
    /** the answer to "Still working?": the timer goes on until tomorrow's question */
    stillWorking: { request: Nothing, response: SessionViewSchema },
    answerGap: {
      request: z.strictObject({ from: z.number(), to: z.number(), as: z.enum(GAP_ANSWERS) }),
      response: SessionViewSchema,
    },
    getSummary: { request: z.strictObject({ date: SummaryDate }).optional(), response: SummaryDraftSchema },
    saveNotes: {
      request: z.strictObject({ date: SummaryDate, notes: plainText().max(20_000) }),
      response: SummaryDraftSchema,
    },
    /** queued in the outbox with an idempotency key; a day already sent gets a new version */
    sendSummary: { request: SendSummaryRequest, response: SummaryDraftSchema },
    /** managers: the team today (presence, summaries, tickets at SLA risk) */
    getTeam: { request: Nothing, response: TeamTodaySchema },
    /** managers: acknowledges a summary of the team (queued), optionally with a reply or a request to correct */
    acknowledgeSummary: {
      request: z.strictObject({
        summaryId: Id,
        reply: plainText().max(2000).optional(),
        requestCorrection: z.boolean().optional(),
      }),
      response: TeamTodaySchema,
    },
    /** managers: the week (Monday to Sunday) around today, or around `date` */
    getTeamWeek: { request: z.strictObject({ date: SummaryDate }).optional(), response: TeamWeekSchema },
    /** managers: the team's summaries of a date range as CSV text */
    exportTeamCsv: {
      request: z.strictObject({ from: SummaryDate, to: SummaryDate }),
      response: z.object({ filename: z.string(), text: z.string() }),
    },
    /** managers: the same range as the office's spreadsheet (xlsx: a sheet of days, one of tickets), base64 */
    exportTeamSpreadsheet: {
      request: z.strictObject({ from: SummaryDate, to: SummaryDate }),
      response: z.object({ filename: z.string(), base64: z.string() }),
    },
  },
  events: {
    changed: SessionViewSchema,
    summaryChanged: SummaryDraftSchema,
    teamChanged: TeamTodaySchema,
  },
});
