// SLA calendars on the real office server (SQLite, and PostgreSQL in the office-pg project): the
// deadline preview, tickets computed on the calendar version they were opened under, a waiting-on-
// user pause over a weekend carried in working time, and a calendar change that moves no deadline.
// Expected times are written out (demo calendar: Mon–Fri 08:00–17:00 WIB, Indonesian holidays).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditListResponse,
  SlaCalendarResponse,
  SlaPreviewResponse,
  TicketDetailResponse,
  TicketResponse,
  type LoginResponse,
  type Ticket,
} from '../../../shared/office-api';
import { createOtherTeam, expectBody, startTestServer, type TestServer } from './helpers';

const at = (iso: string) => Date.parse(iso);

describe('office server: SLA calendars', () => {
  let s: TestServer;
  let now = at('2026-03-02T16:00:00+07:00'); // Monday 16:00 WIB
  let siti: LoginResponse;
  let budi: LoginResponse;
  let admin: LoginResponse;
  let signedInAt = now;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;

  /** the server's clock jumps days: sign in again at the new time (tokens expire) */
  async function fresh(): Promise<void> {
    if (signedInAt === now) return;
    signedInAt = now;
    [siti, budi, admin] = [await s.api.login('siti'), await s.api.login('budi'), await s.api.login('admin')];
    other.worker = await s.api.login('wati', 'a-long-password');
  }
  const create = async (title: string, priority = 'P3'): Promise<Ticket> => (
    await fresh(),
    expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title,
        requester: 'Branch Sudirman',
        priority,
        assigneeId: budi.user.id,
      }),
      201,
    ).ticket
  );
  const detail = async (id: string) => (
    await fresh(),
    expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${id}`, siti.accessToken))
  );
  const status = async (id: string, to: string) => {
    await fresh();
    return expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${id}/status`, budi.accessToken, { status: to }),
    ).ticket;
  };

  beforeAll(async () => {
    s = await startTestServer({ now: () => now });
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    admin = await s.api.login('admin');
    other = await createOtherTeam(s.api);
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('previews the deadlines of my team’s calendar, and names the calendar', async () => {
    const r = expectBody(
      SlaPreviewResponse,
      await s.api.get(
        `/api/v1/sla/preview?priority=P3&openedAt=${encodeURIComponent('2026-08-14T16:00:00+07:00')}`,
        budi.accessToken,
      ),
    );
    // Friday 14 August 16:00: 1 h that day, Monday 17 August is Independence Day, Tue 18 Aug 08:00–11:00 WIB
    expect(r.responseDueAt).toBe('2026-08-18T04:00:00.000Z');
    expect(r.resolutionDueAt).toBe('2026-08-28T09:00:00.000Z');
    expect(r.calendar).toMatchObject({ timeZone: 'Asia/Jakarta', country: 'ID', dayStart: 480, dayEnd: 1020 });
    expect(r.calendar?.holidays.map((h) => h.date)).toContain('2026-03-20'); // Idul Fitri
    expect(r.calendar?.roundTheClock).toEqual(['P1']);

    const p1 = expectBody(
      SlaPreviewResponse,
      await s.api.get(
        `/api/v1/sla/preview?priority=P1&openedAt=${encodeURIComponent('2026-08-17T10:00:00+07:00')}`,
        budi.accessToken,
      ),
    );
    expect(p1.responseDueAt).toBe('2026-08-17T03:15:00.000Z');
  });

  it('another team’s calendar is for admins; a team without one runs round the clock', async () => {
    const q = `/api/v1/sla/preview?priority=P3&openedAt=${encodeURIComponent('2026-03-07T10:00:00+07:00')}&teamId=${other.teamId}`;
    expect((await s.api.get(q, budi.accessToken)).status).toBe(404);
    const r = expectBody(SlaPreviewResponse, await s.api.get(q, admin.accessToken));
    expect(r.calendar).toBeNull();
    expect(r.responseDueAt).toBe('2026-03-07T07:00:00.000Z'); // Saturday 10:00 WIB + 4 h
    expect((await s.api.get('/api/v1/sla/preview?priority=P9&openedAt=x', budi.accessToken)).status).toBe(400);
  });

  it('is in /openapi.json', async () => {
    const doc = (await s.api.get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/sla/preview', '/api/v1/sla/calendars/{id}', '/api/v1/teams/{id}/calendar']),
    );
  });

  it('a ticket opened Monday 16:00 WIB is computed on the team calendar', async () => {
    now = at('2026-03-02T16:00:00+07:00');
    const t = await create('Teller printer offline');
    expect(t.calendarId).toBeTruthy();
    expect(t.sla.responseDueAt).toBe('2026-03-03T04:00:00.000Z');
    expect(t.sla.resolutionDueAt).toBe('2026-03-12T09:00:00.000Z');
    const cal = expectBody(
      SlaCalendarResponse,
      await s.api.get(`/api/v1/sla/calendars/${t.calendarId}`, budi.accessToken),
    );
    expect(cal.calendar.id).toBe(t.calendarId);
    expect((await s.api.get(`/api/v1/sla/calendars/${t.calendarId}`, other.worker.accessToken)).status).toBe(404);
  });

  it('a waiting-on-user pause from Friday 15:00 to Monday 10:00 counts 4 working hours', async () => {
    now = at('2026-03-05T09:00:00+07:00'); // Thursday
    const t = await create('Mailbox full');
    now = at('2026-03-05T09:30:00+07:00');
    await status(t.id, 'acknowledged');
    await status(t.id, 'in-progress');
    now = at('2026-03-06T15:00:00+07:00');
    await status(t.id, 'waiting-on-user');
    now = at('2026-03-07T12:00:00+07:00'); // Saturday: 2 h paused so far, the deadline frozen there
    const saturday = (await detail(t.id)).ticket;
    expect(saturday.sla.state).toBe('paused');
    expect(saturday.sla.resolutionDueAt).toBe('2026-03-17T04:00:00.000Z');
    now = at('2026-03-09T10:00:00+07:00');
    const resumed = await status(t.id, 'in-progress');
    expect(resumed.pausedMs).toBe(4 * 3_600_000);
    expect(resumed.sla.resolutionDueAt).toBe('2026-03-17T06:00:00.000Z'); // Tue 17 March 13:00 WIB
  });

  it('a calendar change moves no deadline: open tickets keep theirs, and their history says so', async () => {
    now = at('2026-03-16T16:00:00+07:00'); // Monday
    const before = await create('VPN token expired');
    expect(before.sla.responseDueAt).toBe('2026-03-17T04:00:00.000Z');
    await fresh();

    const bad = await s.api.request('PUT', `/api/v1/teams/${siti.user.teamId}/calendar`, {
      token: admin.accessToken,
      body: {
        timeZone: 'Asia/Jakarta',
        country: 'ID',
        workingDays: [1, 2, 3, 4, 5],
        dayStart: 17 * 60,
        dayEnd: 8 * 60,
        roundTheClock: ['P1'],
        extraDays: [],
      },
    });
    expect(bad.status).toBe(400);
    expect(
      (await s.api.request('PUT', `/api/v1/teams/${siti.user.teamId}/calendar`, { token: siti.accessToken, body: {} }))
        .status,
    ).toBe(403);

    const changed = expectBody(
      SlaCalendarResponse,
      await s.api.request('PUT', `/api/v1/teams/${siti.user.teamId}/calendar`, {
        token: admin.accessToken,
        body: {
          timeZone: 'Asia/Jakarta',
          country: 'ID',
          workingDays: [1, 2, 3, 4, 5],
          dayStart: 8 * 60,
          dayEnd: 17 * 60,
          roundTheClock: ['P1'],
          extraDays: [{ date: '2026-03-17', name: 'Cuti bersama' }],
        },
      }),
    );
    expect(changed.calendar.id).not.toBe(before.calendarId);

    const kept = await detail(before.id);
    expect(kept.ticket.calendarId).toBe(before.calendarId);
    expect(kept.ticket.sla.responseDueAt).toBe('2026-03-17T04:00:00.000Z');
    expect(kept.comments.at(-1)).toMatchObject({ kind: 'system' });
    expect(kept.comments.at(-1)?.body).toMatch(/SLA calendar of the team changed \(version 2\); this ticket keeps/);
    expect(kept.comments.at(-1)?.history).toMatchObject({ kind: 'calendar', version: 2, keeps: 'calendar' });
    // and the audit trail has the calendar's effect on it (none: the deadlines stay)
    const trail = expectBody(
      AuditListResponse,
      await s.api.get(`/api/v1/tickets/${before.id}/audit`, admin.accessToken),
    );
    expect(trail.items.at(-1)).toMatchObject({
      action: 'calendar',
      before: { calendarId: before.calendarId },
      after: { calendarId: before.calendarId, teamCalendarId: changed.calendar.id },
    });

    // a ticket opened now uses the new version: Tuesday 17 March is the office's day off
    const after = await create('Scanner jammed');
    expect(after.calendarId).toBe(changed.calendar.id);
    expect(after.sla.responseDueAt).toBe('2026-03-18T04:00:00.000Z');
  });
});
