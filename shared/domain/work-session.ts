// The work session: an append-only log of what the worker did (start, pause, break, switch ticket,
// stop, and the answers to "was that gap work?") and the ONE pure function that derives every
// total from it. The desktop client and the office server both use it, so a day's hours are the
// same number everywhere.
//
// Time. Each event carries the wall clock (`wall`, epoch ms), a monotonic reading (`mono`, ms)
// and the id of the process run that recorded it (`run`). Within one run, time between events is
// the monotonic difference, so a clock set back or forward while the app runs changes nothing.
// Across runs (a restart, a crash, waking from sleep, which the recorder marks as a new run) the
// monotonic clocks are unrelated and the wall clock is used, never going backwards. The result is
// one "effective" timeline (`at`) on which segments, days and adjustments are expressed.
import { z } from 'zod';

export const BREAK_KINDS = ['lunch', 'short', 'other'] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];
export const GAP_REASONS = ['crash', 'idle', 'sleep'] as const;
export type GapReason = (typeof GAP_REASONS)[number];
export const GAP_ANSWERS = ['work', 'break', 'discard'] as const;
export type GapAnswer = (typeof GAP_ANSWERS)[number];

const TicketRef = z.string().min(1).max(200).nullable();
const Stamp = { wall: z.number().finite(), mono: z.number().finite(), run: z.string().min(1).max(100) };

export const WorkEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), ticketId: TicketRef, ...Stamp }),
  z.strictObject({ type: z.literal('pause'), ...Stamp }),
  z.strictObject({ type: z.literal('resume'), ...Stamp }),
  z.strictObject({ type: z.literal('break'), kind: z.enum(BREAK_KINDS), ...Stamp }),
  z.strictObject({ type: z.literal('switch'), ticketId: TicketRef, ...Stamp }),
  z.strictObject({ type: z.literal('stop'), ...Stamp }),
  /** a stretch the app could not watch (crashed, idle, asleep): counted as it was until answered */
  z.strictObject({
    type: z.literal('gap'),
    from: z.number().finite(),
    to: z.number().finite(),
    reason: z.enum(GAP_REASONS),
    ...Stamp,
  }),
  /** the answer to a gap: that stretch (effective time) was work, a break, or is not counted */
  z.strictObject({
    type: z.literal('adjust'),
    from: z.number().finite(),
    to: z.number().finite(),
    as: z.enum(GAP_ANSWERS),
    ...Stamp,
  }),
]);
export type WorkEvent = z.infer<typeof WorkEvent>;
export type WorkEventType = WorkEvent['type'];

export type SessionMode = 'stopped' | 'working' | 'paused' | 'break';

export interface WorkSegment {
  /** effective epoch ms */
  start: number;
  end: number;
  kind: 'work' | 'break' | 'pause';
  /** the kind of break (null for work and pauses) */
  breakKind: BreakKind | null;
  ticketId: string | null;
  /** the segment is still running (its end is `now`) */
  open: boolean;
}

export interface SessionState {
  mode: SessionMode;
  ticketId: string | null;
  breakKind: BreakKind | null;
  /** effective time the current mode began (null when stopped) */
  since: number | null;
  /** the effective time of the last event */
  lastAt: number | null;
  lastRun: string | null;
  lastMono: number | null;
  /** gaps not yet answered */
  openGaps: Array<{ from: number; to: number; reason: GapReason }>;
}

export interface WorkTotals {
  workedMs: number;
  breakMs: number;
  pausedMs: number;
  breaks: Record<BreakKind, number>;
  /** ms worked per ticket; work on no ticket is under the key "" */
  perTicket: Record<string, number>;
  segments: WorkSegment[];
  state: SessionState;
}

/** An event that cannot follow the log (out of order, overlapping, impossible in the current state). */
export class WorkLogError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'WorkLogError';
  }
}

export const emptyState = (): SessionState => ({
  mode: 'stopped',
  ticketId: null,
  breakKind: null,
  since: null,
  lastAt: null,
  lastRun: null,
  lastMono: null,
  openGaps: [],
});

/** The effective time of an event that follows `state` (see the header). Throws on time going backwards in one run. */
export function effectiveTime(state: SessionState, e: Pick<WorkEvent, 'wall' | 'mono' | 'run'>, index = -1): number {
  if (state.lastAt === null) return e.wall;
  if (e.run === state.lastRun) {
    const delta = e.mono - state.lastMono!;
    if (delta < 0)
      throw new WorkLogError(
        `event ${index} is earlier than the one before it (monotonic time went back ${-delta} ms)`,
        index,
      );
    return state.lastAt + delta;
  }
  return Math.max(e.wall, state.lastAt);
}

