// Issue 9, fuzz pass (office half): thousands of random and mutated WebSocket frames at
// /api/v1/events and random JSON at every office route, against the server in its own process.
// Afterwards /healthz answers, a well-behaved client is served, no request got a 5xx and no frame
// got an `internal` error. Reproduce a failure with FUZZ_SEED=<the seed in the message>.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../office-server/server';
import { HealthResponse, LoginResponse, ServerFrame } from '../../../shared/office-api';
import { ENGINE, sqlOn } from './helpers';
import {
  httpFrom,
  rawWebSocket,
  spawnOfficeServer,
  text,
  within,
  wsFrame,
  type ChildServer,
  type RawSocket,
} from './raw';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const WS_FRAMES = 4000;
const HTTP_PER_ROUTE = 40;

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

type Rng = ReturnType<typeof prng>;

/** encodeURIComponent that accepts lone surrogates; sometimes a raw, broken escape instead */
function enc(r: Rng, v: unknown): string {
  if (r.chance(0.05)) return r.pick(['%', '%zz', '%00', '%ff%fe', '..%2f..', '%2e%2e']);
  return encodeURIComponent(
    (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)).replace(/[\ud800-\udfff]/g, '\ufffd'),
  );
}

const FIELDS = [
  'type',
  'token',
  'since',
  'nonce',
  'channelId',
  'body',
  'clientId',
  'username',
  'password',
  'refreshToken',
  'date',
  'from',
  'to',
  'userId',
  'status',
  'note',
  'level',
  'reason',
  'title',
  'priority',
  'assigneeId',
  'requester',
  'description',
  'workedMinutes',
  'breakMinutes',
  'segments',
  'tickets',
  'slaBreaches',
  'notes',
  'location',
  'statusText',
  'name',
  'role',
  'teamId',
  'displayName',
  'limit',
  'cursor',
  'scope',
  'open',
  'id',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
];
const STRINGS = [
  '',
  ' ',
  'team:x',
  'dm:a:b',
  'INC-1001',
  'siti',
  'budi',
  'admin',
  'P1',
  'L2',
  'resolved',
  'new',
  'home',
  'busy',
  '2025-06-02',
  '0000-01-01',
  '9999-12-31',
  '2025-02-30',
  '1970-01-01T00:00:00Z',
  '-1',
  '1e309',
  'NaN',
  'null',
  '{}',
  '[]',
  '%00',
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  '😀'.repeat(50),
  '<script>',
  "' OR 1=1 --",
  '=cmd|calc',
  'a'.repeat(300),
  'tw_at_x',
  'tw_rt_x',
  'ping',
  'auth',
  'chat.send',
  'resume',
];

function randomString(r: Rng): string {
  if (r.chance(0.6)) return r.pick(STRINGS);
  const n = r.chance(0.05) ? 5000 + r.int(20_000) : r.int(40);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.chance(0.9) ? 32 + r.int(95) : r.int(0xffff));
  return s;
}

