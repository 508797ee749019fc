import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSla } from '../../../shared/domain/sla';
import { TICKET_STATUSES, allowedTransitions, type TicketStatus } from '../../../shared/domain/tickets';
import {
  CommentResponse,
  ErrorBody,
  TicketDetailResponse,
  TicketListResponse,
  TicketResponse,
  type LoginResponse,
  type Ticket,
} from '../../../shared/office-api';
import { createOtherTeam, expectBody, startTestServer, type TestServer } from './helpers';

const PATH_TO: Record<TicketStatus, TicketStatus[]> = {
  new: [],
  acknowledged: ['acknowledged'],
  'in-progress': ['acknowledged', 'in-progress'],
  'waiting-on-user': ['acknowledged', 'in-progress', 'waiting-on-user'],
  resolved: ['acknowledged', 'in-progress', 'resolved'],
  closed: ['acknowledged', 'in-progress', 'resolved', 'closed'],
};

describe('office server: tickets and role rules', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  let admin: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;

  const create = async (title: string, assigneeId: string | null, priority = 'P3'): Promise<Ticket> =>
    expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, { title, requester: 'Branch', priority, assigneeId }),
      201,
    ).ticket;
  const setStatus = (token: string, id: string, status: TicketStatus) =>
    s.api.post(`/api/v1/tickets/${id}/status`, token, { status });

  beforeAll(async () => {
    s = await startTestServer();
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    ayu = await s.api.login('ayu');
    admin = await s.api.login('admin');
    other = await createOtherTeam(s.api);
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('shows a worker only their own tickets and a manager only their team’s', async () => {
    const mine = expectBody(TicketListResponse, await s.api.get('/api/v1/tickets', budi.accessToken));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((t) => t.assigneeId === budi.user.id)).toBe(true);

    expect((await s.api.get('/api/v1/tickets?scope=team', budi.accessToken)).status).toBe(403);
    expect((await s.api.get('/api/v1/tickets?scope=all', siti.accessToken)).status).toBe(403);

    const team = expectBody(
      TicketListResponse,
      await s.api.get('/api/v1/tickets?scope=team&limit=200', siti.accessToken),
    );
    expect(new Set(team.items.map((t) => t.assigneeId)).size).toBeGreaterThan(2);
    expect(team.items.every((t) => t.teamId === siti.user.teamId)).toBe(true);

    // another team's manager sees none of it, not even by id
    const theirs = expectBody(
      TicketListResponse,
      await s.api.get('/api/v1/tickets?scope=team', other.manager.accessToken),
    );
    expect(theirs.items.some((t) => t.teamId === siti.user.teamId)).toBe(false);
    const someId = team.items[0]?.id ?? '';
    expect((await s.api.get(`/api/v1/tickets/${someId}`, other.manager.accessToken)).status).toBe(404);
    expect(
      (await s.api.post(`/api/v1/tickets/${someId}/comments`, other.worker.accessToken, { body: 'hi' })).status,
    ).toBe(404);

    // a worker reading a colleague's ticket gets 404
    const ayus = team.items.find((t) => t.assigneeId === ayu.user.id);
    expect(ayus).toBeDefined();
    expect((await s.api.get(`/api/v1/tickets/${ayus?.id ?? ''}`, budi.accessToken)).status).toBe(404);
    expect((await setStatus(budi.accessToken, ayus?.id ?? '', 'acknowledged')).status).toBe(404);

    // admins see every team
    const all = expectBody(
      TicketListResponse,
      await s.api.get('/api/v1/tickets?scope=all&limit=200', admin.accessToken),
    );
    expect(all.items.length).toBe(team.items.length);
  });

  it('lets only managers and admins create and assign', async () => {
    const r = await s.api.post('/api/v1/tickets', budi.accessToken, { title: 'x', requester: 'y', priority: 'P3' });
    expect(r.status).toBe(403);
    const t = await create('VPN token expired', budi.user.id);
    expect(t.status).toBe('new');
    expect(t.sla.state).toBe('ok');
    // a manager cannot assign to another team's member
    const bad = await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, {
      assigneeId: other.worker.user.id,
    });
    expect(bad.status).toBe(400);
    const moved = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, { assigneeId: ayu.user.id }),
    );
    expect(moved.ticket.assigneeId).toBe(ayu.user.id);
    expect((await s.api.get(`/api/v1/tickets/${t.id}`, budi.accessToken)).status).toBe(404);
    expect((await s.api.get(`/api/v1/tickets/${t.id}`, ayu.accessToken)).status).toBe(200);
  });

  it('an assignment made on an older version is a conflict, unless the ticket already goes to that person', async () => {
    const t = await create('Teller printer offline', budi.user.id);
    expect((await setStatus(budi.accessToken, t.id, 'acknowledged')).status).toBe(200);
    const stale = await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, {
      assigneeId: ayu.user.id,
      version: t.version,
    });
    expect(stale.status).toBe(409);
    expect(ErrorBody.parse(stale.body).error.code).toBe('conflict');
    expect(
      expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, siti.accessToken)).ticket.assigneeId,
    ).toBe(budi.user.id);
    // nothing would be overwritten: the same assignment on the old version is answered with the ticket
    const same = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, {
        assigneeId: budi.user.id,
        version: t.version,
      }),
    );
    expect(same.ticket.assigneeId).toBe(budi.user.id);
    const current = same.ticket.version;
    const moved = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, {
        assigneeId: ayu.user.id,
        version: current,
      }),
    );
    expect(moved.ticket).toMatchObject({ assigneeId: ayu.user.id, version: current + 1 });
  });

  it('refuses every illegal status transition and allows every legal one', async () => {
    let illegalChecked = 0;
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        const legal = allowedTransitions(from).includes(to);
        const t = await create(`transition ${from} -> ${to}`, budi.user.id);
        for (const step of PATH_TO[from]) expect((await setStatus(budi.accessToken, t.id, step)).status).toBe(200);
        const r = await setStatus(budi.accessToken, t.id, to);
        if (legal) {
          expect(expectBody(TicketResponse, r).ticket.status).toBe(to);
        } else {
          expect(r.status).toBe(409);
          expect(ErrorBody.parse(r.body).error.code).toBe('illegal_transition');
          const after = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, budi.accessToken));
          expect(after.ticket.status).toBe(from);
          illegalChecked++;
        }
      }
    }
    // 6 statuses x 6 targets minus the 8 legal edges
    expect(illegalChecked).toBe(36 - 8);
  });

  it('escalates only upwards and only while open, recording the reason', async () => {
    const t = await create('Core banking slow', budi.user.id, 'P2');
    const l2 = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/escalate`, budi.accessToken, { level: 'L2', reason: 'needs DBA' }),
    );
    expect(l2.ticket.escalationLevel).toBe('L2');
    // it went to the L2 team's queue: budi only reads it now (escalation.test.ts has the whole path)
    expect(
      (await s.api.post(`/api/v1/tickets/${t.id}/escalate`, budi.accessToken, { level: 'L3', reason: 'x' })).status,
    ).toBe(403);
    const eko = await s.api.login('eko');
    expectBody(TicketResponse, await s.api.post(`/api/v1/tickets/${t.id}/take`, eko.accessToken, {}));
    const again = await s.api.post(`/api/v1/tickets/${t.id}/escalate`, eko.accessToken, {
      level: 'L2',
      reason: 'again',
    });
    expect(again.status).toBe(409);
    expect(
      (await s.api.post(`/api/v1/tickets/${t.id}/escalate`, eko.accessToken, { level: 'L1', reason: 'x' })).status,
    ).toBe(400);
    // no team works L3 in the demo office: the ticket stays with eko, marked
    const l3 = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/escalate`, eko.accessToken, { level: 'L3', reason: 'vendor' }),
    );
    expect(l3.ticket).toMatchObject({ escalationLevel: 'L3', assigneeId: eko.user.id });
    const detail = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, budi.accessToken));
    expect(detail.comments.filter((c) => c.kind === 'system').map((c) => c.body)).toEqual([
      'escalated L1 → L2 (Infrastructure — L2): needs DBA',
      'taken from the queue',
      'escalated L2 → L3: vendor',
    ]);

    const done = await create('Done already', budi.user.id);
    for (const step of PATH_TO.resolved) await setStatus(budi.accessToken, done.id, step);
    expect(
      (await s.api.post(`/api/v1/tickets/${done.id}/escalate`, budi.accessToken, { level: 'L2', reason: 'late' }))
        .status,
    ).toBe(409);
  });

  it('refuses a change made on an older version with 409 conflict and applies nothing of it', async () => {
    const t = await create('Teller printer offline', budi.user.id, 'P2');
    expect(
      (
        await s.api.post(`/api/v1/tickets/${t.id}/status`, budi.accessToken, {
          status: 'acknowledged',
          version: t.version,
        })
      ).status,
    ).toBe(200);
    // the manager escalates meanwhile (to L3: no team works it, so the ticket stays with budi);
    // the worker's next change still names the version it saw
    const escalated = expectBody(
      TicketResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/escalate`, siti.accessToken, {
        level: 'L3',
        reason: 'network',
        version: t.version + 1,
      }),
    );
    const stale = await s.api.post(`/api/v1/tickets/${t.id}/status`, budi.accessToken, {
      status: 'in-progress',
      version: t.version + 1,
    });
    expect(stale.status).toBe(409);
    expect(ErrorBody.parse(stale.body).error.code).toBe('conflict');
    const staleEscalation = await s.api.post(`/api/v1/tickets/${t.id}/escalate`, budi.accessToken, {
      level: 'L2',
      reason: 'x',
      version: t.version,
    });
    expect(staleEscalation.status).toBe(409);
    const after = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, budi.accessToken));
    expect(after.ticket).toMatchObject({
      status: 'acknowledged',
      escalationLevel: 'L3',
      version: escalated.ticket.version,
    });
    // on the current version it goes through
    expect(
      (
        await s.api.post(`/api/v1/tickets/${t.id}/status`, budi.accessToken, {
          status: 'in-progress',
          version: escalated.ticket.version,
        })
      ).status,
    ).toBe(200);
  });

  it('makes comments idempotent with an Idempotency-Key', async () => {
    const t = await create('Comment me', budi.user.id);
    const first = expectBody(
      CommentResponse,
      await s.api.post(`/api/v1/tickets/${t.id}/comments`, budi.accessToken, { body: 'on it' }, 'comment-key-1'),
      201,
    );
    const repeat = await s.api.post(
      `/api/v1/tickets/${t.id}/comments`,
      budi.accessToken,
      { body: 'on it' },
      'comment-key-1',
    );
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(expectBody(CommentResponse, repeat, 201).comment.id).toBe(first.comment.id);
    const reused = await s.api.post(
      `/api/v1/tickets/${t.id}/comments`,
      budi.accessToken,
      { body: 'different' },
      'comment-key-1',
    );
    expect(reused.status).toBe(422);
    const detail = expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${t.id}`, budi.accessToken));
    expect(detail.comments.filter((c) => c.kind === 'comment')).toHaveLength(1);
  });

  it('pages with an opaque cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/api/v1/tickets?scope=team&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = expectBody(TicketListResponse, await s.api.get(q, siti.accessToken));
      seen.push(...page.items.map((t) => t.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 50);
    const all = expectBody(
      TicketListResponse,
      await s.api.get('/api/v1/tickets?scope=team&limit=200', siti.accessToken),
    );
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(all.items.map((t) => t.id));
    expect((await s.api.get('/api/v1/tickets?cursor=garbage', siti.accessToken)).status).toBe(400);
  });
});

