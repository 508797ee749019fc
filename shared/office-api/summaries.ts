import { z } from 'zod';
import { plainText } from './text';
import { DateOnly, Id, IsoDateTime } from './common';

const MINUTES_PER_DAY = 24 * 60;

/**
 * The days a summary may be about, and a query may name: real calendar days in a fixed window, so
 * 0000-01-01 or 9999-12-31 never reach storage, sorting or a spreadsheet. (The server also refuses
 * a summary dated after tomorrow by its clock.)
 */
export const SUMMARY_DATE_MIN = '2000-01-01';
export const SUMMARY_DATE_MAX = '2099-12-31';
export const SummaryDate = DateOnly.refine((d) => d >= SUMMARY_DATE_MIN && d <= SUMMARY_DATE_MAX, {
  message: `must be a day from ${SUMMARY_DATE_MIN} to ${SUMMARY_DATE_MAX}`,
});

export const SummarySegment = z
  .strictObject({
    start: IsoDateTime,
    end: IsoDateTime,
    kind: z.enum(['work', 'break']),
    ticketId: Id.optional(),
  })
  .refine((s) => Date.parse(s.end) >= Date.parse(s.start), { message: 'end is before start', path: ['end'] });
export type SummarySegment = z.infer<typeof SummarySegment>;

export const SummaryTicket = z.strictObject({
  id: Id,
  outcome: z.enum(['resolved', 'escalated', 'in-progress']),
});
export type SummaryTicket = z.infer<typeof SummaryTicket>;

export const SummaryInput = z.strictObject({
  date: SummaryDate,
  workedMinutes: z.int().min(0).max(MINUTES_PER_DAY),
  breakMinutes: z.int().min(0).max(MINUTES_PER_DAY),
  segments: z.array(SummarySegment).max(1000),
  tickets: z.array(SummaryTicket).max(1000),
  slaBreaches: z.array(Id).max(1000),
  notes: plainText().max(20_000),
});
export type SummaryInput = z.infer<typeof SummaryInput>;

export const Summary = z.object({
  id: Id,
  userId: Id,
  date: DateOnly,
  workedMinutes: z.number().int(),
  breakMinutes: z.number().int(),
  segments: z.array(
    z.object({ start: IsoDateTime, end: IsoDateTime, kind: z.enum(['work', 'break']), ticketId: Id.optional() }),
  ),
  tickets: z.array(z.object({ id: Id, outcome: z.enum(['resolved', 'escalated', 'in-progress']) })),
  slaBreaches: z.array(Id),
  notes: z.string(),
  receivedAt: IsoDateTime,
  /** 1, then one more for each correction of the day (servers before corrections: absent) */
  version: z.number().int().min(1).optional(),
  /** team lists only: how many earlier versions of this day the list leaves out (it holds the newest) */
  earlierVersions: z.number().int().min(0).optional(),
  /** when the author's manager acknowledged this version (null: not yet; servers before acknowledgement: absent) */
  acknowledgedAt: IsoDateTime.nullable().optional(),
  /** who acknowledged it (a user id) */
  acknowledgedBy: Id.nullable().optional(),
  /** the manager's reply with the acknowledgement */
  ackReply: z.string().nullable().optional(),
  /** the manager asks the author for a corrected version */
  correctionRequested: z.boolean().optional(),
});
export type Summary = z.infer<typeof Summary>;

/** A manager acknowledges a summary, optionally with a reply; a request to correct says why. */
export const AcknowledgeSummaryRequest = z
  .strictObject({
    reply: plainText().max(2000).optional(),
    requestCorrection: z.boolean().optional(),
  })
  .refine((r) => !r.requestCorrection || (r.reply ?? '').trim() !== '', {
    message: 'a request to correct says what to correct',
    path: ['reply'],
  });
export type AcknowledgeSummaryRequest = z.infer<typeof AcknowledgeSummaryRequest>;

/**
 * How far back a sent day may be corrected, and how many versions one day may have: the office's
 * defaults (its configuration may change them; the app refuses the same before queueing).
 */
export const SUMMARY_CORRECTION_DAYS = 7;
export const SUMMARY_VERSIONS_PER_DAY = 10;

export const SummariesQuery = z
  .strictObject({
    date: SummaryDate.optional(),
    from: SummaryDate.optional(),
    to: SummaryDate.optional(),
    /** team view only: one member */
    userId: Id.optional(),
  })
  .refine((q) => !(q.date && (q.from || q.to)), { message: 'give date, or from/to, not both' })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['from'] });
export type SummariesQuery = z.infer<typeof SummariesQuery>;

export const SummaryListResponse = z.object({ items: z.array(Summary) });
export type SummaryListResponse = z.infer<typeof SummaryListResponse>;

export const SummaryCsvQuery = z
  .strictObject({
    from: SummaryDate,
    to: SummaryDate,
    userId: Id.optional(),
    /** csv (the default) or xlsx: the same rows as a spreadsheet, a sheet of days and one of tickets */
    format: z.enum(['csv', 'xlsx']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] });
export type SummaryCsvQuery = z.infer<typeof SummaryCsvQuery>;