function randomValue(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 6 : 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.5, 1440, 1441, 10_000_000]);
    case 3:
      return r.int(1000);
    case 4:
    case 5:
      return randomString(r);
    case 6:
    case 7: {
      const o: Record<string, unknown> = {};
      const n = r.int(6);
      // defineProperty: a "__proto__" key becomes a key of the JSON text, not the object's prototype
      for (let i = 0; i < n; i++)
        Object.defineProperty(o, r.pick(FIELDS), {
          value: randomValue(r, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return o;
    }
    default:
      return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
  }
}

/** a valid body for the route when one is known, else a random object */
function validBody(path: string, ctx: { teamChannel: string; userId: string }): Record<string, unknown> {
  const summary = {
    date: '2025-06-02',
    workedMinutes: 400,
    breakMinutes: 30,
    segments: [],
    tickets: [],
    slaBreaches: [],
    notes: 'fuzz',
  };
  const table: Record<string, Record<string, unknown>> = {
    '/api/v1/auth/login': { username: 'budi', password: 'wrong' },
    '/api/v1/auth/refresh': { refreshToken: 'tw_rt_nope' },
    '/api/v1/auth/logout': {},
    '/api/v1/users': {
      username: 'fuzzer',
      displayName: 'F',
      role: 'worker',
      teamId: null,
      password: 'a-long-password',
    },
    '/api/v1/teams': { name: 'Fuzz' },
    '/api/v1/tickets': { title: 'Fuzz', requester: 'R', priority: 'P3' },
    '/api/v1/tickets/{id}/assign': { assigneeId: ctx.userId },
    '/api/v1/tickets/{id}/status': { status: 'acknowledged' },
    '/api/v1/tickets/{id}/escalate': { level: 'L2', reason: 'fuzz' },
    '/api/v1/tickets/{id}/comments': { body: 'fuzz' },
    '/api/v1/chat/messages': { channelId: ctx.teamChannel, body: 'fuzz', clientId: 'c' },
    '/api/v1/presence': { status: 'busy' },
    '/api/v1/summaries': summary,
  };
  return { ...(table[path] ?? {}) };
}

function mutate(r: Rng, body: Record<string, unknown>): unknown {
  const keys = Object.keys(body);
  switch (r.int(6)) {
    case 0:
      return randomValue(r);
    case 1: {
      const k = r.pick(keys.length ? keys : FIELDS);
      return { ...body, [k]: randomValue(r) };
    }
    case 2: {
      const copy = { ...body };
      delete copy[r.pick(keys.length ? keys : FIELDS)];
      return copy;
    }
    case 3: {
      const copy = { ...body };
      Object.defineProperty(copy, r.pick(FIELDS), {
        value: randomValue(r),
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return copy;
    }
    case 4:
      return r.pick([[], [body], 'string', 42, null, true]);
    default:
      return body;
  }
}

/** text no field may hold (shared/office-api/text.ts): refused with a 4xx on both engines, never a 5xx */
const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\u001b[2J',
  '\u007f',
  '\u0085',
  '\ud800',
  'x\udc00',
  '\udbff\udbff',
];

describe(`office server (${ENGINE}): fuzz pass (server in its own process)`, () => {
  let s: ChildServer;
  let budi: LoginResponse;
  let siti: LoginResponse;
  let admin: LoginResponse;

  beforeAll(async () => {
    s = await spawnOfficeServer();
    const login = async (username: string) =>
      LoginResponse.parse(
        (await httpFrom(s.url, 'POST', '/api/v1/auth/login', { body: { username, password: 'teleworker' } })).body,
      );
    budi = await login('budi');
    siti = await login('siti');
    admin = await login('admin');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('runs on the engine its project names', async () => {
    const users = await sqlOn<{ n: number | string }>(s.dataDir, 'SELECT COUNT(*) AS n FROM users');
    expect(Number(users.rows[0]?.n)).toBeGreaterThan(2);
    // the PostgreSQL run leaves no SQLite file behind, the SQLite run has one
    expect(existsSync(join(s.dataDir, DATABASE_FILE))).toBe(ENGINE === 'sqlite');
  });

  it('refuses hostile text in every text field of every route with a 4xx', async () => {
    const ctx = { teamChannel: `team:${budi.user.teamId ?? ''}`, userId: budi.user.id };
    const problems: string[] = [];
    let tried = 0;
    for (const [template, token] of [
      ['/api/v1/auth/login', undefined],
      ['/api/v1/users', admin.accessToken],
      ['/api/v1/teams', admin.accessToken],
      ['/api/v1/tickets', siti.accessToken],
      ['/api/v1/tickets/{id}/status', budi.accessToken],
      ['/api/v1/tickets/{id}/escalate', budi.accessToken],
      ['/api/v1/tickets/{id}/comments', budi.accessToken],
      ['/api/v1/chat/messages', budi.accessToken],
      ['/api/v1/presence', budi.accessToken],
      ['/api/v1/summaries', budi.accessToken],
    ] as const) {
      const body = validBody(template, ctx);
      if (template === '/api/v1/tickets/{id}/status') body.note = 'n';
      if (template === '/api/v1/presence') body.statusText = 's';
      const fields = Object.keys(body).filter((k) => typeof body[k] === 'string');
      expect(fields.length, template).toBeGreaterThan(0);
      for (const field of fields)
        for (const bad of HOSTILE_TEXT) {
          tried++;
          const res = await httpFrom(
            s.url,
            template === '/api/v1/presence' ? 'PUT' : 'POST',
            template.replace('{id}', 'INC-1001'),
            {
              body: { ...body, [field]: bad },
              headers: { 'idempotency-key': `hostile-${tried}` },
              ...(token ? { token } : {}),
            },
          );
          if (res.status >= 500 || res.status < 400)
            problems.push(`${template} ${field}=${JSON.stringify(bad)} → ${res.status} ${res.text.slice(0, 200)}`);
        }
    }
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(150);
  });

  it(`survives ${WS_FRAMES} random and mutated frames at /api/v1/events (seed ${SEED})`, async () => {
    const r = prng(SEED);
    const teamChannel = `team:${budi.user.teamId ?? ''}`;
    const problems: string[] = [];
    let sent = 0;
    let connections = 0;

    const validFrame = (): string => {
      switch (r.int(5)) {
        case 0:
          return JSON.stringify({ type: 'ping', nonce: randomString(r).slice(0, 100) });
        case 1:
          return JSON.stringify({ type: 'resume', since: randomValue(r) });
        case 2:
          return JSON.stringify({ type: 'auth', token: r.chance(0.5) ? budi.accessToken : randomString(r) });
        case 3:
          return JSON.stringify({
            type: 'chat.send',
            channelId: r.chance(0.5) ? teamChannel : randomString(r),
            body: randomString(r) || 'x',
            clientId: `fz-${r.int(1e9)}`,
          });
        default:
          return JSON.stringify(mutate(r, { type: r.pick(['ping', 'auth', 'resume', 'chat.send', 'x']) }));
      }
    };
    const nextFrame = (): Buffer => {
      switch (r.int(10)) {
        case 0:
        case 1:
        case 2:
          return text(validFrame());
        case 3:
          return text(JSON.stringify(randomValue(r)));
        case 4: {
          // a valid frame with one random bit flipped
          const f = text(validFrame());
          const i = r.int(f.length);
          f[i] = (f[i] as number) ^ (1 << r.int(8));
          return f;
        }
        case 5: {
          const n = r.int(64);
          return Buffer.from(Array.from({ length: n }, () => r.int(256)));
        }
        case 6:
          return wsFrame(r.int(16), Buffer.from(randomString(r)), {
            fin: r.chance(0.7),
            rsv: r.chance(0.2) ? r.int(8) : 0,
            mask: r.chance(0.9),
          });
        case 7: {
          // a control frame, often valid (ping, pong, close with some code)
          const op = r.pick([0x8, 0x9, 0xa]);
          const payload =
            op === 0x8
              ? Buffer.from([r.int(256), r.int(256), ...Buffer.from(randomString(r).slice(0, 20))])
              : Buffer.from(randomString(r).slice(0, 120));
          return wsFrame(op, payload);
        }
        case 8: {
          // fragmented text: first part, then a continuation (sometimes wrong)
          const t = Buffer.from(validFrame());
          const cut = r.int(t.length);
          return Buffer.concat([
            wsFrame(0x1, t.subarray(0, cut), { fin: false }),
            wsFrame(r.chance(0.8) ? 0x0 : 0x1, t.subarray(cut)),
          ]);
        }
        default:
          return wsFrame(0x1, Buffer.alloc(0), { announce: r.pick([126, 65536, 2 ** 20, 2 ** 30, 2 ** 40]) });
      }
    };

    const checkFrames = (ws: RawSocket) => {
      for (const t of ws.texts) {
        let parsed: ReturnType<typeof ServerFrame.safeParse> | null;
        try {
          parsed = ServerFrame.safeParse(JSON.parse(t));
        } catch {
          parsed = null;
        }
        if (!parsed?.success) problems.push(`not a server frame: ${t.slice(0, 200)}`);
        else if (parsed.data.type === 'error' && parsed.data.error.code === 'internal')
          problems.push(`internal error frame: ${t.slice(0, 200)}`);
      }
    };

    const worker = async () => {
      while (sent < WS_FRAMES) {
        connections++;
        const authenticated = r.chance(0.5);
        const ws = await rawWebSocket(
          s.port,
          authenticated ? { token: r.chance(0.5) ? budi.accessToken : siti.accessToken } : {},
        );
        if (authenticated) await ws.waitForText((t) => t.startsWith('{"type":"ready"'), 5000).catch(() => undefined);
        const burst = 1 + r.int(120);
        for (let i = 0; i < burst && !ws.isEnded() && sent < WS_FRAMES; i++) {
          ws.send(nextFrame());
          sent++;
          if (i % 10 === 9) await new Promise((res) => setImmediate(res));
        }
        // give the server a moment to answer, then leave (or find it already closed)
        await within(ws.ended, 200);
        checkFrames(ws);
        ws.socket.destroy();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    // malformed upgrade requests: a 4xx, never a 5xx or a crash
    for (let i = 0; i < 60; i++) {
      const headers: Record<string, string> = {
        upgrade: r.pick(['websocket', 'WebSocket', 'h2c', '']),
        connection: r.pick(['Upgrade', 'keep-alive', 'upgrade, close']),
      };
      if (r.chance(0.7))
        headers['sec-websocket-key'] = r.pick([
          'dGhlIHNhbXBsZSBub25jZQ==',
          'short',
          randomString(r).replace(/[^\x21-\x7e]/g, ''),
        ]);
      if (r.chance(0.7)) headers['sec-websocket-version'] = r.pick(['13', '8', '99', 'x']);
      if (r.chance(0.3))
        headers['sec-websocket-protocol'] = r.pick(['teleworker.v1, bearer.x', 'bearer.', ',,,', 'a'.repeat(2000)]);
      const res = await httpFrom(s.url, 'GET', `/api/v1/events?since=${enc(r, randomValue(r))}`, { headers }).catch(
        () => null,
      );
      if (res && res.status >= 500) problems.push(`upgrade answered ${res.status}: ${JSON.stringify(headers)}`);
    }

    expect(s.alive()).toBe(true);
    expect(problems, `seed ${SEED}`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(WS_FRAMES);
    expect(connections).toBeGreaterThan(8);
    // still serving: health, and a well-behaved client gets ready and a pong
    expect(HealthResponse.parse((await httpFrom(s.url, 'GET', '/healthz')).body).status).toBe('ok');
    const good = await rawWebSocket(s.port, { token: siti.accessToken });
    await good.waitForText((t) => t.startsWith('{"type":"ready"'));
    good.send(text('{"type":"ping","nonce":"after-fuzz"}'));
    expect(await good.waitForText((t) => t.includes('after-fuzz'))).toContain('pong');
    good.socket.destroy();
  }, 120_000);

  it(`answers random JSON at every office route with a 4xx, never a 5xx (seed ${SEED})`, async () => {
    const r = prng(SEED ^ 0x5bd1e995);
    const doc = (await httpFrom(s.url, 'GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => [m.toUpperCase(), path] as const),
    );
    expect(routes.length).toBeGreaterThan(20);
    const ctx = { teamChannel: `team:${budi.user.teamId ?? ''}`, userId: budi.user.id };
    const tokens = [budi.accessToken, siti.accessToken, admin.accessToken];
    const problems: string[] = [];
    let requests = 0;

    for (const [method, template] of routes) {
      if (template === '/api/v1/events') continue;
      for (let i = 0; i < HTTP_PER_ROUTE; i++) {
        const path = template.replace(/\{(\w+)\}/g, (_m, name: string) =>
          enc(
            r,
            r.chance(0.5)
              ? name === 'id'
                ? r.pick(['INC-1001', 'INC-1002', 'nope', 'sum_x'])
                : r.pick([ctx.teamChannel, `dm:${ctx.userId}:x`, 'x'])
              : randomValue(r),
          ),
        );
        const query = r.chance(0.5)
          ? `?${Array.from({ length: 1 + r.int(4) }, () => `${r.pick(FIELDS)}=${enc(r, randomValue(r))}`).join('&')}`
          : '';
        const headers: Record<string, string> = {};
        if (method !== 'GET' && r.chance(0.7))
          headers['idempotency-key'] = r.chance(0.8)
            ? `fz-${r.int(1e9)}`
            : randomString(r).replace(/[^\x20-\x7e]/g, '') || 'k';
        if (r.chance(0.1))
          headers['content-type'] = r.pick([
            'text/plain',
            'application/json; charset=latin1',
            'application/x-www-form-urlencoded',
            'application/json',
          ]);
        // sign-out with a live token would end the fuzzer's own session: it gets none
        const token = template === '/api/v1/auth/logout' || r.chance(0.15) ? undefined : r.pick(tokens);
        let rawBody: string | undefined;
        if (method !== 'GET') {
          const roll = r.int(10);
          if (roll < 5) rawBody = JSON.stringify(mutate(r, validBody(template, ctx)));
          else if (roll < 8) rawBody = JSON.stringify(randomValue(r));
          else if (roll < 9) rawBody = randomString(r);
          else rawBody = JSON.stringify(validBody(template, ctx)).slice(0, r.int(40));
        }
        requests++;
        const res = await httpFrom(s.url, method, `${path}${query}`, {
          ...(rawBody !== undefined ? { rawBody } : {}),
          ...(token ? { token } : {}),
          headers,
        }).catch((err: unknown) => ({ status: -1, text: String(err) }));
        if (res.status >= 500 || res.status < 0)
          problems.push(
            `${method} ${path}${query} ${rawBody?.slice(0, 200) ?? ''} → ${res.status} ${res.text.slice(0, 200)}`,
          );
      }
    }
    // the update feed takes any file name
    for (let i = 0; i < 100; i++) {
      const res = await httpFrom(s.url, 'GET', `/updates/${enc(r, randomString(r))}`, {
        headers: r.chance(0.5) ? { range: `bytes=${r.int(100)}-${r.int(100)}` } : {},
      });
      requests++;
      if (res.status >= 500) problems.push(`GET /updates/… → ${res.status}`);
    }

    expect(problems, `seed ${SEED}`).toEqual([]);
    expect(requests).toBeGreaterThan(800);
    expect(s.alive()).toBe(true);
    expect((await httpFrom(s.url, 'GET', '/healthz')).status).toBe(200);
    expect((await httpFrom(s.url, 'GET', '/api/v1/me', { token: budi.accessToken })).status).toBe(200);
  }, 180_000);
});
