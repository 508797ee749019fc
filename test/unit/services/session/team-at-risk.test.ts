// The manager's "tickets at SLA risk" runs each ticket's clock on the calendar the inbox uses: a P3
// opened late on a Friday in Jakarta is not breached over the weekend. Expected times are written
// out by hand from the demo calendar (Monday–Friday 08:00–17:00 WIB, P3 responds within 4 working hours).
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../../../office-server/sla/calendar';
import type { TicketRecord } from '../../../../office-server/data/store';
import { toApiTicket } from '../../../../office-server/services/views';
import { teamAtRisk } from '../../../../electron/services/session/session-module';

const calendar = buildCalendar(
  'jakarta-1',
  {
    timeZone: 'Asia/Jakarta',
    country: 'ID',
    workingDays: [1, 2, 3, 4, 5],
    dayStart: 8 * 60,
    dayEnd: 17 * 60,
    roundTheClock: ['P1'],
    extraDays: [],
  },
  2026,
);
// Friday 27 November 2026, 16:00 WIB
const created = Date.parse('2026-11-27T09:00:00Z');
const record: TicketRecord = {
  seq: 1,
  id: 'INC-2001',
  title: 'VPN token not accepted',
  description: '',
  requester: 'r',
  priority: 'P3',
  status: 'new',
  escalationLevel: 'L1',
  teamId: 't',
  assigneeId: 'u-budi',
  createdBy: 'm',
  createdAt: created,
  updatedAt: created,
  respondedAt: null,
  resolvedAt: null,
  closedAt: null,
  pausedMs: 0,
  pausedSince: null,
  version: 1,
  calendarId: calendar.id,
  escalatedBy: null,
  escalatedFromTeamId: null,
  firstEscalatedBy: null,
  firstEscalatedFromTeamId: null,
};
const ticket = toApiTicket(record, created, calendar);

describe('the team view’s tickets at SLA risk', () => {
  it('counts working hours on the ticket’s calendar, not the wall clock', () => {
    // Saturday 12:00 WIB: round the clock the 4 hours ran out Friday 20:00 WIB; on the calendar one
    // working hour has passed (Friday 16:00–17:00) and three are left
    const saturdayNoon = Date.parse('2026-11-28T05:00:00Z');
    expect(teamAtRisk([ticket], saturdayNoon).map((t) => t.sla)).toEqual(['breached']);
    expect(teamAtRisk([ticket], saturdayNoon, () => calendar)).toEqual([]);
  });

  it('shows the response clock at risk on Monday morning, due Monday 11:00 WIB', () => {
    // Monday 10:30 WIB: 30 of the 240 working minutes are left (under a quarter)
    const mondayMorning = Date.parse('2026-11-30T03:30:00Z');
    expect(teamAtRisk([ticket], mondayMorning, () => calendar)).toEqual([
      {
        id: 'INC-2001',
        title: 'VPN token not accepted',
        priority: 'P3',
        assigneeId: 'u-budi',
        sla: 'at-risk',
        resolutionDueAt: expect.any(String),
        clock: 'response',
        dueAt: '2026-11-30T04:00:00.000Z',
      },
    ]);
  });
});
