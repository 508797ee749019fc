// The Team's pictures as data: the week's days, worked minutes per person and day from the newest
// version of each summary (today's timer standing in for a day not reported), the average over the
// people with a figure, and a day's strip from the timer states seen.
import { describe, expect, it } from 'vitest';
import { stripFromStates, teamWeek, weekDays } from '../../../shared/domain/team-week';
import type { Summary, WorkState } from '../../../shared/office-api';

const summary = (userId: string, date: string, workedMinutes: number, version = 1): Summary => ({
  id: `s-${userId}-${date}-${version}`,
  userId,
  date,
  workedMinutes,
  breakMinutes: 0,
  segments: [],
  tickets: [],
  slaBreaches: [],
  notes: '',
  receivedAt: `${date}T10:00:00.000Z`,
  version,
});

describe('the Team’s week and day pictures', () => {
  it('runs Monday to Sunday around any day, across a month end', () => {
    expect(weekDays('2026-12-03')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(weekDays('2026-12-06')[0]).toBe('2026-11-30');
    expect(weekDays('2026-11-30')[6]).toBe('2026-12-06');
  });

  it('takes the newest version of each day, today’s timer for a day not reported, and averages who reported', () => {
    const days = weekDays('2026-12-02');
    const week = teamWeek(
      days,
      [
        { id: 'a', displayName: 'Ayu' },
        { id: 'b', displayName: 'Budi' },
        { id: 'c', displayName: 'Citra' },
      ],
      [summary('a', '2026-11-30', 400), summary('a', '2026-11-30', 460, 2), summary('b', '2026-11-30', 500)],
      new Map([
        ['b', { date: '2026-12-02', minutes: 95.4 }],
        ['a', { date: '2026-11-30', minutes: 10 }],
      ]),
    );
    expect(week.people.map((p) => p.minutes)).toEqual([
      [460, null, null, null, null, null, null],
      [500, null, 95, null, null, null, null],
      [null, null, null, null, null, null, null],
    ]);
    expect(week.average).toEqual([480, null, 95, null, null, null, null]);
  });

  it('draws a day from the states seen: each until the next, the last until now, nothing while stopped', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 11, 2, h)).toISOString();
    const state = (mode: WorkState['mode'], h: number, ticketId: string | null = null): WorkState => ({
      userId: 'b',
      date: '2026-12-02',
      mode,
      ticketId,
      since: mode === 'stopped' ? null : at(h),
      workedMs: 0,
      at: at(h),
      receivedAt: at(h),
    });
    const strip = stripFromStates(
      [
        state('working', 1, 'INC-1'),
        state('break', 3),
        state('stopped', 4),
        state('working', 5, 'INC-2'),
        state('idle', 6),
      ],
      Date.parse(at(7)),
    );
    expect(strip.map((s) => [s.kind, s.ticketId, (s.end - s.start) / 3_600_000])).toEqual([
      ['work', 'INC-1', 2],
      ['break', null, 1],
      ['work', 'INC-2', 1],
      ['idle', null, 1],
    ]);
  });
});
