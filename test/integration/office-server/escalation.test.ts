// The whole second-level path against the real office (SQLite here, PostgreSQL in the office-pg
// project): budi (L1) escalates with a reason → the ticket waits in the queue of Infrastructure — L2
// → eko takes it → hands it back → budi escalates again → eko resolves. budi hears of each step on
// the event stream; a third team sees none of it; the SLA clocks carry over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ErrorBody,
  EscalationTeamsResponse,
  TicketDetailResponse,
  TicketListResponse,
  TicketResponse,
  type LoginResponse,
  type OfficeEvent,
  type Ticket,
} from '../../../shared/office-api';
import { createOtherTeam, EventClient, expectBody, startTestServer, type TestServer } from './helpers';

type Frame = Awaited<ReturnType<EventClient['waitFor']>>;
const ticketEvent =
  (id: string, change: string) =>
  (f: Frame): boolean =>
    f.type === 'event' && f.event.type === 'ticket.updated' && f.event.ticket.id === id && f.event.change === change;

describe('office server: escalation to a second-level team', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  let eko: LoginResponse;
  let rina: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;
  const sockets: EventClient[] = [];

  const listen = async (token: string): Promise<EventClient> => {
    const c = await EventClient.connect(s.url, { token });
    await c.waitFor((f) => f.type === 'ready');
    sockets.push(c);
    return c;
  };
  const list = async (token: string, scope: string): Promise<Ticket[]> =>
    expectBody(TicketListResponse, await s.api.get(`/api/v1/tickets?scope=${scope}&limit=200`, token)).items;
  const get = (token: string, id: string) => s.api.get(`/api/v1/tickets/${id}`, token);

  beforeAll(async () => {
    s = await startTestServer();
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    ayu = await s.api.login('ayu');
    eko = await s.api.login('eko');
    rina = await s.api.login('rina');
    other = await createOtherTeam(s.api);
  });
  afterAll(async () => {
    for (const c of sockets) await c.close();
    await s.cleanup();
  });

  it('lists the second-level team as where an L2 escalation goes by default', async () => {
    const teams = expectBody(
      EscalationTeamsResponse,
      await s.api.get('/api/v1/tickets/escalation-teams', budi.accessToken),
    );
    expect(teams.items).toEqual([
      { id: eko.user.teamId, name: 'Infrastructure — L2', supportLevel: 'L2', default: true },
    ]);
  });

  it('escalate → queue → taken → handed back → escalated again → resolved, the L1 person told each time', async () => {
    const created = expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title: 'Branch Kemang VPN concentrator drops tunnels',
        requester: 'Branch Kemang',
        priority: 'P2',
        assigneeId: budi.user.id,
      }),
      201,
    ).ticket;
    const acknowledged = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${created.id}/status`, budi.accessToken, { status: 'acknowledged' }),
    ).ticket;
    const budiWs = await listen(budi.accessToken);
    const ekoWs = await listen(eko.accessToken);
    const sitiWs = await listen(siti.accessToken);
    const strangerWs = await listen(other.manager.accessToken);

    // 1. budi escalates with a reason: it leaves his and his manager's lists for the L2 queue
    const escalated = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${created.id}/escalate`, budi.accessToken, {
        level: 'L2',
        reason: 'Tunnel drops at the concentrator, needs the network team',
        version: acknowledged.version,
      }),
    ).ticket;
    expect(escalated).toMatchObject({
      escalationLevel: 'L2',
      teamId: eko.user.teamId,
      assigneeId: null,
      escalatedBy: budi.user.id,
      escalatedFromTeamId: budi.user.teamId,
      status: 'acknowledged',
      // the clocks carry over: same calendar, same deadlines, the response already made
      calendarId: acknowledged.calendarId,
      respondedAt: acknowledged.respondedAt,
    });
    expect(escalated.sla.responseDueAt).toBe(acknowledged.sla.responseDueAt);
    expect(escalated.sla.resolutionDueAt).toBe(acknowledged.sla.resolutionDueAt);

    await ekoWs.waitFor(ticketEvent(created.id, 'escalated:L2'));
    await sitiWs.waitFor(
      (f) => f.type === 'event' && f.event.type === 'ticket.unassigned' && f.event.ticketId === created.id,
    );
    expect((await list(eko.accessToken, 'queue')).map((t) => t.id)).toContain(created.id);
    expect((await list(rina.accessToken, 'team')).map((t) => t.id)).toContain(created.id);
    expect((await list(rina.accessToken, 'queue')).map((t) => t.id)).toContain(created.id);
    expect((await list(budi.accessToken, 'mine')).map((t) => t.id)).not.toContain(created.id);
    expect((await list(budi.accessToken, 'escalated')).map((t) => t.id)).toEqual([created.id]);
    expect((await list(siti.accessToken, 'team')).map((t) => t.id)).not.toContain(created.id);

    // budi reads and comments, but changes nothing now
    expect((await get(budi.accessToken, created.id)).status).toBe(200);
    expect(
      (
        await s.api.post(`/api/v1/tickets/${created.id}/comments`, budi.accessToken, {
          body: 'Branch says since 09:10',
        })
      ).status,
    ).toBe(201);
    const refused = await s.api.post(`/api/v1/tickets/${created.id}/status`, budi.accessToken, {
      status: 'in-progress',
    });
    expect(refused.status).toBe(403);
    expect(ErrorBody.parse(refused.body).error.code).toBe('forbidden');
    // nor does an L2 engineer before taking it
    expect(
      (await s.api.post(`/api/v1/tickets/${created.id}/status`, eko.accessToken, { status: 'in-progress' })).status,
    ).toBe(403);
    // budi's colleague, his manager and another team see nothing of it
    expect((await get(ayu.accessToken, created.id)).status).toBe(404);
    expect((await get(siti.accessToken, created.id)).status).toBe(404);
    expect((await get(other.manager.accessToken, created.id)).status).toBe(404);
    expect((await get(other.worker.accessToken, created.id)).status).toBe(404);
    expect((await list(other.manager.accessToken, 'team')).map((t) => t.id)).not.toContain(created.id);
    expect((await list(other.worker.accessToken, 'queue')).map((t) => t.id)).not.toContain(created.id);
    expect((await s.api.post(`/api/v1/tickets/${created.id}/take`, other.worker.accessToken, {})).status).toBe(404);

    // 2. eko takes it from the queue: budi is told
    const taken = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${created.id}/take`, eko.accessToken, { version: escalated.version }),
    ).ticket;
    expect(taken).toMatchObject({ assigneeId: eko.user.id, teamId: eko.user.teamId, escalatedBy: budi.user.id });
    await budiWs.waitFor(ticketEvent(created.id, 'taken'));
    expect((await list(eko.accessToken, 'mine')).map((t) => t.id)).toContain(created.id);
    expect((await list(eko.accessToken, 'queue')).map((t) => t.id)).not.toContain(created.id);
    // taken once: a second take is a conflict
    const twice = await s.api.post(`/api/v1/tickets/${created.id}/take`, rina.accessToken, {});
    expect(twice.status).toBe(409);

    // 3. eko hands it back with a note: it is budi's again, at L1, in his team
    const back = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${created.id}/hand-back`, eko.accessToken, {
        note: 'Concentrator fine; the branch router needs a reboot by L1',
      }),
    ).ticket;
    expect(back).toMatchObject({
      assigneeId: budi.user.id,
      teamId: budi.user.teamId,
      escalationLevel: 'L1',
      escalatedBy: null,
      escalatedFromTeamId: null,
    });
    expect(back.sla.resolutionDueAt).toBe(acknowledged.sla.resolutionDueAt);
    await budiWs.waitFor(ticketEvent(created.id, 'handed-back'));
    await budiWs.waitFor(
      (f) => f.type === 'event' && f.event.type === 'ticket.assigned' && f.event.ticket.id === created.id,
    );
    await ekoWs.waitFor(
      (f) => f.type === 'event' && f.event.type === 'ticket.unassigned' && f.event.ticketId === created.id,
    );
    expect((await get(eko.accessToken, created.id)).status).toBe(404);
    expect((await list(siti.accessToken, 'team')).map((t) => t.id)).toContain(created.id);
    expect((await list(budi.accessToken, 'escalated')).map((t) => t.id)).not.toContain(created.id);

    // 4. escalated again, taken again, and resolved at L2: budi is told
    const again = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${created.id}/escalate`, budi.accessToken, {
        level: 'L2',
        reason: 'Router rebooted, tunnels still drop',
        teamId: eko.user.teamId,
      }),
    ).ticket;
    expect(again.teamId).toBe(eko.user.teamId);
    expectBody(TicketResponse, await s.api.post(`/api/v1/tickets/${created.id}/take`, eko.accessToken, {}));
    for (const status of ['in-progress', 'resolved'])
      expectBody(TicketResponse, await s.api.post(`/api/v1/tickets/${created.id}/status`, eko.accessToken, { status }));
    await budiWs.waitFor(ticketEvent(created.id, 'status:resolved'));
    const budiHeard = budiWs
      .events()
      .map((f) => f.event)
      .filter((e): e is Extract<OfficeEvent, { type: 'ticket.updated' }> => e.type === 'ticket.updated')
      .filter((e) => e.ticket.id === created.id)
      .map((e) => e.change);
    expect(budiHeard).toEqual(expect.arrayContaining(['escalated:L2', 'taken', 'handed-back', 'status:resolved']));

    // the ticket's history says all of it, in order
    const detail = expectBody(TicketDetailResponse, await get(budi.accessToken, created.id));
    expect(detail.comments.filter((c) => c.kind === 'system').map((c) => c.body)).toEqual([
      'status: new → acknowledged',
      'escalated L1 → L2 (Infrastructure — L2): Tunnel drops at the concentrator, needs the network team',
      'taken from the queue',
      'handed back L2 → L1: Concentrator fine; the branch router needs a reboot by L1',
      'escalated L1 → L2 (Infrastructure — L2): Router rebooted, tunnels still drop',
      'taken from the queue',
      'status: acknowledged → in-progress',
      'status: in-progress → resolved',
    ]);
    // each line's content as data, which the client words in its reader's language
    const l2 = { teamId: expect.any(String), teamName: 'Infrastructure — L2' };
    expect(detail.comments.filter((c) => c.kind === 'system').map((c) => c.history)).toEqual([
      { kind: 'status', from: 'new', to: 'acknowledged' },
      {
        kind: 'escalated',
        from: 'L1',
        to: 'L2',
        ...l2,
        reason: 'Tunnel drops at the concentrator, needs the network team',
      },
      { kind: 'taken' },
      { kind: 'handed-back', from: 'L2', to: 'L1', note: 'Concentrator fine; the branch router needs a reboot by L1' },
      { kind: 'escalated', from: 'L1', to: 'L2', ...l2, reason: 'Router rebooted, tunnels still drop' },
      { kind: 'taken' },
      { kind: 'status', from: 'acknowledged', to: 'in-progress' },
      { kind: 'status', from: 'in-progress', to: 'resolved' },
    ]);
    // people's comments carry none
    expect(detail.comments.filter((c) => c.kind === 'comment').every((c) => c.history === undefined)).toBe(true);
    // and so does the audit trail, which rina (the L2 team's manager) reads
    const audit = await s.api.get(`/api/v1/tickets/${created.id}/audit`, rina.accessToken);
    expect(audit.status).toBe(200);
    expect((audit.body as { items: { action: string }[] }).items.map((e) => e.action)).toEqual([
      'create',
      'status',
      'escalate',
      'comment',
      'take',
      'hand-back',
      'escalate',
      'take',
      'status',
      'status',
    ]);

    // the stranger's socket never carried this ticket
    expect(
      strangerWs
        .events()
        .some(
          (f) =>
            ('ticket' in f.event ? f.event.ticket.id : 'ticketId' in f.event ? f.event.ticketId : '') === created.id,
        ),
    ).toBe(false);
  });

  it('refuses an escalation to a team that does not work that level, and a hand-back of a ticket that never left', async () => {
    const t = expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title: 'Scanner driver',
        requester: 'Branch Kota',
        priority: 'P4',
        assigneeId: budi.user.id,
      }),
      201,
    ).ticket;
    const wrong = await s.api.post(`/api/v1/tickets/${t.id}/escalate`, budi.accessToken, {
      level: 'L2',
      reason: 'x',
      teamId: other.teamId,
    });
    expect(wrong.status).toBe(400);
    const handBack = await s.api.post(`/api/v1/tickets/${t.id}/hand-back`, budi.accessToken, { note: 'x' });
    expect(handBack.status).toBe(409);
    // nothing changed
    const after = expectBody(TicketDetailResponse, await get(budi.accessToken, t.id)).ticket;
    expect(after).toMatchObject({ version: t.version, escalationLevel: 'L1', teamId: budi.user.teamId });
  });

  it('L1 → L2 → L3 and back: the L1 person who first escalated keeps following it, and the hand-backs retrace the hops', async () => {
    const admin = await s.api.login('admin');
    const l3 = expectBody(
      z.object({ team: z.object({ id: z.string() }) }),
      await s.api.post('/api/v1/teams', admin.accessToken, { name: 'Core Banking Vendor — L3', supportLevel: 'L3' }),
      201,
    ).team.id;
    expect(
      (
        await s.api.post('/api/v1/users', admin.accessToken, {
          username: 'joko',
          displayName: 'Joko Widodo',
          role: 'worker',
          teamId: l3,
          password: 'a-long-password',
        })
      ).status,
    ).toBe(201);
    const joko = await s.api.login('joko', 'a-long-password');
    const post = (token: string, id: string, what: string, body: object) =>
      s.api.post(`/api/v1/tickets/${id}/${what}`, token, body).then((r) => expectBody(TicketResponse, r).ticket);

    let t = expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title: 'Core banking batch stuck',
        requester: 'Branch Senayan',
        priority: 'P2',
        assigneeId: budi.user.id,
      }),
      201,
    ).ticket;
    t = await post(budi.accessToken, t.id, 'escalate', { level: 'L2', reason: 'batch stuck', version: t.version });
    t = await post(eko.accessToken, t.id, 'take', { version: t.version });
    t = await post(eko.accessToken, t.id, 'escalate', {
      level: 'L3',
      reason: 'vendor code',
      teamId: l3,
      version: t.version,
    });
    expect(t).toMatchObject({
      teamId: l3,
      assigneeId: null,
      escalationLevel: 'L3',
      escalatedBy: eko.user.id,
      escalatedFromTeamId: eko.user.teamId,
      firstEscalatedBy: budi.user.id,
    });
    // budi still has it in "Escalated by me" and reads it; so does eko; joko's queue has it
    const id = t.id;
    expect((await list(budi.accessToken, 'escalated')).map((x) => x.id)).toContain(id);
    expect((await list(eko.accessToken, 'escalated')).map((x) => x.id)).toContain(id);
    expect((await list(joko.accessToken, 'queue')).map((x) => x.id)).toContain(id);
    expect((await get(budi.accessToken, id)).status).toBe(200);
    // read-only for him: no change, with the sentence that says why
    const refused = await s.api.post(`/api/v1/tickets/${id}/status`, budi.accessToken, { status: 'in-progress' });
    expect(refused.status).toBe(403);
    expect(ErrorBody.parse(refused.body).error.message).toMatch(/you escalated this ticket/);
    // and a stranger sees nothing
    expect((await get(other.worker.accessToken, id)).status).toBe(404);

    // L3 hands back: to eko at L2, whose team can hand it back to L1 in turn; budi still follows
    t = await post(joko.accessToken, id, 'take', { version: t.version });
    t = await post(joko.accessToken, id, 'hand-back', { note: 'patched', version: t.version });
    expect(t).toMatchObject({
      teamId: eko.user.teamId,
      assigneeId: eko.user.id,
      escalationLevel: 'L2',
      escalatedBy: budi.user.id,
      escalatedFromTeamId: budi.user.teamId,
      firstEscalatedBy: budi.user.id,
    });
    expect((await list(budi.accessToken, 'escalated')).map((x) => x.id)).toContain(id);
    expect((await list(eko.accessToken, 'escalated')).map((x) => x.id)).not.toContain(id);
    expect((await get(joko.accessToken, id)).status).toBe(404);

    // L2 hands back: home to budi, nobody follows it any more
    t = await post(eko.accessToken, id, 'hand-back', { note: 'rerun the batch', version: t.version });
    expect(t).toMatchObject({
      teamId: budi.user.teamId,
      assigneeId: budi.user.id,
      escalationLevel: 'L1',
      escalatedBy: null,
      escalatedFromTeamId: null,
      firstEscalatedBy: null,
    });
    expect((await list(budi.accessToken, 'escalated')).map((x) => x.id)).not.toContain(id);
    expect((await list(budi.accessToken, 'mine')).map((x) => x.id)).toContain(id);
  });
});
