// A team's SLA calendar: the working days and hours in its time zone, its country's public holidays
// and the office's own extra days off, and which priorities ignore it and run round the clock.
// The holidays arrive as data (the office server reads them from a holidays library that shared/
// cannot import), so this file stays pure and the client runs the very same deadline arithmetic.
//
// Working time is measured on a "working timeline": W(t) is the working milliseconds before t
// since an arbitrary origin, so the working time between two instants is W(b) − W(a) and a deadline
// is the first instant whose W reaches W(start) + target. Days are laid out once per calendar
// (a few Intl calls each) with a running sum, so each deadline afterwards is a binary search.
import type { Priority } from './sla';

export interface SlaHoliday {
  /** the local date in the calendar's zone, YYYY-MM-DD */
  date: string;
  /** the holiday's name per language; a day an admin added carries the name they gave in both */
  name: { en: string; id: string };
  /** 'public': the country's; 'office': added by an admin (cuti bersama) */
  kind: 'public' | 'office';
}

export interface SlaCalendar {
  /** identifies this version of the calendar; a change makes a new one */
  id: string;
  /** IANA zone, e.g. Asia/Jakarta */
  timeZone: string;
  /** ISO 3166 country whose public holidays apply, or null */
  country: string | null;
  /** 0 Sunday … 6 Saturday */
  workingDays: readonly number[];
  /** minutes after local midnight the working day starts and ends */
  dayStart: number;
  dayEnd: number;
  holidays: readonly SlaHoliday[];
  /** priorities whose clocks ignore the calendar */
  roundTheClock: readonly Priority[];
}

/** The demo office's (and a new team's) calendar, without its holidays. */
export const DEFAULT_CALENDAR_SHAPE = {
  timeZone: 'Asia/Jakarta',
  country: 'ID',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: 8 * 60,
  dayEnd: 17 * 60,
  roundTheClock: ['P1'] as Priority[],
} as const;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** no calendar may need more than this many days to find a deadline (one with no working day would loop) */
const MAX_DAYS = 20 * 366;

/** Why a calendar refuses to be used; null when it is usable. */
export function calendarProblem(c: Omit<SlaCalendar, 'id' | 'holidays'>): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: c.timeZone });
  } catch {
    return `unknown time zone: ${c.timeZone}`;
  }
  if (!c.workingDays.length) return 'a calendar needs at least one working day';
  if (c.workingDays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) return 'working days are 0 (Sunday) to 6';
  if (!Number.isInteger(c.dayStart) || !Number.isInteger(c.dayEnd) || c.dayStart < 0 || c.dayEnd > 24 * 60)
    return 'working hours are whole minutes within a day';
  if (c.dayEnd <= c.dayStart) return 'the working day must end after it starts';
  return null;
}

