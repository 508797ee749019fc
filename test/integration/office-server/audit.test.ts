// The ticket audit trail on the real office server (SQLite, and PostgreSQL in the office-pg
// project): every change is an entry with who, when (UTC and the team's zone), the network state
// the client reported, before and after; managers and admins read it and export it as CSV; and the
// database itself refuses to change or remove an entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditListResponse,
  TicketDetailResponse,
  TicketResponse,
  type LoginResponse,
  type Ticket,
} from '../../../shared/office-api';
import { createOtherTeam, expectBody, sqlOn, startTestServer, type TestServer } from './helpers';

describe('office server: the ticket audit trail', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let admin: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;
  let ticket: Ticket;
  const network = (value: string) => ({ 'x-teleworker-network': value });

  beforeAll(async () => {
    s = await startTestServer();
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    admin = await s.api.login('admin');
    other = await createOtherTeam(s.api);
    ticket = expectBody(
      TicketResponse,
      await s.api.request('POST', '/api/v1/tickets', {
        token: siti.accessToken,
        body: { title: 'Core banking unreachable', requester: 'Branch 7', priority: 'P2', assigneeId: budi.user.id },
        headers: network('vpn'),
      }),
      201,
    ).ticket;
    const ack = await s.api.request('POST', `/api/v1/tickets/${ticket.id}/status`, {
      token: budi.accessToken,
      body: { status: 'acknowledged' },
      headers: network('office-lan'),
    });
    expect(ack.status).toBe(200);
    expect(
      (await s.api.post(`/api/v1/tickets/${ticket.id}/comments`, budi.accessToken, { body: 'On it' })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('records every change: who, when, the reported network, before and after', async () => {
    const { items } = expectBody(
      AuditListResponse,
      await s.api.get(`/api/v1/tickets/${ticket.id}/audit`, siti.accessToken),
    );
    expect(items.map((e) => [e.action, e.actorId, e.network])).toEqual([
      ['create', siti.user.id, 'vpn'],
      ['status', budi.user.id, 'office-lan'],
      ['comment', budi.user.id, 'unknown'],
    ]);
    expect(items[0]).toMatchObject({ before: null, after: { title: 'Core banking unreachable', status: 'new' } });
    expect(items[1]).toMatchObject({ before: { status: 'new' }, after: { status: 'acknowledged' } });
    expect(items[2]?.after).toEqual({ comment: 'On it' });
    // the demo team's zone: UTC+7, seven hours ahead of the UTC time
    expect(items[0]?.timeZone).toBe('Asia/Jakarta');
    const utc = new Date(items[0]!.at);
    const wall = new Date(utc.getTime() + 7 * 3_600_000).toISOString().slice(11, 19);
    expect(items[0]?.atLocal.endsWith(wall)).toBe(true);
  });

  it('is for the team’s managers and admins only', async () => {
    expect((await s.api.get(`/api/v1/tickets/${ticket.id}/audit`, budi.accessToken)).status).toBe(403);
    expect((await s.api.get(`/api/v1/tickets/${ticket.id}/audit`, other.manager.accessToken)).status).toBe(404);
    expect((await s.api.get(`/api/v1/tickets/${ticket.id}/audit`, admin.accessToken)).status).toBe(200);
  });

  it('exports a date range as CSV: the team’s entries for its manager, none of them for another team', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const mine = await s.api.get(`/api/v1/audit.csv?from=${today}&to=${today}`, siti.accessToken);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = mine.text.trim().split('\r\n');
    expect(lines[0]).toBe('seq,atUtc,atLocal,timeZone,ticketId,actor,network,action,before,after');
    const ours = lines.filter((l) => l.includes(ticket.id));
    expect(ours).toHaveLength(3);
    expect(ours[0]).toContain(',siti,vpn,create,');
    const theirs = await s.api.get(`/api/v1/audit.csv?from=${today}&to=${today}`, other.manager.accessToken);
    expect(theirs.text).not.toContain(ticket.id);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(
      (await s.api.get(`/api/v1/audit.csv?from=${yesterday}&to=${yesterday}`, admin.accessToken)).text,
    ).not.toContain(ticket.id);
    expect((await s.api.get(`/api/v1/audit.csv?from=${today}&to=${today}`, budi.accessToken)).status).toBe(403);
  });

  it('draws the ticket’s history lines from the audit trail: no system comment is written beside it', async () => {
    const t = expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title: 'Branch printer jams',
        requester: 'Branch 9',
        priority: 'P3',
        assigneeId: budi.user.id,
      }),
      201,
    ).ticket;
    expect(
      (
        await s.api.post(`/api/v1/tickets/${t.id}/status`, budi.accessToken, {
          status: 'acknowledged',
          note: 'Looking',
        })
      ).status,
    ).toBe(200);
    const { rows } = await sqlOn<{ kind: string; body: string }>(
      s.dataDir,
      'SELECT kind, body FROM ticket_comments WHERE ticket_id = ? ORDER BY seq',
      [t.id],
    );
    expect(rows).toEqual([{ kind: 'comment', body: 'Looking' }]);
    const trail = expectBody(AuditListResponse, await s.api.get(`/api/v1/tickets/${t.id}/audit`, siti.accessToken));
    const status = trail.items.find((e) => e.action === 'status')!;
    const detail = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, budi.accessToken));
    expect(detail.comments.map((c) => [c.kind, c.body, c.authorId])).toEqual([
      ['system', 'status: new → acknowledged', budi.user.id],
      ['comment', 'Looking', budi.user.id],
    ]);
    expect(detail.comments[0]).toMatchObject({ id: `audit-${status.seq}`, createdAt: status.at });

    // a manager's assignment is a line too, naming the person (and unassigning)
    for (const assigneeId of [null, budi.user.id])
      expect((await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, { assigneeId })).status).toBe(200);
    const after = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, siti.accessToken));
    expect(after.comments.slice(2).map((c) => [c.kind, c.body, c.authorId])).toEqual([
      ['system', 'unassigned', siti.user.id],
      ['system', `assigned to ${budi.user.displayName}`, siti.user.id],
    ]);
    expect(after.comments.map((c) => c.history)).toEqual([
      { kind: 'status', from: 'new', to: 'acknowledged' },
      undefined,
      { kind: 'unassigned' },
      { kind: 'assigned', personId: budi.user.id, personName: budi.user.displayName },
    ]);
  });

  it('keeps the system comments of a database from before, without doubling one its audit entry also says', async () => {
    const t = expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title: 'Old one',
        requester: 'Branch 3',
        priority: 'P3',
      }),
      201,
    ).ticket;
    expect(
      (await s.api.post(`/api/v1/tickets/${t.id}/status`, siti.accessToken, { status: 'acknowledged' })).status,
    ).toBe(200);
    const trail = expectBody(AuditListResponse, await s.api.get(`/api/v1/tickets/${t.id}/audit`, siti.accessToken));
    const at = Date.parse(trail.items.find((e) => e.action === 'status')!.at);
    // what the office wrote before its history came from the audit: a line of its own, and one beside the entry
    const legacy =
      'INSERT INTO ticket_comments (id, ticket_id, author_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?, ?)';
    await sqlOn(s.dataDir, legacy, [
      `legacy-a-${t.id}`,
      t.id,
      siti.user.id,
      'system',
      'escalated L1 → L2: old',
      at - 1,
    ]);
    await sqlOn(s.dataDir, legacy, [
      `legacy-b-${t.id}`,
      t.id,
      siti.user.id,
      'system',
      'status: new → acknowledged',
      at,
    ]);
    const detail = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, siti.accessToken));
    expect(detail.comments.map((c) => [c.id.startsWith('audit-'), c.body])).toEqual([
      [false, 'escalated L1 → L2: old'],
      [true, 'status: new → acknowledged'],
    ]);
    // the old line has only its text (the client reads it as before); the audit's line has its data
    expect(detail.comments.map((c) => c.history)).toEqual([
      undefined,
      { kind: 'status', from: 'new', to: 'acknowledged' },
    ]);
  });

  it('the database refuses UPDATE and DELETE of an entry', async () => {
    await expect(
      sqlOn(s.dataDir, 'UPDATE ticket_audit SET actor_id = ? WHERE ticket_id = ?', [admin.user.id, ticket.id]),
    ).rejects.toThrow(/append-only/);
    await expect(sqlOn(s.dataDir, 'DELETE FROM ticket_audit WHERE ticket_id = ?', [ticket.id])).rejects.toThrow(
      /append-only/,
    );
    const { rows } = await sqlOn<{ actor_id: string }>(
      s.dataDir,
      'SELECT actor_id FROM ticket_audit WHERE ticket_id = ? ORDER BY seq',
      [ticket.id],
    );
    expect(rows.map((r) => r.actor_id)).toEqual([siti.user.id, budi.user.id, budi.user.id]);
  });

  it('writes the CSV with the shared writer: a formula after a separator inside a cell is neutralised', async () => {
    const r = await s.api.request('POST', `/api/v1/tickets/${ticket.id}/comments`, {
      token: budi.accessToken,
      body: { body: 'total;=SUM(A1:A9)' },
    });
    expect(r.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const csv = (await s.api.get(`/api/v1/audit.csv?from=${today}&to=${today}`, siti.accessToken)).text;
    expect(csv).toContain(`total;'=SUM(A1:A9)`);
    expect(csv).not.toContain('total;=SUM');
  });
});
