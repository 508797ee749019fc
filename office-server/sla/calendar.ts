// A team's calendar as the office keeps it (its settings and the days an admin added) → the plain
// SlaCalendar that shared/domain/sla-calendar.ts computes with, holidays included.
import type { Priority } from '../../shared/domain/sla';
import type { SlaCalendar, SlaHoliday } from '../../shared/domain/sla-calendar';
import { publicHolidays } from './holidays';

export interface CalendarSettings {
  timeZone: string;
  country: string | null;
  workingDays: number[];
  dayStart: number;
  dayEnd: number;
  roundTheClock: Priority[];
  /** the office's own days off (cuti bersama), by local date */
  extraDays: { date: string; name: string }[];
}

/**
 * The calendar with the holidays of the years around `year` (the one before, for tickets still
 * open from it, and the next two, for deadlines that run into them).
 */
export function buildCalendar(id: string, settings: CalendarSettings, year: number): SlaCalendar {
  const years = [year - 1, year, year + 1, year + 2];
  const extra: SlaHoliday[] = settings.extraDays.map((d) => ({
    date: d.date,
    kind: 'office',
    name: { en: d.name, id: d.name },
  }));
  const holidays = [...(settings.country ? publicHolidays(settings.country, years) : []), ...extra].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  return {
    id,
    timeZone: settings.timeZone,
    country: settings.country,
    workingDays: [...settings.workingDays],
    dayStart: settings.dayStart,
    dayEnd: settings.dayEnd,
    holidays,
    roundTheClock: [...settings.roundTheClock],
  };
}