const ALLOWED: Record<WorkEventType, readonly SessionMode[]> = {
  start: ['stopped'],
  pause: ['working', 'break'],
  resume: ['paused', 'break'],
  break: ['working', 'paused'],
  switch: ['working', 'paused', 'break'],
  stop: ['working', 'paused', 'break'],
  gap: ['working', 'paused', 'break', 'stopped'],
  adjust: ['working', 'paused', 'break', 'stopped'],
};

const MODE_BIT: Record<SessionMode, number> = { stopped: 1, working: 2, paused: 4, break: 8 };
/** ALLOWED as bit masks: the check runs once per event */
const ALLOWED_MASK = Object.fromEntries(
  Object.entries(ALLOWED).map(([type, modes]) => [type, modes.reduce((mask, m) => mask | MODE_BIT[m], 0)]),
) as Record<WorkEventType, number>;

interface Builder {
  state: SessionState;
  segments: WorkSegment[];
  adjusts: Array<{ from: number; to: number; as: GapAnswer }>;
}

function closeSegment(b: Builder, at: number): void {
  const s = b.state;
  if (s.mode === 'stopped' || s.since === null) return;
  if (at > s.since) {
    const kind = s.mode === 'working' ? 'work' : s.mode === 'break' ? 'break' : 'pause';
    b.segments.push({
      start: s.since,
      end: at,
      kind,
      breakKind: kind === 'break' ? s.breakKind : null,
      ticketId: s.ticketId,
      open: false,
    });
  }
}

/** Applies one event (already validated by the schema) to the builder; throws WorkLogError when it cannot follow. */
function step(b: Builder, e: WorkEvent, index: number): void {
  const s = b.state;
  const at = effectiveTime(s, e, index);
  if ((ALLOWED_MASK[e.type] & MODE_BIT[s.mode]) === 0)
    throw new WorkLogError(`event ${index} (${e.type}) cannot follow a session that is ${s.mode}`, index);
  switch (e.type) {
    case 'start':
      s.mode = 'working';
      s.ticketId = e.ticketId;
      s.breakKind = null;
      s.since = at;
      break;
    case 'pause':
      closeSegment(b, at);
      s.mode = 'paused';
      s.breakKind = null;
      s.since = at;
      break;
    case 'resume':
      closeSegment(b, at);
      s.mode = 'working';
      s.breakKind = null;
      s.since = at;
      break;
    case 'break':
      closeSegment(b, at);
      s.mode = 'break';
      s.breakKind = e.kind;
      s.since = at;
      break;
    case 'switch':
      if (e.ticketId === s.ticketId) break;
      closeSegment(b, at);
      s.ticketId = e.ticketId;
      s.since = at;
      break;
    case 'stop':
      closeSegment(b, at);
      s.mode = 'stopped';
      s.ticketId = null;
      s.breakKind = null;
      s.since = null;
      break;
    case 'gap': {
      if (!(e.from <= e.to) || e.to > at)
        throw new WorkLogError(`event ${index} (gap) must lie in the past and end after it begins`, index);
      s.openGaps.push({ from: e.from, to: e.to, reason: e.reason });
      break;
    }
    case 'adjust': {
      if (!(e.from < e.to) || e.to > at)
        throw new WorkLogError(`event ${index} (adjust) must lie in the past and end after it begins`, index);
      if (b.adjusts.some((a) => a.from < e.to && e.from < a.to))
        throw new WorkLogError(`event ${index} (adjust) overlaps an earlier adjustment`, index);
      b.adjusts.push({ from: e.from, to: e.to, as: e.as });
      s.openGaps = s.openGaps.filter((g) => !(g.from < e.to && e.from < g.to));
      break;
    }
  }
  s.lastAt = at;
  s.lastRun = e.run;
  s.lastMono = e.mono;
}

/** Carves the adjustments into the segments (work → stays or becomes work; break → a break; discard → removed). */
function applyAdjusts(segments: WorkSegment[], adjusts: Builder['adjusts']): WorkSegment[] {
  if (!adjusts.length) return segments;
  const sorted = [...adjusts].sort((a, b) => a.from - b.from);
  const out: WorkSegment[] = [];
  let ai = 0;
  for (const seg of segments) {
    while (ai < sorted.length && sorted[ai]!.to <= seg.start) ai++;
    let cursor = seg.start;
    for (let j = ai; j < sorted.length && sorted[j]!.from < seg.end; j++) {
      const a = sorted[j]!;
      const from = Math.max(a.from, seg.start);
      const to = Math.min(a.to, seg.end);
      if (from > cursor) out.push({ ...seg, start: cursor, end: from, open: false });
      if (a.as === 'break')
        out.push({ start: from, end: to, kind: 'break', breakKind: 'other', ticketId: seg.ticketId, open: false });
      else if (a.as === 'work')
        out.push({ start: from, end: to, kind: 'work', breakKind: null, ticketId: seg.ticketId, open: false });
      cursor = to;
    }
    if (cursor < seg.end) out.push({ ...seg, start: cursor });
  }
  return out;
}

