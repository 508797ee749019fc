// The timer's state as the office keeps it, one row per person: what they are doing now and the
// day's worked time so far. Not the log: the segments stay on the worker's machine until the day's
// summary. Only the person's own manager reads it (GET /team/work-states, the `work.changed` event).
import { z } from 'zod';
import { DateOnly, Id, IsoDateTime } from './common';
import { SummaryDate } from './summaries';

/**
 * working, paused by hand, on a break, idle (working but no input for a while), stopped for the
 * day, or closed: stopped by the app at the end of the day because the timer was left running
 */
export const WORK_MODES = ['working', 'paused', 'break', 'idle', 'stopped', 'closed'] as const;
export const WorkMode = z.enum(WORK_MODES);
export type WorkMode = z.infer<typeof WorkMode>;

/** the most office-loss stretches one day's state carries (older ones are dropped first) */
export const OFFICE_LOST_PER_DAY = 100;

/**
 * A stretch of the day during which the client's connectivity monitor could not reach the office.
 * The client cannot send while it lasts: it sends the stretch once the office is back.
 */
export const OfficeLostInput = z.strictObject({ start: IsoDateTime, end: IsoDateTime });

export const WorkStateInput = z.strictObject({
  /** the worker's local day */
  date: SummaryDate,
  mode: WorkMode,
  /** the ticket the timer runs on (working or idle), else null */
  ticketId: Id.nullable(),
  /** when the current mode began; null when stopped or closed */
  since: IsoDateTime.nullable(),
  /** the day's worked time as of `at` */
  workedMs: z
    .number()
    .int()
    .min(0)
    .max(48 * 3_600_000),
  /** when the client computed it: while working, the worked time grows from here */
  at: IsoDateTime,
  /** the day's stretches without the office, as far as the client knows (absent: an older client) */
  officeLost: z.array(OfficeLostInput).max(OFFICE_LOST_PER_DAY).optional(),
});
export type WorkStateInput = z.infer<typeof WorkStateInput>;

export const WorkState = z.object({
  userId: Id,
  date: DateOnly,
  mode: WorkMode,
  ticketId: z.string().nullable(),
  since: IsoDateTime.nullable(),
  workedMs: z.number().int(),
  at: IsoDateTime,
  receivedAt: IsoDateTime,
  /** the day's stretches without the office, oldest first (absent from an office older than this field) */
  officeLost: z.array(z.object({ start: IsoDateTime, end: IsoDateTime })).optional(),
});
export type WorkState = z.infer<typeof WorkState>;

export const WorkStateResponse = z.object({ state: WorkState });
export const WorkStateListResponse = z.object({ items: z.array(WorkState) });
export type WorkStateListResponse = z.infer<typeof WorkStateListResponse>;
export const WorkStatesQuery = z.strictObject({ date: DateOnly });

/** worked time at `now` of a state: the stored figure, plus the time since `at` while working (idle time waits for the worker's answer) */
export function workedMsAt(state: Pick<WorkState, 'mode' | 'workedMs' | 'at'>, now: number): number {
  return state.workedMs + (state.mode === 'working' ? Math.max(0, now - Date.parse(state.at)) : 0);
}
