// SLA calendars on the wire: a team's calendar (with its holidays as data, so the client runs the
// same deadline arithmetic, shared/domain/sla-calendar.ts) and the deadline preview.
import { z } from 'zod';
import { PRIORITIES } from '../domain/sla';
import { DateOnly, Id, IsoDateTime } from './common';

const Priority = z.enum(PRIORITIES);
const Minute = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);
const Weekday = z.number().int().min(0).max(6);

export const SlaHolidaySchema = z.object({
  date: DateOnly,
  name: z.object({ en: z.string(), id: z.string() }),
  kind: z.enum(['public', 'office']),
});

export const SlaCalendarSchema = z.object({
  id: Id,
  timeZone: z.string(),
  country: z.string().nullable(),
  /** 0 Sunday … 6 Saturday */
  workingDays: z.array(Weekday),
  /** minutes after local midnight */
  dayStart: Minute,
  dayEnd: Minute,
  holidays: z.array(SlaHolidaySchema),
  roundTheClock: z.array(Priority),
});
export type SlaCalendarBody = z.infer<typeof SlaCalendarSchema>;

export const SlaPreviewQuery = z.strictObject({
  priority: Priority,
  openedAt: IsoDateTime,
  /** another team's calendar (admins any team; others their own) */
  teamId: Id.optional(),
});
export type SlaPreviewQuery = z.infer<typeof SlaPreviewQuery>;

export const SlaPreviewResponse = z.object({
  responseDueAt: IsoDateTime,
  resolutionDueAt: IsoDateTime,
  /** null: the team has no calendar, its clocks run round the clock */
  calendar: SlaCalendarSchema.nullable(),
});
export type SlaPreviewResponse = z.infer<typeof SlaPreviewResponse>;

export const SlaCalendarResponse = z.object({ calendar: SlaCalendarSchema });
export type SlaCalendarResponse = z.infer<typeof SlaCalendarResponse>;

/** An admin sets a team's calendar: a new version; tickets already open keep the one they were opened with. */
export const SetCalendarRequest = z.strictObject({
  timeZone: z.string().min(1).max(100),
  /** ISO 3166 alpha-2 whose public holidays apply; null: none */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166)')
    .nullable(),
  workingDays: z.array(Weekday).min(1).max(7),
  dayStart: Minute,
  dayEnd: Minute,
  roundTheClock: z.array(Priority).max(4),
  /** the office's own days off (cuti bersama) */
  extraDays: z.array(z.strictObject({ date: DateOnly, name: z.string().min(1).max(100) })).max(366),
});
export type SetCalendarRequest = z.infer<typeof SetCalendarRequest>;
