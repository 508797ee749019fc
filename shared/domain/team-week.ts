// The pictures of the manager's Team section, as data: the week's worked hours per person and day
// with the team's average, and a person's day as strip segments (from the summary they sent, or
// from the timer states the manager's app saw arrive). Pure, so the main process builds them and
// tests and benches check them without a screen.
import type { StripSegment, TeamWeek } from '../contract/session';
import type { Summary, WorkState } from '../office-api';

const DAY_MS = 86_400_000;

/** Monday to Sunday of the week `date` (YYYY-MM-DD) is in */
export function weekDays(date: string): string[] {
  const d = Date.parse(`${date}T00:00:00.000Z`);
  const monday = d - ((new Date(d).getUTCDay() + 6) % 7) * DAY_MS;
  return Array.from({ length: 7 }, (_, i) => new Date(monday + i * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Worked minutes per person per day from the newest version of each summary; `live` (today's
 * timer state, minutes so far) stands in for a day not reported yet. The average counts the people
 * with a figure that day.
 */
export function teamWeek(
  days: string[],
  people: ReadonlyArray<{ id: string; displayName: string }>,
  summaries: readonly Summary[],
  live: ReadonlyMap<string, { date: string; minutes: number }> = new Map(),
): TeamWeek {
  const newest = new Map<string, Summary>();
  for (const s of summaries) {
    const key = `${s.userId} ${s.date}`;
    const seen = newest.get(key);
    if (!seen || (s.version ?? 1) > (seen.version ?? 1)) newest.set(key, s);
  }
  const rows = people.map((p) => ({
    userId: p.id,
    displayName: p.displayName,
    minutes: days.map((day) => {
      const s = newest.get(`${p.id} ${day}`);
      if (s) return s.workedMinutes;
      const l = live.get(p.id);
      return l && l.date === day ? Math.round(l.minutes) : null;
    }),
  }));
  const average = days.map((_, i) => {
    const figures = rows.map((r) => r.minutes[i]).filter((m): m is number => m !== null && m !== undefined);
    return figures.length ? figures.reduce((a, b) => a + b, 0) / figures.length : null;
  });
  return { days, people: rows, average };
}

/** a sent summary's day: its work and break segments (the stretches between are not accounted) */
export function stripFromSummary(s: Summary): StripSegment[] {
  return s.segments.map((seg) => ({
    start: Date.parse(seg.start),
    end: Date.parse(seg.end),
    kind: seg.kind,
    ticketId: seg.ticketId ?? null,
  }));
}

/**
 * A day from the timer states seen, oldest first: each state runs from its start until the next
 * state's (the last one until `now`, unless stopped).
 */
export function stripFromStates(states: readonly WorkState[], now: number): StripSegment[] {
  const out: StripSegment[] = [];
  const begun = states.map((s) => ({ s, from: Date.parse(s.since ?? s.at) }));
  begun.forEach(({ s, from }, i) => {
    if (s.mode === 'stopped' || s.mode === 'closed') return;
    const to = i + 1 < begun.length ? begun[i + 1]!.from : now;
    if (to <= from) return;
    out.push({ start: from, end: to, kind: s.mode === 'working' ? 'work' : s.mode, ticketId: s.ticketId });
  });
  return out;
}
