// The desktop client computes SLA clocks on the same calendar as the office: a ticket names the
// calendar version it was opened under, the tickets module fetches that version once (also when
// the ticket arrives live), keeps it in the local cache, and lists it with the inbox. Real office
// server on loopback, real SQLite files, the app's core with every module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxSchema, type Inbox } from '../../../shared/contract/tickets';
import { computeSla } from '../../../shared/domain/sla';
import { SlaCalendarResponse, TicketResponse, type LoginResponse, type Ticket } from '../../../shared/office-api';
import { ctx, officeApp, until } from '../../fixtures/office-app';
import type { OfficeApp } from '../../fixtures/office-app';
import { expectBody, startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
let siti: OfficeApp;
let sitiApi: LoginResponse;
let admin: LoginResponse;
beforeAll(async () => {
  server = await startTestServer();
  siti = await officeApp(server.url, 'siti');
  sitiApi = await server.api.login('siti');
  admin = await server.api.login('admin');
});
afterAll(async () => {
  siti?.close();
  await server?.cleanup();
});

const inbox = () => siti.h.tickets.list(undefined, ctx) as Inbox;

async function newTicket(title: string, priority = 'P3'): Promise<Ticket> {
  const r = await server.api.post('/api/v1/tickets', sitiApi.accessToken, {
    title,
    requester: 'Branch Kota',
    priority,
  });
  return expectBody(TicketResponse, r, 201).ticket;
}

describe('SLA calendars in the desktop client', () => {
  it('a ticket arriving live brings its calendar; the client’s deadlines are the office’s', async () => {
    const ticket = await newTicket('Teller PC will not boot');
    expect(ticket.calendarId).toBeTruthy();
    await until(() => inbox().calendars?.[ticket.calendarId!] !== undefined);
    // what crosses to the renderer passes the contract's schema
    const { rows, calendars } = InboxSchema.parse(inbox());
    const row = rows.find((r) => r.id === ticket.id)!;
    expect(row.calendarId).toBe(ticket.calendarId);
    const calendar = calendars![ticket.calendarId!]!;
    expect(calendar).toMatchObject({ timeZone: 'Asia/Jakarta', country: 'ID', dayStart: 480, dayEnd: 1020 });
    const local = computeSla(row, row.createdAt, undefined, calendar);
    expect(local.responseDueAt).toBe(Date.parse(ticket.sla.responseDueAt));
    expect(local.resolutionDueAt).toBe(Date.parse(ticket.sla.resolutionDueAt));
  });

  it('after a calendar change the new version is fetched too, and the old tickets keep theirs', async () => {
    const before = await newTicket('Mailbox full');
    const teamId = sitiApi.user.teamId!;
    const changed = expectBody(
      SlaCalendarResponse,
      await server.api.request('PUT', `/api/v1/teams/${teamId}/calendar`, {
        token: admin.accessToken,
        body: {
          timeZone: 'Asia/Jakarta',
          country: 'ID',
          workingDays: [1, 2, 3, 4, 5, 6],
          dayStart: 7 * 60,
          dayEnd: 16 * 60,
          roundTheClock: ['P1'],
          extraDays: [],
        },
      }),
    );
    const after = await newTicket('Scanner jammed');
    expect(after.calendarId).toBe(changed.calendar.id);
    await until(() => inbox().calendars?.[changed.calendar.id] !== undefined);
    const { rows } = inbox();
    expect(rows.find((r) => r.id === before.id)?.calendarId).toBe(before.calendarId);
    expect(rows.find((r) => r.id === after.id)?.calendarId).toBe(changed.calendar.id);
    expect(Object.keys(inbox().calendars!)).toEqual(expect.arrayContaining([before.calendarId, changed.calendar.id]));
  });
});
