// The desktop client tells the office where a change is made from (X-Teleworker-Network, from the
// connectivity monitor's state), and the office's audit trail records it: a real office server on
// loopback, the real office service and outbox, the monitor's state set by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRow } from '../../../shared/contract/tickets';
import { AuditListResponse, TicketResponse } from '../../../shared/office-api';
import type { LoginResponse, Ticket } from '../../../shared/office-api';
import { statusFixture } from '../../fixtures/core';
import { ctx, officeApp, until } from '../../fixtures/office-app';
import type { OfficeApp } from '../../fixtures/office-app';
import { expectBody, startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
let siti: OfficeApp;
let sitiApi: LoginResponse;
beforeAll(async () => {
  server = await startTestServer();
  siti = await officeApp(server.url, 'siti');
  sitiApi = await server.api.login('siti');
});
afterAll(async () => {
  siti?.close();
  await server?.cleanup();
});

const row = (id: string) =>
  (siti.h.tickets.list(undefined, ctx) as { rows: TicketRow[] }).rows.find((r) => r.id === id);
const audit = async (id: string) =>
  expectBody(AuditListResponse, await server.api.get(`/api/v1/tickets/${id}/audit`, sitiApi.accessToken)).items;

describe('the network state in the audit trail', () => {
  it('records office LAN, VPN and elsewhere as the connectivity monitor saw them when the change was sent', async () => {
    const budiId = (await server.api.login('budi')).user.id;
    const r = await server.api.post('/api/v1/tickets', sitiApi.accessToken, {
      title: 'Teller PC 2 cannot reach the printer server',
      requester: 'Branch Kota',
      priority: 'P3',
      assigneeId: budiId,
    });
    const ticket = expectBody(TicketResponse, r, 201).ticket as Ticket;
    await until(() => row(ticket.id) !== undefined);

    const steps = [
      ['office-lan', 'office-lan'],
      ['office-via-vpn', 'vpn'],
      ['degraded', 'other'],
    ] as const;
    for (const [i, [state]] of steps.entries()) {
      siti.connectivity.set(statusFixture({ status: state }));
      siti.h.tickets.act({ id: ticket.id, action: { type: 'comment', body: `note ${i}` } }, ctx);
      await until(async () => (await audit(ticket.id)).length === 2 + i);
    }
    const entries = await audit(ticket.id);
    // the test's own API call made the ticket and said nothing: unknown
    expect(entries.map((e) => [e.action, e.network])).toEqual([
      ['create', 'unknown'],
      ['comment', 'office-lan'],
      ['comment', 'vpn'],
      ['comment', 'other'],
    ]);
  });
});
