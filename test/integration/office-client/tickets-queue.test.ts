// A manager's (re)assignment goes through the outbox like every other ticket change: made offline
// it shows at once on the row as pending, reaches the office once it is back, and an assignment
// made on a ticket someone changed meanwhile comes back as a conflict with a retry, never
// overwriting. Real office server on loopback, real SQLite files, the app's core with every module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateTicketResult, Inbox, TicketDetail, TicketRow } from '../../../shared/contract/tickets';
import { TicketListResponse, TicketResponse } from '../../../shared/office-api';
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

const row = (id: string) =>
  (siti.h.tickets.list(undefined, ctx) as { rows: TicketRow[] }).rows.find((r) => r.id === id);
const atOffice = async (id: string) =>
  expectBody(TicketResponse, await server.api.get(`/api/v1/tickets/${id}`, sitiApi.accessToken)).ticket as Ticket;

async function newTicket(title: string): Promise<Ticket> {
  const r = await server.api.post('/api/v1/tickets', sitiApi.accessToken, {
    title,
    requester: 'Branch Kota',
    priority: 'P2',
    assigneeId: budiId,
  });
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
    expect(detail.changes).toEqual([
      expect.objectContaining({ kind: 'ticket-assignment', state: 'pending', summary: ayuId }),
    ]);
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
    expect(
      (await server.api.post(`/api/v1/tickets/${ticket.id}/status`, budi.accessToken, { status: 'acknowledged' }))
        .status,
    ).toBe(200);

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

describe('creating a ticket', () => {
  const inbox = () => siti.h.tickets.list(undefined, ctx) as Inbox;
  const officeTitles = async () =>
    expectBody(
      TicketListResponse,
      await server.api.get('/api/v1/tickets?scope=team&limit=200', sitiApi.accessToken),
    ).items.map((t) => t.title);

  it('online: the office numbers it at once and it is in the list', async () => {
    const r = (await siti.h.tickets.create(
      { description: '', title: 'Teller 4 card reader', requester: 'Branch Kota', priority: 'P3', assigneeId: ayuId },
      ctx,
    )) as CreateTicketResult;
    expect(r.state).toBe('created');
    const created = r.state === 'created' ? r.row : null;
    expect(created).toMatchObject({ id: expect.stringMatching(/^INC-\d+$/), assigneeId: ayuId, pending: 0 });
    expect(row(created!.id)).toBeDefined();
  });

  it('offline: queued and shown as waiting; it reaches the office once, in order, and arrives in the list with its number', async () => {
    siti.connectivity.set(unreachable());
    const first = (await siti.h.tickets.create(
      {
        description: '',
        title: 'Offline one: ATM 12 jammed',
        requester: 'ATM ops',
        priority: 'P1',
        assigneeId: budiId,
      },
      ctx,
    )) as CreateTicketResult;
    const second = (await siti.h.tickets.create(
      { description: '', title: 'Offline two: branch Wi-Fi down', requester: 'Branch Kota', priority: 'P2' },
      ctx,
    )) as CreateTicketResult;
    expect(first).toMatchObject({
      state: 'queued',
      ticket: { title: 'Offline one: ATM 12 jammed', priority: 'P1', assigneeId: budiId, state: 'pending' },
    });
    expect(second.state).toBe('queued');
    expect(inbox().creating.map((c) => c.title)).toEqual([
      'Offline one: ATM 12 jammed',
      'Offline two: branch Wi-Fi down',
    ]);
    expect(
      siti.events.some(
        ([name, p]) => name === 'tickets.creatingChanged' && (p as { items: unknown[] }).items.length === 2,
      ),
    ).toBe(true);
    expect((await officeTitles()).filter((t) => t.startsWith('Offline'))).toEqual([]);

    siti.connectivity.set(reachable());
    await until(() => inbox().creating.length === 0);
    const atOffice = (await officeTitles()).filter((t) => t.startsWith('Offline'));
    expect(atOffice.sort()).toEqual(['Offline one: ATM 12 jammed', 'Offline two: branch Wi-Fi down']);
    await until(() => inbox().rows.filter((r) => r.title.startsWith('Offline')).length === 2);
    const ids = inbox()
      .rows.filter((r) => r.title.startsWith('Offline'))
      .sort((a, b) => a.createdAt - b.createdAt);
    expect(Number(ids[0]!.id.slice(4))).toBeLessThan(Number(ids[1]!.id.slice(4)));
  });

  it('a creation the office refuses is shown with its reason, and can be discarded', async () => {
    siti.connectivity.set(unreachable());
    // an assignee outside the team: valid to queue, refused by the office
    const outsider = await server.api.login('admin');
    await siti.h.tickets.create(
      {
        description: '',
        title: 'Refused: wrong assignee',
        requester: 'x',
        priority: 'P4',
        assigneeId: outsider.user.id,
      },
      ctx,
    );
    siti.connectivity.set(reachable());
    await until(() => inbox().creating[0]?.state === 'failed');
    const failed = inbox().creating[0]!;
    expect(failed.message).toMatch(/team/);
    expect(siti.h.sync.discard({ id: failed.itemId }, ctx)).toBe(true);
    await until(() => inbox().creating.length === 0);
    expect(await officeTitles()).not.toContain('Refused: wrong assignee');
  });

  it('a worker cannot create one, online or not', async () => {
    const ayu = await officeApp(server.url, 'ayu');
    try {
      ayu.connectivity.set(unreachable());
      await expect(
        Promise.resolve().then(() =>
          ayu.h.tickets.create({ description: '', title: 'x', requester: 'y', priority: 'P3' }, ctx),
        ),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(ayu.office.outbox.list().filter((i) => i.kind === 'ticket-create')).toHaveLength(0);
    } finally {
      ayu.close();
    }
  });
});
