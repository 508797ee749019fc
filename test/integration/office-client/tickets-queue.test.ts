// A manager's (re)assignment goes through the outbox like every other ticket change: made offline
// it shows at once on the row as pending, reaches the office once it is back, and an assignment
// made on a ticket someone changed meanwhile comes back as a conflict with a retry, never
// overwriting. Real office server on loopback, real SQLite files, the app's core with every module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetail, TicketRow } from '../../../shared/contract/tickets';
import { TicketResponse } from '../../../shared/office-api';
import type { LoginResponse, Ticket } from '../../../shared/office-api';
import { ctx, officeApp, reachable, unreachable, until } from '../../fixtures/office-app';
import type { OfficeApp } from '../../fixtures/office-app';
import { expectBody, startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
let siti: OfficeApp;
let sitiApi: LoginResponse;
let budiId: string;
let ayuId: string;
beforeAll(async () => {
  server = await startTestServer();
  siti = await officeApp(server.url, 'siti');
  sitiApi = await server.api.login('siti');
  budiId = (await server.api.login('budi')).user.id;
  ayuId = (await server.api.login('ayu')).user.id;
});
afterAll(async () => {
  siti?.close();
  await server?.cleanup();
});

const row = (id: string) => (siti.h.tickets.list(undefined, ctx) as { rows: TicketRow[] }).rows.find((r) => r.id === id);
const atOffice = async (id: string) =>
  expectBody(TicketResponse, await server.api.get(`/api/v1/tickets/${id}`, sitiApi.accessToken)).ticket as Ticket;

async function newTicket(title: string): Promise<Ticket> {
  const r = await server.api.post('/api/v1/tickets', sitiApi.accessToken, { title, requester: 'Branch Kota', priority: 'P2', assigneeId: budiId });
  const ticket = expectBody(TicketResponse, r, 201).ticket;
  await until(() => row(ticket.id) !== undefined);
  return ticket;
}

describe('assigning a ticket through the outbox', () => {
  it('offline: the row shows the new assignee as pending; back online it reaches the office once', async () => {
    const ticket = await newTicket('Branch Kota teller PC will not boot');
    siti.connectivity.set(unreachable());
    const pending = siti.h.tickets.assign({ id: ticket.id, assigneeId: ayuId }, ctx) as TicketRow;
    expect(pending).toMatchObject({ assigneeId: ayuId, pending: 1, failed: null });
    const detail = siti.h.tickets.get({ id: ticket.id }, ctx) as TicketDetail;
    expect(detail.changes).toEqual([expect.objectContaining({ kind: 'ticket-assignment', state: 'pending', summary: ayuId })]);
    // assigning it again to the same person is nothing more to send
    expect(siti.h.tickets.assign({ id: ticket.id, assigneeId: ayuId }, ctx)).toMatchObject({ pending: 1 });
    expect((await atOffice(ticket.id)).assigneeId).toBe(budiId);

    siti.connectivity.set(reachable());
    await until(() => row(ticket.id)?.pending === 0);
    const now = await atOffice(ticket.id);
    expect(now).toMatchObject({ assigneeId: ayuId, version: ticket.version + 1 });
    expect(row(ticket.id)).toMatchObject({ assigneeId: ayuId, failed: null });
  });

  it('a ticket changed meanwhile: the assignment is a visible conflict, the office keeps its state, and a retry lands', async () => {
    const ticket = await newTicket('Loans desk scanner drops its network');
    siti.connectivity.set(unreachable());
    siti.h.tickets.assign({ id: ticket.id, assigneeId: ayuId }, ctx);
    // someone else changes the ticket before the assignment arrives
    const budi = await server.api.login('budi');
    expect((await server.api.post(`/api/v1/tickets/${ticket.id}/status`, budi.accessToken, { status: 'acknowledged' })).status).toBe(200);

    siti.connectivity.set(reachable());
    await until(() => row(ticket.id)?.failed?.code === 'conflict');
    expect(await atOffice(ticket.id)).toMatchObject({ assigneeId: budiId, status: 'acknowledged' });
    const failed = row(ticket.id)!.failed!;
    expect(failed).toMatchObject({ kind: 'ticket-assignment', state: 'failed', summary: ayuId });

    // the retry is made on the ticket as it is now
    await until(() => row(ticket.id)?.status === 'acknowledged');
    siti.h.tickets.retry({ id: ticket.id, itemId: failed.itemId }, ctx);
    await until(() => row(ticket.id)?.pending === 0 && row(ticket.id)?.failed === null);
    expect(await atOffice(ticket.id)).toMatchObject({ assigneeId: ayuId, status: 'acknowledged' });
  });
});