export interface TotalsOptions {
  /** effective "now" for a running session's open segment (default: the last event's time) */
  now?: number;
  /** only the part of the log between these effective times (a day: see dayBounds) */
  from?: number;
  to?: number;
}

/**
 * THE totals function: replays the log (refusing what cannot follow: time going backwards in one
 * run, a start while running, overlapping adjustments…) and sums worked time, breaks by kind,
 * paused time and time per ticket over [from, to).
 */
export function computeTotals(events: readonly WorkEvent[], options: TotalsOptions = {}): WorkTotals {
  const b: Builder = { state: emptyState(), segments: [], adjusts: [] };
  for (let i = 0; i < events.length; i++) step(b, events[i]!, i);
  const s = b.state;
  if (s.mode !== 'stopped' && s.since !== null) {
    const end = Math.max(options.now ?? s.lastAt!, s.since);
    if (end > s.since) {
      const kind = s.mode === 'working' ? 'work' : s.mode === 'break' ? 'break' : 'pause';
      b.segments.push({
        start: s.since,
        end,
        kind,
        breakKind: kind === 'break' ? s.breakKind : null,
        ticketId: s.ticketId,
        open: true,
      });
    }
  }
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const totals: WorkTotals = {
    workedMs: 0,
    breakMs: 0,
    pausedMs: 0,
    breaks: { lunch: 0, short: 0, other: 0 },
    perTicket: {},
    segments: [],
    state: s,
  };
  for (const seg of applyAdjusts(b.segments, b.adjusts)) {
    const start = Math.max(seg.start, from);
    const end = Math.min(seg.end, to);
    if (end <= start) continue;
    const clipped: WorkSegment =
      start === seg.start && end === seg.end
        ? seg
        : {
            start,
            end,
            kind: seg.kind,
            breakKind: seg.breakKind,
            ticketId: seg.ticketId,
            open: seg.open && end === seg.end,
          };
    totals.segments.push(clipped);
    const ms = end - start;
    if (seg.kind === 'work') {
      totals.workedMs += ms;
      const key = seg.ticketId ?? '';
      totals.perTicket[key] = (totals.perTicket[key] ?? 0) + ms;
    } else if (seg.kind === 'break') {
      totals.breakMs += ms;
      totals.breaks[seg.breakKind ?? 'other'] += ms;
    } else totals.pausedMs += ms;
  }
  return totals;
}

/**
 * A checker for appending: holds the state and refuses an event that cannot follow it, without
 * replaying the log. `accept` applies the event when it fits and returns its effective time.
 */
export function createWorkLog(initial: readonly WorkEvent[] = []): {
  state(): SessionState;
  accept(e: WorkEvent): number;
} {
  const b: Builder = { state: emptyState(), segments: [], adjusts: [] };
  for (let i = 0; i < initial.length; i++) step(b, initial[i]!, i);
  let count = initial.length;
  return {
    state: () => b.state,
    accept(e) {
      const parsed = WorkEvent.parse(e);
      // check on a copy so a refused event leaves the state as it was
      const trial: Builder = {
        state: { ...b.state, openGaps: [...b.state.openGaps] },
        segments: [],
        adjusts: b.adjusts.slice(),
      };
      step(trial, parsed, count);
      b.state = trial.state;
      b.adjusts = trial.adjusts;
      b.segments.length = 0; // segments are derived by computeTotals; the checker keeps none
      count++;
      return b.state.lastAt!;
    },
  };
}

// ---- days in a time zone ----

const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function dayOf(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffset(instant, timeZone)).toISOString().slice(0, 10);
}

/** The instant a local wall time (Y-M-D h:m) begins in a zone (the first one, on a DST repeat). */
export function zonedInstant(date: string, timeZone: string, hour = 0, minute = 0): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(y, m - 1, d, hour, minute);
  let guess = local - zoneOffset(local, timeZone);
  guess = local - zoneOffset(guess, timeZone);
  return guess;
}

/** [start, end) of a calendar day in a zone: 23 or 25 hours on a DST change. */
export function dayBounds(date: string, timeZone: string): { from: number; to: number } {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: zonedInstant(date, timeZone), to: zonedInstant(next, timeZone) };
}

/** Minutes, rounded down (what a summary reports). */
export const toMinutes = (ms: number): number => Math.floor(ms / 60_000);
