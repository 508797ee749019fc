// Deadlines on a team's SLA calendar. The expected times are written out by hand from the calendar
// (working days and hours, the country's holidays as the office reads them from the holidays
// library): none is recomputed with the code under test.
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarSettings } from '../../../office-server/sla/calendar';
import { computeSla, slaClock, type Priority, type SlaInput } from '../../../shared/domain/sla';
import {
  addWorkingTime,
  calendarProblem,
  offClock,
  timelineFor,
  workingTimeBetween,
} from '../../../shared/domain/sla-calendar';
import { applyTransition } from '../../../shared/domain/tickets';

const HOUR = 3_600_000;
const jakarta: CalendarSettings = {
  timeZone: 'Asia/Jakarta',
  country: 'ID',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: 8 * 60,
  dayEnd: 17 * 60,
  roundTheClock: ['P1'],
  extraDays: [],
};
const demo = buildCalendar('jakarta-1', jakarta, 2026);
const berlin = buildCalendar('berlin-1', { ...jakarta, timeZone: 'Europe/Berlin', country: 'DE' }, 2026);

const at = (iso: string) => Date.parse(iso);
const opened = (priority: Priority, createdAt: string, over: Partial<SlaInput> = {}): SlaInput => ({
  priority,
  createdAt: at(createdAt),
  respondedAt: null,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
  ...over,
});
const due = (input: SlaInput, cal = demo, now = input.createdAt) => {
  const sla = computeSla(input, now, undefined, cal);
  return {
    response: new Date(sla.responseDueAt).toISOString(),
    resolution: new Date(sla.resolutionDueAt).toISOString(),
  };
};

describe('P3 deadlines on the demo calendar (Mon–Fri 08:00–17:00 WIB, Indonesian holidays)', () => {
  it('opened Monday 16:00: 1 h that day, 3 h on Tuesday; resolution 72 working hours later', () => {
    // response: Tue 3 Mar 11:00 WIB; resolution: 1 h Mon + 7 full days (63 h) + 8 h on Thu 12 Mar → 16:00 WIB
    expect(due(opened('P3', '2026-03-02T16:00:00+07:00'))).toEqual({
      response: '2026-03-03T04:00:00.000Z',
      resolution: '2026-03-12T09:00:00.000Z',
    });
  });

  it('opened Friday 16:30: half an hour that day, the rest after the weekend', () => {
    // response: Mon 9 Mar 11:30 WIB; resolution: 0.5 h + Mon 9 … Tue 17 (63 h) + 8.5 h → Wed 18 Mar 16:30 WIB
    expect(due(opened('P3', '2026-03-06T16:30:00+07:00'))).toEqual({
      response: '2026-03-09T04:30:00.000Z',
      resolution: '2026-03-18T09:30:00.000Z',
    });
  });

  it('opened on Saturday: the clock starts Monday 08:00', () => {
    // response: Mon 9 Mar 12:00 WIB; resolution: exactly 8 working days → the end of Wed 18 Mar, 17:00 WIB
    expect(due(opened('P3', '2026-03-07T10:00:00+07:00'))).toEqual({
      response: '2026-03-09T05:00:00.000Z',
      resolution: '2026-03-18T10:00:00.000Z',
    });
  });

  it('opened on the eve of 17 August (Friday 14 August 16:00): the holiday Monday does not count', () => {
    // response: 1 h Fri, then Tue 18 Aug 08:00–11:00 WIB; resolution also skips Maulid Nabi (Tue 25 Aug):
    // 1 + Tue 18 … Fri 21 (36) + Mon 24, Wed 26, Thu 27 (27) + 8 h on Fri 28 Aug → 16:00 WIB
    expect(due(opened('P3', '2026-08-14T16:00:00+07:00'))).toEqual({
      response: '2026-08-18T04:00:00.000Z',
      resolution: '2026-08-28T09:00:00.000Z',
    });
  });

  it('opened on the eve of Idul Fitri (Wednesday 18 March 16:00): Nyepi and Idul Fitri do not count', () => {
    // Thu 19 Nyepi, Fri 20 and Sat 21 Idul Fitri, then the weekend: response Mon 23 Mar 11:00 WIB;
    // resolution: 1 + Mon 23 … Tue 31 (63 h) + 8 h on Wed 1 Apr → 16:00 WIB
    expect(due(opened('P3', '2026-03-18T16:00:00+07:00'))).toEqual({
      response: '2026-03-23T04:00:00.000Z',
      resolution: '2026-04-01T09:00:00.000Z',
    });
  });

  it('with the office’s cuti bersama added after Idul Fitri, those days do not count either', () => {
    const cuti = buildCalendar(
      'jakarta-2',
      {
        ...jakarta,
        extraDays: [
          { date: '2026-03-23', name: 'Cuti bersama Idul Fitri' },
          { date: '2026-03-24', name: 'Cuti bersama Idul Fitri' },
        ],
      },
      2026,
    );
    // response: 1 h Wed 18, then Wed 25 Mar 08:00–11:00 WIB
    expect(due(opened('P3', '2026-03-18T16:00:00+07:00'), cuti).response).toBe('2026-03-25T04:00:00.000Z');
    expect(offClock(cuti, 'P3', at('2026-03-23T10:00:00+07:00'))).toEqual({
      reason: 'holiday',
      holiday: {
        date: '2026-03-23',
        kind: 'office',
        name: { en: 'Cuti bersama Idul Fitri', id: 'Cuti bersama Idul Fitri' },
      },
      resumesAt: at('2026-03-25T01:00:00Z'),
    });
  });

  it('P1 runs round the clock, on a holiday too', () => {
    // 17 Aug 10:00 WIB: response 15 min, resolution 4 h of wall time
    expect(due(opened('P1', '2026-08-17T10:00:00+07:00'))).toEqual({
      response: '2026-08-17T03:15:00.000Z',
      resolution: '2026-08-17T07:00:00.000Z',
    });
    expect(offClock(demo, 'P1', at('2026-08-17T10:00:00+07:00'))).toBeNull();
  });
});

