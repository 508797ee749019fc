// Calendar days as the office plan counts them: "YYYY-MM-DD" strings in a site's own time zone, so
// a booking for Tuesday is Tuesday in Jakarta whatever the server's or the laptop's clock zone is.
// Pure arithmetic on UTC dates, shared by the office server and the app.

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/** whole days from `a` to `b` (negative when b is earlier) */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday (ISO) */
export function isoWeekday(day: string): number {
  const d = new Date(toUtc(day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** the Monday of the day's ISO week */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

// a formatter is costly to make (a millisecond under load) and is asked for on every booking: one per zone
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const minuteFormats = new Map<string, Intl.DateTimeFormat>();
function formatIn(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  let f = cache.get(timeZone);
  if (!f) cache.set(timeZone, (f = make()));
  return f;
}

/** the calendar day at `now` in the time zone (an IANA name) */
export function dayIn(timeZone: string, now: number): string {
  // en-CA formats as YYYY-MM-DD
  return formatIn(
    dayFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(now);
}

/** minutes since midnight at `now` in the time zone */
export function minuteOfDayIn(timeZone: string, now: number): number {
  const parts = formatIn(
    minuteFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  )
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The ISO weekdays an office is open, Monday to Friday: the days the app offers and a range books. */
export const OFFICE_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

/**
 * The days from `from` to `to` (both included) on the given ISO weekdays, or on the office's own
 * (Monday to Friday) when none are given: "every day until Friday next week" books no weekend. At
 * most `limit` days: a longer span is the caller's error to report, not to truncate.
 */
export function expandDays(from: string, to: string, weekdays: readonly number[] | undefined, limit: number): string[] {
  const out: string[] = [];
  const span = daysBetween(from, to);
  for (let i = 0; i <= span; i++) {
    const day = addDays(from, i);
    if (!(weekdays?.length ? weekdays : OFFICE_WEEKDAYS).includes(isoWeekday(day))) continue;
    out.push(day);
    if (out.length > limit) break;
  }
  return out;
}
