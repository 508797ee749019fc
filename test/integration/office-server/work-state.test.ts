// The timer's state a worker shares: it reaches their own manager over the event stream and the
// team list, and nobody else — not a colleague, not another team's manager or worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  WorkStateListResponse,
  WorkStateResponse,
  type LoginResponse,
  type ServerFrame,
  type WorkStateInput,
} from '../../../shared/office-api';
import { EventClient, createOtherTeam, expectBody, startTestServer, type TestServer } from './helpers';

const today = () => new Date().toISOString().slice(0, 10);

const state = (over: Partial<WorkStateInput> = {}): WorkStateInput => ({
  date: today(),
  mode: 'working',
  ticketId: 'INC-1006',
  since: new Date(Date.now() - 60_000).toISOString(),
  workedMs: 3_600_000,
  at: new Date().toISOString(),
  ...over,
});

const isWork = (f: ServerFrame) => f.type === 'event' && f.event.type === 'work.changed';

describe('office server: the timer state a worker shares', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;
  const clients: EventClient[] = [];
  const connect = async (token: string) => {
    const c = await EventClient.connect(s.url, { token });
    clients.push(c);
    await c.waitFor((f) => f.type === 'ready');
    return c;
  };
  const put = (token: string, body: unknown) => s.api.request('PUT', '/api/v1/work-state', { token, body });

  beforeAll(async () => {
    s = await startTestServer();
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    ayu = await s.api.login('ayu');
    other = await createOtherTeam(s.api);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await s.cleanup();
  });

  it('reaches the own manager on start, pause, resume and stop; colleagues and other teams see nothing', async () => {
    const sitiWs = await connect(siti.accessToken);
    const ayuWs = await connect(ayu.accessToken);
    const budiWs = await connect(budi.accessToken);
    const hendraWs = await connect(other.manager.accessToken);
    const watiWs = await connect(other.worker.accessToken);

    const steps: WorkStateInput[] = [
      state(),
      state({ mode: 'paused', ticketId: null, since: new Date().toISOString(), workedMs: 3_700_000 }),
      state({ mode: 'working', since: new Date().toISOString(), workedMs: 3_700_000 }),
      state({ mode: 'stopped', ticketId: null, since: null, workedMs: 3_800_000 }),
    ];
    for (const [i, step] of steps.entries()) {
      const stored = expectBody(
        WorkStateResponse,
        await put(budi.accessToken, { ...step, at: new Date(Date.now() + i).toISOString() }),
      );
      expect(stored.state).toMatchObject({ userId: budi.user.id, mode: step.mode, ticketId: step.ticketId });
      const f = await sitiWs.waitFor(
        (x) =>
          x.type === 'event' &&
          x.event.type === 'work.changed' &&
          x.event.state.mode === step.mode &&
          x.event.state.workedMs === step.workedMs,
      );
      expect(f.type === 'event' && f.event.type === 'work.changed' && f.event.state.userId).toBe(budi.user.id);
    }

    // the manager's list has the newest state; another team's manager gets an empty one, workers none
    const list = expectBody(
      WorkStateListResponse,
      await s.api.get(`/api/v1/team/work-states?date=${today()}`, siti.accessToken),
    );
    expect(list.items.map((x) => [x.userId, x.mode, x.workedMs])).toEqual([[budi.user.id, 'stopped', 3_800_000]]);
    const theirs = expectBody(
      WorkStateListResponse,
      await s.api.get(`/api/v1/team/work-states?date=${today()}`, other.manager.accessToken),
    );
    expect(theirs.items).toEqual([]);
    expect((await s.api.get(`/api/v1/team/work-states?date=${today()}`, ayu.accessToken)).status).toBe(403);
    expect((await s.api.get(`/api/v1/team/work-states?date=${today()}`, other.worker.accessToken)).status).toBe(403);

    // a later event everyone gets proves the streams were read up to here: none carried a timer state
    const mark = await s.request('PUT', budi.accessToken, { statusText: 'done for today' });
    expect(mark.status).toBe(200);
    for (const ws of [ayuWs, budiWs]) {
      await ws.waitFor(
        (f) =>
          f.type === 'event' && f.event.type === 'presence.changed' && f.event.presence.statusText === 'done for today',
      );
      expect(ws.frames.filter(isWork)).toEqual([]);
    }
    // another team does not get budi's presence either: a frame of their own ends their wait
    const ping = (ws: EventClient, nonce: string) => {
      ws.send({ type: 'ping', nonce });
      return ws.waitFor((f) => f.type === 'pong' && f.nonce === nonce);
    };
    await Promise.all([ping(hendraWs, 'h'), ping(watiWs, 'w')]);
    expect(hendraWs.frames.filter(isWork)).toEqual([]);
    expect(watiWs.frames.filter(isWork)).toEqual([]);
  });

  it('keeps the newest state when an older one arrives late, and refuses what a manager must not read', async () => {
    const newer = expectBody(
      WorkStateResponse,
      await put(ayu.accessToken, state({ ticketId: 'INC-1002', workedMs: 1000 })),
    );
    const late = expectBody(
      WorkStateResponse,
      await put(
        ayu.accessToken,
        state({ ticketId: null, mode: 'break', workedMs: 10, at: new Date(Date.now() - 600_000).toISOString() }),
      ),
    );
    expect(late.state).toEqual(newer.state);

    // a ticket that is not hers, one that does not exist, a stopped timer with a start, a day not begun
    for (const [body, path] of [
      [state({ ticketId: 'INC-1006' }), 'body.ticketId'],
      [state({ ticketId: 'INC-9999' }), 'body.ticketId'],
      [state({ mode: 'stopped', ticketId: null }), 'body.since'],
      [state({ date: '2999-01-01' }), 'body.date'],
    ] as const) {
      const r = await put(ayu.accessToken, body);
      expect(r.status).toBe(400);
      expect(ErrorBody.parse(r.body).error.issues?.[0]?.path).toBe(path);
    }
    // unknown fields and a bad mode are refused by the schema
    expect((await put(ayu.accessToken, { ...state(), log: [] })).status).toBe(400);
    expect((await put(ayu.accessToken, { ...state(), mode: 'asleep' })).status).toBe(400);
    const list = expectBody(
      WorkStateListResponse,
      await s.api.get(`/api/v1/team/work-states?date=${today()}`, siti.accessToken),
    );
    expect(list.items.find((x) => x.userId === ayu.user.id)).toMatchObject({ ticketId: 'INC-1002', workedMs: 1000 });
  });

  it('keeps the day’s stretches without the office, adds what a later state (or a late one) brings, and shows them to the manager alone', async () => {
    const mins = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const first = { start: mins(50), end: mins(40) };
    const second = { start: mins(20), end: mins(15) };
    const sitiWs = await connect(siti.accessToken);
    const hendraWs = await connect(other.manager.accessToken);
    const one = expectBody(WorkStateResponse, await put(budi.accessToken, state({ officeLost: [first] })));
    expect(one.state.officeLost).toEqual([first]);
    const event = await sitiWs.waitFor(
      (f) => isWork(f) && f.type === 'event' && f.event.type === 'work.changed' && !!f.event.state.officeLost?.length,
    );
    expect(event.type === 'event' && event.event.type === 'work.changed' && event.event.state.officeLost).toEqual([
      first,
    ]);
    // another device of budi's that saw only the second stretch: both are kept, oldest first
    const two = expectBody(WorkStateResponse, await put(budi.accessToken, state({ officeLost: [second] })));
    expect(two.state.officeLost).toEqual([first, second]);
    // a state sent before the office came back arrives late: it does not win, but its stretch counts
    const third = { start: mins(30), end: mins(25) };
    const late = expectBody(
      WorkStateResponse,
      await put(budi.accessToken, state({ mode: 'paused', ticketId: null, at: mins(24), officeLost: [third] })),
    );
    expect(late.state).toMatchObject({ mode: 'working', officeLost: [first, third, second] });
    // a state without the field (an older app) keeps what is known
    expect(expectBody(WorkStateResponse, await put(budi.accessToken, state())).state.officeLost).toHaveLength(3);
    const list = expectBody(
      WorkStateListResponse,
      await s.api.get(`/api/v1/team/work-states?date=${today()}`, siti.accessToken),
    );
    expect(list.items.find((x) => x.userId === budi.user.id)?.officeLost).toEqual([first, third, second]);
    // a new day starts without them
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const next = expectBody(WorkStateResponse, await put(budi.accessToken, state({ date: tomorrow })));
    expect(next.state.officeLost).toEqual([]);
    await put(budi.accessToken, state());
    // another team's manager heard nothing of it; nor does a worker read the list
    expect(hendraWs.frames.some(isWork)).toBe(false);
    expect((await s.api.get(`/api/v1/team/work-states?date=${today()}`, ayu.accessToken)).status).toBe(403);

    // a stretch that ends before it starts, or after the state was computed, is refused by name
    for (const [lost, path] of [
      [{ start: mins(5), end: mins(6) }, 'body.officeLost.0.end'],
      [{ start: mins(5), end: new Date(Date.now() + 3_600_000).toISOString() }, 'body.officeLost.0.end'],
    ] as const) {
      const r = await put(budi.accessToken, state({ officeLost: [lost] }));
      expect(r.status).toBe(400);
      expect(ErrorBody.parse(r.body).error.issues?.[0]?.path).toBe(path);
    }
    expect((await put(budi.accessToken, { ...state(), officeLost: [{ start: mins(5) }] })).status).toBe(400);
  });
});
