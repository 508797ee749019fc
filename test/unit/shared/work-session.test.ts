import { describe, expect, it } from 'vitest';
import type { WorkEvent } from '../../../shared/domain/work-session';
import {
  WorkLogError,
  computeTotals,
  createWorkLog,
  dayBounds,
  dayOf,
  toMinutes,
} from '../../../shared/domain/work-session';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** a recorder of hand-built logs: one run unless told, mono follows the wall clock */
function log(startWall: number, run = 'r1') {
  const events: WorkEvent[] = [];
  let wall = startWall;
  let mono = 1000;
  let currentRun = run;
  const add = (body: Record<string, unknown>, advanceMs = 0) => {
    wall += advanceMs;
    mono += advanceMs;
    events.push({ ...body, wall, mono, run: currentRun } as WorkEvent);
  };
  return {
    events,
    at: (ms: number) => ((wall += ms), (mono += ms)),
    add,
    /** the wall clock jumps without time passing (the user sets it) */
    setClock: (delta: number) => (wall += delta),
    /** a new process run (restart): mono starts elsewhere */
    newRun: (name: string, monoStart = 5) => ((currentRun = name), (mono = monoStart)),
    get wall() {
      return wall;
    },
  };
}

describe('work session totals', () => {
  it('sums work, breaks by kind, pauses and time per ticket', () => {
    const l = log(Date.UTC(2026, 10, 2, 1, 0));
    l.add({ type: 'start', ticketId: 'T1' });
    l.add({ type: 'switch', ticketId: 'T2' }, 30 * MIN);
    l.add({ type: 'break', kind: 'lunch' }, 45 * MIN);
    l.add({ type: 'resume' }, 60 * MIN);
    l.add({ type: 'pause' }, 15 * MIN);
    l.add({ type: 'break', kind: 'short' }, 10 * MIN);
    l.add({ type: 'resume' }, 5 * MIN);
    l.add({ type: 'stop' }, 20 * MIN);
    const t = computeTotals(l.events);
    expect(t.workedMs).toBe((30 + 45 + 15 + 20) * MIN);
    expect(t.perTicket).toEqual({ T1: 30 * MIN, T2: 80 * MIN });
    expect(t.breaks).toEqual({ lunch: 60 * MIN, short: 5 * MIN, other: 0 });
    expect(t.breakMs).toBe(65 * MIN);
    expect(t.pausedMs).toBe(10 * MIN);
    expect(t.state.mode).toBe('stopped');
    expect(t.segments.map((s) => s.kind)).toEqual(['work', 'work', 'break', 'work', 'pause', 'break', 'work']);
  });

  it('counts a running session up to now, in an open segment', () => {
    const l = log(Date.UTC(2026, 10, 2, 1, 0));
    l.add({ type: 'start', ticketId: null });
    const t = computeTotals(l.events, { now: l.wall + 90 * MIN });
    expect(t.workedMs).toBe(90 * MIN);
    expect(t.perTicket).toEqual({ '': 90 * MIN });
    expect(t.segments.at(-1)!.open).toBe(true);
  });

  it('splits a session that crosses midnight between the two days', () => {
    const tz = 'Asia/Jakarta';
    const l = log(Date.parse('2026-11-02T22:00:00+07:00'));
    l.add({ type: 'start', ticketId: 'T1' });
    l.add({ type: 'stop' }, 4 * HOUR);
    const day1 = computeTotals(l.events, dayBounds('2026-11-02', tz));
    const day2 = computeTotals(l.events, dayBounds('2026-11-03', tz));
    expect(day1.workedMs).toBe(2 * HOUR);
    expect(day2.workedMs).toBe(2 * HOUR);
    expect(day2.segments[0]!.start).toBe(Date.parse('2026-11-03T00:00:00+07:00'));
    expect(dayOf(Date.parse('2026-11-02T23:59:59+07:00'), tz)).toBe('2026-11-02');
  });

  it('knows a DST day has 23 or 25 hours (Europe/Berlin) and counts real time across the change', () => {
    const spring = dayBounds('2026-03-29', 'Europe/Berlin');
    const autumn = dayBounds('2026-10-25', 'Europe/Berlin');
    expect(spring.to - spring.from).toBe(23 * HOUR);
    expect(autumn.to - autumn.from).toBe(25 * HOUR);
    // 01:00 to 04:00 local on the spring day is two real hours (02:00 does not exist)
    const l = log(Date.parse('2026-03-29T01:00:00+01:00'));
    l.add({ type: 'start', ticketId: 'T1' });
    l.add({ type: 'stop' }, 2 * HOUR);
    expect(new Date(l.wall).toISOString()).toBe('2026-03-29T02:00:00.000Z'); // 04:00 CEST
    const t = computeTotals(l.events, spring);
    expect(t.workedMs).toBe(2 * HOUR);
    // a whole autumn day of work is 25 hours of work on that day
    const a = log(autumn.from - HOUR);
    a.add({ type: 'start', ticketId: null });
    a.add({ type: 'stop' }, 27 * HOUR);
    expect(computeTotals(a.events, autumn).workedMs).toBe(25 * HOUR);
  });

  it('ignores the wall clock being set back (or forward) within one run: the monotonic reading counts', () => {
    const l = log(Date.UTC(2026, 10, 2, 8, 0));
    l.add({ type: 'start', ticketId: 'T1' });
    l.at(30 * MIN);
    l.setClock(-2 * HOUR); // the user sets the clock back two hours
    l.add({ type: 'pause' }, 30 * MIN);
    l.setClock(+5 * HOUR);
    l.add({ type: 'resume' }, 10 * MIN);
    l.add({ type: 'stop' }, 20 * MIN);
    const t = computeTotals(l.events);
    expect(t.workedMs).toBe(80 * MIN);
    expect(t.pausedMs).toBe(10 * MIN);
    // segments stay on one timeline that never goes back
    for (let i = 1; i < t.segments.length; i++)
      expect(t.segments[i]!.start).toBeGreaterThanOrEqual(t.segments[i - 1]!.end);
  });

  it('across a restart uses the wall clock, never going back', () => {
    const l = log(Date.UTC(2026, 10, 2, 8, 0));
    l.add({ type: 'start', ticketId: 'T1' });
    l.at(60 * MIN);
    l.newRun('r2');
    l.setClock(-3 * HOUR); // restarted with a clock far behind: clamped, not negative
    l.add({ type: 'stop' });
    const t = computeTotals(l.events);
    expect(t.workedMs).toBe(0);
    const m = log(Date.UTC(2026, 10, 2, 8, 0));
    m.add({ type: 'start', ticketId: 'T1' });
    m.at(60 * MIN);
    m.newRun('r2', 3);
    m.add({ type: 'stop' }, 30 * MIN);
    expect(computeTotals(m.events).workedMs).toBe(90 * MIN);
  });

  it('refuses events out of order within a run, impossible transitions and overlapping adjustments', () => {
    const l = log(Date.UTC(2026, 10, 2, 8, 0));
    l.add({ type: 'start', ticketId: 'T1' });
    l.add({ type: 'pause' }, 10 * MIN);
    const bad = [...l.events, { ...l.events[1]!, type: 'resume', mono: l.events[1]!.mono - 1 } as WorkEvent];
    expect(() => computeTotals(bad)).toThrow(WorkLogError);
    expect(() => computeTotals([...l.events, { ...l.events[0]!, mono: l.events[1]!.mono + 5 }])).toThrow(
      /cannot follow a session that is paused/,
    );
    const m = log(Date.UTC(2026, 10, 2, 8, 0));
    m.add({ type: 'start', ticketId: 'T1' });
    const t0 = m.wall;
    m.add({ type: 'adjust', from: t0, to: t0 + 10 * MIN, as: 'break' }, 30 * MIN);
    expect(() =>
      computeTotals([
        ...m.events,
        { ...m.events[1]!, mono: m.events[1]!.mono + 1, from: t0 + 5 * MIN, to: t0 + 20 * MIN } as WorkEvent,
      ]),
    ).toThrow(/overlaps/);
    // an adjustment of the future is refused
    expect(() => computeTotals([m.events[0]!, { ...m.events[1]!, to: m.wall + HOUR } as WorkEvent])).toThrow(/past/);
  });

  it('the append checker refuses a bad event and keeps its state', () => {
    const l = log(Date.UTC(2026, 10, 2, 8, 0));
    l.add({ type: 'start', ticketId: 'T1' });
    const w = createWorkLog(l.events);
    expect(() => w.accept({ type: 'start', ticketId: null, wall: l.wall, mono: 2000, run: 'r1' })).toThrow(
      WorkLogError,
    );
    expect(w.state().mode).toBe('working');
    expect(w.accept({ type: 'pause', wall: l.wall, mono: 2000, run: 'r1' })).toBe(l.wall + 1000);
    expect(w.state().mode).toBe('paused');
  });

  it('answers to gaps: break carves a break, discard removes the time, work keeps it', () => {
    const l = log(Date.UTC(2026, 10, 2, 8, 0));
    l.add({ type: 'start', ticketId: 'T1' });
    const t0 = l.wall;
    l.add({ type: 'gap', from: t0 + 60 * MIN, to: t0 + 80 * MIN, reason: 'idle' }, 90 * MIN);
    expect(computeTotals(l.events).state.openGaps).toHaveLength(1);
    expect(computeTotals(l.events).workedMs).toBe(90 * MIN); // counted as it was until answered
    const answered = (as: string) => [
      ...l.events,
      {
        type: 'adjust',
        from: t0 + 60 * MIN,
        to: t0 + 80 * MIN,
        as,
        wall: l.wall,
        mono: l.events[1]!.mono,
        run: 'r1',
      } as WorkEvent,
    ];
    expect(computeTotals(answered('break')).workedMs).toBe(70 * MIN);
    expect(computeTotals(answered('break')).breaks.other).toBe(20 * MIN);
    expect(computeTotals(answered('discard')).workedMs).toBe(70 * MIN);
    expect(computeTotals(answered('discard')).breakMs).toBe(0);
    expect(computeTotals(answered('work')).workedMs).toBe(90 * MIN);
    expect(computeTotals(answered('work')).state.openGaps).toHaveLength(0);
  });

  it('derives a 10,000-event day', () => {
    const l = log(Date.parse('2026-11-02T00:00:00Z'));
    l.add({ type: 'start', ticketId: 'T0' });
    for (let i = 1; i < 9_999; i++) {
      if (i % 3 === 1) l.add({ type: 'break', kind: 'short' }, 2_000);
      else if (i % 3 === 2) l.add({ type: 'resume' }, 2_000);
      else l.add({ type: 'switch', ticketId: `T${i % 7}` }, 2_000);
    }
    l.add({ type: 'stop' }, 2_000);
    expect(l.events).toHaveLength(10_000);
    const t = computeTotals(l.events, dayBounds('2026-11-02', 'UTC'));
    expect(t.workedMs + t.breakMs + t.pausedMs).toBe(9_999 * 2_000);
    expect(Object.values(t.perTicket).reduce((a, b) => a + b, 0)).toBe(t.workedMs);
    expect(toMinutes(t.workedMs + t.breakMs)).toBe(333);
  });
});