describe('a team elsewhere: Europe/Berlin with German holidays', () => {
  it('a P3 opened Friday 27 March 16:00 CET runs across the change to summer time', () => {
    // 1 h Fri (CET, UTC+1); clocks go forward Sun 29 Mar; 3 h Mon 30 Mar 08:00–11:00 CEST (UTC+2).
    // resolution: 1 + Mon 30 … Thu 2 Apr (36) + [Good Friday 3, Easter Monday 6 off] Tue 7 … Thu 9 (27) + 8 h Fri 10 → 16:00 CEST
    expect(due(opened('P3', '2026-03-27T16:00:00+01:00'), berlin)).toEqual({
      response: '2026-03-30T09:00:00.000Z',
      resolution: '2026-04-10T14:00:00.000Z',
    });
    // the Sunday of the change is 23 h long and has no working time
    expect(workingTimeBetween(berlin, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(0);
  });

  it('a working day in autumn, when the clocks go back, is still 9 hours', () => {
    // Mon 26 Oct 2026 (after the change on Sunday 25 Oct): 08:00–17:00 CET = 07:00–16:00 UTC
    expect(workingTimeBetween(berlin, at('2026-10-24T00:00:00Z'), at('2026-10-27T00:00:00Z'))).toBe(9 * HOUR);
    // from the end of Friday (17:00 CEST): Mon 08:00–10:00 CET
    expect(addWorkingTime(berlin, at('2026-10-23T15:00:00Z'), 2 * HOUR)).toBe(at('2026-10-26T09:00:00Z'));
  });
});

describe('waiting on the user over a weekend', () => {
  // a P3 opened Thursday 5 March 09:00 WIB, worked from 09:30, waiting on the user from Friday 15:00
  // to Monday 10:00: the pause covers 2 working hours on Friday and 2 on Monday, not 67 hours
  const createdAt = '2026-03-05T09:00:00+07:00';
  const paused = opened('P3', createdAt, {
    respondedAt: at('2026-03-05T09:30:00+07:00'),
    pausedSince: at('2026-03-06T15:00:00+07:00'),
  });

  it('while paused on Saturday the deadline has moved by the 2 working hours paused so far, and is frozen', () => {
    // unpaused: 8 h Thu + Fri 6, Mon 9 … Fri 13, Mon 16 (63 h) + 1 h on Tue 17 Mar → 09:00 WIB; +2 h → 11:00 WIB
    const saturday = computeSla(paused, at('2026-03-07T12:00:00+07:00'), undefined, demo);
    expect(new Date(saturday.resolutionDueAt).toISOString()).toBe('2026-03-17T04:00:00.000Z');
    expect(saturday.state).toBe('paused');
    const sunday = computeSla(paused, at('2026-03-08T20:00:00+07:00'), undefined, demo);
    expect(sunday.resolutionRemainingMs).toBe(saturday.resolutionRemainingMs);
  });

  it('resumed Monday 10:00: 4 working hours carried as the pause, deadline Tue 17 March 13:00 WIB', () => {
    const clock = {
      status: 'waiting-on-user' as const,
      respondedAt: paused.respondedAt,
      resolvedAt: null,
      closedAt: null,
      pausedMs: 0,
      pausedSince: paused.pausedSince,
    };
    const resumed = applyTransition(
      clock,
      'in-progress',
      at('2026-03-09T10:00:00+07:00'),
      timelineFor(demo, 'P3').between,
    );
    if (!resumed.ok) throw new Error(resumed.reason);
    expect(resumed.ticket.pausedMs).toBe(4 * HOUR);
    const sla = computeSla({ ...paused, ...resumed.ticket }, at('2026-03-09T11:00:00+07:00'), undefined, demo);
    expect(new Date(sla.resolutionDueAt).toISOString()).toBe('2026-03-17T06:00:00.000Z');
  });
});

describe('why a clock stands still', () => {
  it('outside business hours: resumes Monday 08:00', () => {
    expect(offClock(demo, 'P3', at('2026-03-07T12:00:00+07:00'))).toEqual({
      reason: 'outside-hours',
      resumesAt: at('2026-03-09T01:00:00Z'),
    });
    // a weekday evening resumes the next morning
    expect(offClock(demo, 'P4', at('2026-03-03T17:00:00+07:00'))).toEqual({
      reason: 'outside-hours',
      resumesAt: at('2026-03-04T01:00:00Z'),
    });
    expect(offClock(demo, 'P3', at('2026-03-03T16:59:00+07:00'))).toBeNull();
  });

  it('a public holiday, named in both languages, resumes the next working day', () => {
    const off = offClock(demo, 'P2', at('2026-08-17T10:00:00+07:00'));
    expect(off).toMatchObject({
      reason: 'holiday',
      holiday: { date: '2026-08-17', kind: 'public', name: { id: 'Hari Ulang Tahun Kemerdekaan Republik Indonesia' } },
      resumesAt: at('2026-08-18T01:00:00Z'),
    });
  });

  it('the SLA clock does not run down while the office is closed', () => {
    const input = opened('P3', '2026-03-06T16:30:00+07:00');
    const friday = slaClock(input, at('2026-03-06T17:00:00+07:00'), undefined, demo);
    const sunday = slaClock(input, at('2026-03-08T17:00:00+07:00'), undefined, demo);
    expect(friday.remainingMs).toBe(3.5 * HOUR);
    expect(sunday).toEqual(friday);
  });
});

describe('calendar settings', () => {
  it('refuses an unknown zone, no working day, and a day that ends before it starts', () => {
    expect(calendarProblem({ ...jakarta, timeZone: 'Asia/Atlantis' })).toMatch(/time zone/);
    expect(calendarProblem({ ...jakarta, workingDays: [] })).toMatch(/working day/);
    expect(calendarProblem({ ...jakarta, dayStart: 600, dayEnd: 540 })).toMatch(/end after/);
    expect(calendarProblem(jakarta)).toBeNull();
  });
});
