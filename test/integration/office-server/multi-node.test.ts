// Two office-server processes on one PostgreSQL (the office-pg project only): clients on each, chat
// and summaries cross between them, and a node killed with SIGKILL mid-traffic loses nobody an
// event: its clients reconnect to the other node from their last event id and get every event
// once, in order.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostMessageResponse, teamChannelId, type LoginResponse, type ServerFrame } from '../../../shared/office-api';
import { MIGRATIONS } from '../../../office-server/data/migrations';
import { Api, ENGINE, EventClient, createTestDatabase, expectBody, sleep, sqlOn, tempDir } from './helpers';

const root = fileURLToPath(new URL('../../..', import.meta.url));

interface Node {
  url: string;
  api: Api;
  child: ChildProcess;
  exited: Promise<void>;
}

function startNode(databaseUrl: string, dataDir: string): Promise<Node> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'office-server/main.ts'), '--port', '0', '--demo'],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          DATABASE_MAX_CONNECTIONS: '8',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let out = '';
    const timer = setTimeout(() => reject(new Error(`a node did not start within 30 s: ${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /office-server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], api: new Api(m[1]), child, exited });
      }
    });
    child.once('exit', (code) => reject(new Error(`a node exited early (${code}): ${out}`)));
  });
}

type EventFrame = Extract<ServerFrame, { type: 'event' }>;

async function connect(url: string, token: string, since?: number): Promise<EventClient> {
  const c = await EventClient.connect(url, { token, ...(since !== undefined ? { since } : {}) });
  await c.waitFor((f) => f.type === 'ready');
  if (since !== undefined) await c.waitFor((f) => f.type === 'resumed' || f.type === 'resync');
  return c;
}

const chatBody = (e: EventFrame): string | undefined =>
  e.event.type === 'chat.message' ? e.event.message.body : undefined;

describe.skipIf(ENGINE !== 'postgres')('office server: two nodes on one PostgreSQL', () => {
  let dataDir: string;
  let a: Node;
  let b: Node;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  const clients: EventClient[] = [];

  beforeAll(async () => {
    dataDir = tempDir();
    const url = await createTestDatabase();
    // the operator's step before starting the nodes
    const migrated = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'office-server/main.ts'), 'migrate'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
      },
    );
    expect(migrated.stdout).toContain(`is at schema version ${MIGRATIONS.at(-1)?.version}`);
    // one after the other: the first seeds the demo accounts, the second finds them
    a = await startNode(url, join(dataDir, 'a'));
    b = await startNode(url, join(dataDir, 'b'));
    siti = await b.api.login('siti');
    budi = await a.api.login('budi');
    ayu = await b.api.login('ayu');
    // (the database is the one the helpers know by this directory: sqlOn reaches it)
    (await import('./helpers')).rememberDatabase(dataDir, url);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const n of [a, b]) {
      if (n && n.child.exitCode === null && n.child.signalCode === null) {
        n.child.kill('SIGTERM');
        await n.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the database in /readyz on both nodes', async () => {
    for (const n of [a, b]) {
      const r = await n.api.get('/readyz');
      expect(r.status).toBe(200);
      expect((r.body as { checks: Record<string, string> }).checks).toMatchObject({
        database: 'ok',
        databaseEngine: 'postgres',
        eventFeed: 'ok',
      });
    }
  });

  it('a message posted on node A reaches a socket on node B, and back, in order; a summary on A reaches the manager on B', async () => {
    const ayuOnB = await connect(b.url, ayu.accessToken);
    const budiOnA = await connect(a.url, budi.accessToken);
    const sitiOnB = await connect(b.url, siti.accessToken);
    clients.push(ayuOnB, budiOnA, sitiOnB);
    const channelId = teamChannelId(budi.user.teamId as string);
    for (let i = 0; i < 20; i++) {
      expectBody(
        PostMessageResponse,
        await a.api.post('/api/v1/chat/messages', budi.accessToken, {
          channelId,
          body: `a→b ${i}`,
          clientId: `ab-${i}`,
        }),
        201,
      );
    }
    expectBody(
      PostMessageResponse,
      await b.api.post('/api/v1/chat/messages', ayu.accessToken, { channelId, body: 'b→a', clientId: 'ba-0' }),
      201,
    );
    await ayuOnB.waitFor((f) => f.type === 'event' && chatBody(f) === 'a→b 19');
    await budiOnA.waitFor((f) => f.type === 'event' && chatBody(f) === 'b→a');
    const seen = ayuOnB
      .events()
      .map(chatBody)
      .filter((x) => x?.startsWith('a→b'));
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `a→b ${i}`));
    const ids = ayuOnB.events().map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));

    const r = await a.api.post(
      '/api/v1/summaries',
      budi.accessToken,
      {
        date: '2025-06-02',
        workedMinutes: 420,
        breakMinutes: 45,
        segments: [],
        tickets: [],
        slaBreaches: [],
        notes: 'from node A',
      },
      'cross-node-1',
    );
    expect(r.status).toBe(201);
    const created = await sitiOnB.waitFor((f) => f.type === 'event' && f.event.type === 'summary.created');
    expect(created.type === 'event' && created.event.type === 'summary.created' && created.event.summary.notes).toBe(
      'from node A',
    );
  });

  it('a sign-out on node B closes the session’s socket on node A at once', async () => {
    const rudi = await a.api.login('rudi');
    const onA = await connect(a.url, rudi.accessToken);
    clients.push(onA);
    expect(
      (await b.api.post('/api/v1/auth/logout', rudi.accessToken, { refreshToken: rudi.refreshToken })).status,
    ).toBe(200);
    // well before the 30 s sweep: node B's NOTIFY reached node A
    const code = await Promise.race([onA.closed, sleep(15_000).then(() => null)]);
    expect(code).toBe(4401);
    expect((await a.api.get('/api/v1/me', rudi.accessToken)).status).toBe(401);
  });

  it('failed sign-ins count on every node: guesses spread over both meet the throttle on both', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const node = i % 2 === 0 ? a : b;
      statuses.push(
        (await node.api.post('/api/v1/auth/login', undefined, { username: 'dewi', password: `wrong-${i}` })).status,
      );
    }
    // five free failures, the sixth starts a delay (account and address: the same 127.0.0.1 on both nodes)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    for (const node of [a, b]) {
      expect(
        (await node.api.post('/api/v1/auth/login', undefined, { username: 'dewi', password: 'teleworker' })).status,
      ).toBe(429);
    }
  });

  it('one node is SIGKILLed mid-traffic: its clients resume on the other with every event once, in order', async () => {
    const channelId = teamChannelId(budi.user.teamId as string);
    // ayu listens on A (the node that will die); budi and siti keep posting through both nodes
    const onA = await connect(a.url, ayu.accessToken);
    const startId = (onA.frames.find((f) => f.type === 'ready') as Extract<ServerFrame, { type: 'ready' }>).lastEventId;

    let stop = false;
    let sent = 0;
    const post = async (node: Node, who: LoginResponse, tag: string) => {
      for (let i = 0; !stop; i++) {
        const r = await node.api
          .post('/api/v1/chat/messages', who.accessToken, { channelId, body: `${tag} ${i}`, clientId: `${tag}-${i}` })
          .catch(() => null);
        if (!r || r.status >= 500) return; // that node is gone
        sent++;
      }
    };
    const traffic = [post(a, budi, 'kill-a'), post(b, siti, 'kill-b')];
    await sleep(400);
    a.child.kill('SIGKILL');
    await a.exited;
    await onA.closed;
    // the client's reconnect: to the other node, from the last event id it saw
    const last = onA.events().at(-1)?.id ?? startId;
    const onB = await connect(b.url, ayu.accessToken, last);
    clients.push(onB);
    await sleep(400);
    stop = true;
    await Promise.all(traffic);
    // wait until the last stored event for ayu has arrived
    const { rows } = await sqlOn<{ id: number | string }>(
      dataDir,
      'SELECT event_id AS id FROM event_recipients WHERE user_id = ? AND event_id > ? ORDER BY event_id',
      [ayu.user.id, startId],
    );
    const stored = rows.map((r) => Number(r.id));
    const lastStored = stored.at(-1) as number;
    await onB.waitFor((f) => f.type === 'event' && f.id >= lastStored, 5000).catch(() => undefined);
    const received = [...onA.events(), ...onB.events()].map((e) => e.id);
    expect(sent).toBeGreaterThan(10);
    expect(onA.events().length).toBeGreaterThan(0);
    // every stored event once, in id order, across the two sockets: nothing missed, nothing twice
    expect(received).toEqual(stored);
  });
});
