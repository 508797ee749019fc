// The calendars tickets are computed with. A calendar version never changes, so each is built (its
// holidays read from the library) once per process and year and kept; only "which version is the
// team's current one" is asked of the database each time.
import type { SlaCalendar } from '../../shared/domain/sla-calendar';
import type { SlaCalendarBody } from '../../shared/office-api';
import type { CalendarRecord, CalendarsRepository, TicketRecord } from '../data/store';
import { buildCalendar } from './calendar';

const built = new Map<string, SlaCalendar>();

/** The calendar of a stored version, with the holidays of the years around `now`. */
export function calendarOf(record: CalendarRecord, now: number): SlaCalendar {
  const year = new Date(now).getUTCFullYear();
  const key = `${record.id}:${year}`;
  let calendar = built.get(key);
  if (!calendar) {
    calendar = buildCalendar(record.id, record.settings, year);
    built.set(key, calendar);
  }
  return calendar;
}

/** The calendars of these tickets, by id (a ticket without one runs round the clock). */
export async function ticketCalendars(
  calendars: CalendarsRepository,
  tickets: readonly Pick<TicketRecord, 'calendarId'>[],
  now: number,
): Promise<Map<string, SlaCalendar>> {
  const out = new Map<string, SlaCalendar>();
  for (const t of tickets) {
    if (t.calendarId === null || out.has(t.calendarId)) continue;
    const record = await calendars.get(t.calendarId);
    if (record) out.set(t.calendarId, calendarOf(record, now));
  }
  return out;
}

/** The calendar as the API sends it. */
export const toApiCalendar = (c: SlaCalendar): SlaCalendarBody => ({
  ...c,
  workingDays: [...c.workingDays],
  holidays: c.holidays.map((h) => ({ ...h, name: { ...h.name } })),
  roundTheClock: [...c.roundTheClock],
});