describe('office server: SLA clock over HTTP', () => {
  it('pauses while waiting on the user, resumes, and flags breaches', async () => {
    const T0 = Date.parse('2025-03-03T08:00:00.000Z');
    let now = T0;
    const MIN = 60_000;
    const s = await startTestServer({ now: () => now });
    try {
      const token = async (u: string) => (await s.api.login(u)).accessToken;
      const siti = await s.api.login('siti');
      const budi = await s.api.login('budi');
      const created = expectBody(
        TicketResponse,
        await s.api.post('/api/v1/tickets', siti.accessToken, {
          title: 'ATM offline',
          requester: 'ATM ops',
          priority: 'P1',
          assigneeId: budi.user.id,
        }),
        201,
      ).ticket;
      expect(Date.parse(created.sla.responseDueAt)).toBe(T0 + 15 * MIN);
      expect(Date.parse(created.sla.resolutionDueAt)).toBe(T0 + 240 * MIN);
      const late = expectBody(
        TicketResponse,
        await s.api.post('/api/v1/tickets', siti.accessToken, {
          title: 'Late',
          requester: 'x',
          priority: 'P1',
          assigneeId: budi.user.id,
        }),
        201,
      ).ticket;

      const step = async (at: number, status: TicketStatus, id = created.id) => {
        now = T0 + at * MIN;
        return expectBody(
          TicketResponse,
          await s.api.post(`/api/v1/tickets/${id}/status`, await token('budi'), { status }),
        ).ticket;
      };
      const get = async (at: number, id = created.id) => {
        now = T0 + at * MIN;
        return expectBody(TicketDetailResponse, await s.api.get(`/api/v1/tickets/${id}`, await token('budi'))).ticket;
      };

      await step(5, 'acknowledged');
      await step(6, 'in-progress');
      await step(10, 'waiting-on-user');
      const paused = await get(70);
      expect(paused.sla.state).toBe('paused');
      expect(paused.sla.paused).toBe(true);
      expect(paused.sla.pausedMs).toBe(60 * MIN);
      expect(Date.parse(paused.sla.resolutionDueAt)).toBe(T0 + (240 + 60) * MIN);

      const resumed = await step(100, 'in-progress');
      expect(resumed.pausedMs).toBe(90 * MIN);
      expect(resumed.sla.state).toBe('ok');
      expect(Date.parse(resumed.sla.resolutionDueAt)).toBe(T0 + (240 + 90) * MIN);
      // the server's answer is the shared function's answer
      const local = computeSla(
        {
          priority: 'P1',
          createdAt: T0,
          respondedAt: T0 + 5 * MIN,
          resolvedAt: null,
          pausedMs: 90 * MIN,
          pausedSince: null,
        },
        T0 + 100 * MIN,
      );
      expect(Date.parse(resumed.sla.resolutionDueAt)).toBe(local.resolutionDueAt);

      expect((await get(240 + 89)).sla.state).toBe('at-risk');
      const breached = await get(240 + 91);
      expect(breached.sla.state).toBe('breached');
      expect(breached.sla.resolutionBreached).toBe(true);
      expect(breached.sla.responseBreached).toBe(false);

      // the second ticket was acknowledged after its 15-minute response target
      const lateAck = await step(20, 'acknowledged', late.id);
      expect(lateAck.sla.responseBreached).toBe(true);
      expect(lateAck.sla.state).toBe('breached');
    } finally {
      await s.cleanup();
    }
  });
});
