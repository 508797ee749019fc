// The SLA calendars the inbox's rows run on, by id, as the main process last listed them. One
// registry (not per row) so that 10,000 rows share a handful of calendar objects and the shared
// arithmetic lays each calendar's days out once.
import type { TicketRow } from '../../shared/contract/tickets';
import type { SlaCalendar } from '../../shared/domain/sla-calendar';

let calendars = new Map<string, SlaCalendar>();

/** replaces the registry; a calendar already held keeps its object (and its laid-out days) */
export function rememberCalendars(list: Readonly<Record<string, SlaCalendar>> | undefined): void {
  const next = new Map<string, SlaCalendar>();
  for (const [id, calendar] of Object.entries(list ?? {})) next.set(id, calendars.get(id) ?? calendar);
  calendars = next;
}

/** the calendar a row's clocks run on; null: round the clock (or not known yet) */
export function calendarFor(row: Pick<TicketRow, 'calendarId'>): SlaCalendar | null {
  return row.calendarId ? (calendars.get(row.calendarId) ?? null) : null;
}