// ---- zone arithmetic (Intl only) -------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at instant t, in ms (local = t + offset). */
function offsetAt(timeZone: string, t: number): number {
  const parts = formatter(timeZone).formatToParts(t);
  const v = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour') % 24, v('minute'), v('second'));
  return local - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant at which the wall clock of the zone shows `localMs` (a local time written as if UTC). */
function localToUtc(timeZone: string, localMs: number): number {
  const first = offsetAt(timeZone, localMs);
  const guess = localMs - first;
  const second = offsetAt(timeZone, guess);
  // in a spring-forward gap the wall time does not exist: the later offset places it just after the gap
  return second === first ? guess : localMs - second;
}

// ---- the laid-out days ---------------------------------------------------------------------------

interface Layout {
  /** local day number (days since 1970-01-01 in the zone) of index 0 */
  origin: number;
  midnight: number[];
  /** working interval of each day, start === end on a day off */
  start: number[];
  end: number[];
  /** working ms before each day's midnight since the origin; one longer than the days */
  cum: number[];
  holiday: (SlaHoliday | null)[];
}

const layouts = new WeakMap<SlaCalendar, Layout>();
const holidayMaps = new WeakMap<SlaCalendar, Map<string, SlaHoliday>>();

function holidayOn(cal: SlaCalendar, day: number): SlaHoliday | null {
  let map = holidayMaps.get(cal);
  if (!map) {
    map = new Map();
    // an office day and a public one on the same date: the public name is the better reason
    for (const h of cal.holidays) if (!map.has(h.date) || h.kind === 'public') map.set(h.date, h);
    holidayMaps.set(cal, map);
  }
  if (!map.size) return null;
  return map.get(new Date(day * DAY).toISOString().slice(0, 10)) ?? null;
}

interface LaidDay {
  midnight: number;
  start: number;
  end: number;
  holiday: SlaHoliday | null;
}

/**
 * Days [from, to) laid out. One Intl call per day in the usual case: each midnight is checked against
 * the offset of the day before, and a day's hours use its midnight's offset unless the next midnight
 * has another (a DST change inside the day), where they are converted one by one.
 */
function layDays(cal: SlaCalendar, from: number, to: number): LaidDay[] {
  const offsets: number[] = [];
  let offset = offsetAt(cal.timeZone, from * DAY);
  for (let day = from; day <= to; day++) {
    const checked = offsetAt(cal.timeZone, day * DAY - offset);
    if (checked !== offset) offset = day * DAY - localToUtc(cal.timeZone, day * DAY);
    offsets.push(offset);
  }
  const out: LaidDay[] = [];
  for (let day = from; day < to; day++) {
    const o = offsets[day - from]!;
    const midnight = day * DAY - o;
    const holiday = holidayOn(cal, day);
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    if (holiday || !cal.workingDays.includes(weekday)) {
      out.push({ midnight, start: midnight, end: midnight, holiday });
      continue;
    }
    // a DST change inside the day: its hours converted one by one
    const steady = o === offsets[day - from + 1];
    const start = day * DAY + cal.dayStart * MINUTE;
    const end = day * DAY + cal.dayEnd * MINUTE;
    out.push({
      midnight,
      start: steady ? start - o : localToUtc(cal.timeZone, start),
      end: steady ? end - o : localToUtc(cal.timeZone, end),
      holiday: null,
    });
  }
  return out;
}

/** The layout of the calendar, laid out at least one day either side of `day`. */
function layout(cal: SlaCalendar, day: number): Layout {
  let l = layouts.get(cal);
  if (!l) {
    l = { origin: day - 1, midnight: [], start: [], end: [], cum: [0], holiday: [] };
    layouts.set(cal, l);
  }
  if (day - 1 < l.origin) extendBackward(cal, l, day - 60);
  if (day + 1 >= l.origin + l.midnight.length) extendForward(cal, l, day + 60);
  return l;
}

function extendForward(cal: SlaCalendar, l: Layout, toDay: number): void {
  if (toDay - l.origin > MAX_DAYS * 2) throw new Error('the SLA calendar was asked about a date too far away');
  for (const d of layDays(cal, l.origin + l.midnight.length, toDay + 1)) {
    l.midnight.push(d.midnight);
    l.start.push(d.start);
    l.end.push(d.end);
    l.holiday.push(d.holiday);
    l.cum.push(l.cum[l.cum.length - 1]! + (d.end - d.start));
  }
}

function extendBackward(cal: SlaCalendar, l: Layout, fromDay: number): void {
  if (l.origin + l.midnight.length - fromDay > MAX_DAYS * 2)
    throw new Error('the SLA calendar was asked about a date too far away');
  const days = layDays(cal, fromDay, l.origin);
  const added = days.reduce((sum, d) => sum + (d.end - d.start), 0);
  const cum = [0];
  for (const d of days) cum.push(cum[cum.length - 1]! + (d.end - d.start));
  l.cum = [...cum.slice(0, -1), ...l.cum.map((c) => c + added)];
  l.midnight = [...days.map((d) => d.midnight), ...l.midnight];
  l.start = [...days.map((d) => d.start), ...l.start];
  l.end = [...days.map((d) => d.end), ...l.end];
  l.holiday = [...days.map((d) => d.holiday), ...l.holiday];
  l.origin = fromDay;
}

/** The index in the layout of the local day holding instant t. */
function dayIndex(cal: SlaCalendar, t: number): { l: Layout; i: number } {
  const known = layouts.get(cal);
  // a first guess from a laid-out offset (or the zone's, once); offsets differ by hours, so the
  // midnights correct it by one day at most
  const offset = known?.midnight.length ? known.origin * DAY - known.midnight[0]! : offsetAt(cal.timeZone, t);
  const day = Math.floor((t + offset) / DAY);
  const l = layout(cal, day);
  let i = day - l.origin;
  if (t < l.midnight[i]!) i--;
  else if (t >= l.midnight[i + 1]!) i++;
  return { l, i };
}

/** Working ms before t on the calendar's timeline (only differences of it mean anything). */
function working(cal: SlaCalendar, t: number): { l: Layout; w: number } {
  const { l, i } = dayIndex(cal, t);
  const s = l.start[i]!;
  const e = l.end[i]!;
  return { l, w: l.cum[i]! + (t <= s ? 0 : t >= e ? e - s : t - s) };
}

// ---- the public arithmetic ---------------------------------------------------------------------

/** Working ms between a and b (negative when b is before a). */
export function workingTimeBetween(cal: SlaCalendar, a: number, b: number): number {
  if (a === b) return 0;
  // the earlier instant first: laying out days before the origin shifts every running sum, days after do not
  const lo = working(cal, Math.min(a, b)).w;
  const hi = working(cal, Math.max(a, b)).w;
  return a < b ? hi - lo : lo - hi;
}

/** The instant `ms` working milliseconds after `from`; a deadline that uses up a day exactly falls at its end. */
export function addWorkingTime(cal: SlaCalendar, from: number, ms: number): number {
  if (ms <= 0) return from;
  const { l, w } = working(cal, from);
  const target = w + ms;
  while (l.cum[l.cum.length - 1]! < target) extendForward(cal, l, l.origin + 2 * l.midnight.length);
  // the first day by whose end of work the target is reached: it has work (a day off adds nothing,
  // so the day before it would have reached the target already)
  let lo = 0;
  let hi = l.midnight.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (l.cum[mid + 1]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return l.start[lo]! + (target - l.cum[lo]!);
}

/** The first working instant at or after t. */
export function nextWorkingMoment(cal: SlaCalendar, t: number): number {
  const { l, i } = dayIndex(cal, t);
  if (t < l.end[i]!) return Math.max(t, l.start[i]!);
  let j = i + 1;
  for (;;) {
    if (j >= l.midnight.length) extendForward(cal, l, l.origin + j + 60);
    if (l.end[j]! > l.start[j]!) return l.start[j]!;
    if (j - i > MAX_DAYS) throw new Error('the SLA calendar has no working time ahead');
    j++;
  }
}

export type SlaOffClock =
  { reason: 'outside-hours'; resumesAt: number } | { reason: 'holiday'; holiday: SlaHoliday; resumesAt: number };

/** Why the calendar's clock stands still at t (null: it is working time, or the priority runs round the clock). */
export function offClock(cal: SlaCalendar, priority: Priority, t: number): SlaOffClock | null {
  if (cal.roundTheClock.includes(priority)) return null;
  const { l, i } = dayIndex(cal, t);
  if (t >= l.start[i]! && t < l.end[i]!) return null;
  const resumesAt = nextWorkingMoment(cal, t);
  const holiday = l.holiday[i];
  return holiday ? { reason: 'holiday', holiday, resumesAt } : { reason: 'outside-hours', resumesAt };
}

/** The clock a priority's SLA runs on: round the clock, or the calendar's working time. */
export interface SlaTimeline {
  add(from: number, ms: number): number;
  between(a: number, b: number): number;
}

export const WALL_CLOCK: SlaTimeline = { add: (from, ms) => from + ms, between: (a, b) => b - a };

const timelines = new WeakMap<SlaCalendar, SlaTimeline>();

export function timelineFor(cal: SlaCalendar | null | undefined, priority: Priority): SlaTimeline {
  if (!cal || cal.roundTheClock.includes(priority)) return WALL_CLOCK;
  // one per calendar: the inbox asks for it per row on every tick
  let timeline = timelines.get(cal);
  if (!timeline) {
    timeline = { add: (from, ms) => addWorkingTime(cal, from, ms), between: (a, b) => workingTimeBetween(cal, a, b) };
    timelines.set(cal, timeline);
  }
  return timeline;
}
