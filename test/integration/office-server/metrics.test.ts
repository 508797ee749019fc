// Issue 27: /metrics in Prometheus's text format, on a listener of its own. Scraped after real
// traffic: the request histogram moves for exactly the route that was called, and the sockets,
// fan-out, idempotency, sign-in throttle and database series report what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../../shared/office-api';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../../office-server/auth/sign-in-throttle';
import { ENGINE, EventClient, startTestServer, type TestServer } from './helpers';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** the samples of a Prometheus text exposition */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m?.[1] || !m[3]) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** the one sample with this name whose labels include these; 0 when the series does not exist yet */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe(`office server: /metrics (${ENGINE})`, () => {
  let s: TestServer;
  let budi: LoginResponse;
  const scrape = async () => {
    const r = await fetch(s.metricsUrl ?? 'http://127.0.0.1:1/missing');
    expect(r.status).toBe(200);
    return parse(await r.text());
  };

  beforeAll(async () => {
    s = await startTestServer({
      metrics: { port: 0 },
      signInThrottle: {
        accountAndAddress: { ...DEFAULT_SIGN_IN_THROTTLE.accountAndAddress, free: 1, baseDelayMs: 60_000 },
      },
    });
    budi = await s.api.login('budi');
  });
  afterAll(() => s.cleanup());

  it('serves /metrics on its own loopback port only, never on the API port', async () => {
    expect(s.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(s.metricsUrl).not.toContain(`:${s.port}/`);
    expect((await s.api.get('/metrics')).status).toBe(404);
    expect((await fetch((s.metricsUrl ?? '').replace(/\/metrics$/, '/api/v1/tickets'))).status).toBe(404);
    const plain = await startTestServer();
    try {
      expect(plain.metricsUrl).toBeUndefined();
    } finally {
      await plain.cleanup();
    }
  });

  it('counts requests by route pattern and status: the counter of the route called moves by the calls made', async () => {
    const route = { method: 'GET', route: '/api/v1/tickets/:id', status_code: '200' };
    const before = await scrape();
    for (const id of ['INC-1001', 'INC-1006', 'INC-1009'])
      expect((await s.api.get(`/api/v1/tickets/${id}`, budi.accessToken)).status).toBe(200);
    expect((await s.api.get('/api/v1/tickets/INC-9999', budi.accessToken)).status).toBe(404);
    expect((await s.api.get('/no/such/route')).status).toBe(404);
    const after = await scrape();
    const count = 'http_request_duration_seconds_count';
    expect(value(after, count, route) - value(before, count, route)).toBe(3);
    expect(
      value(after, count, { ...route, status_code: '404' }) - value(before, count, { ...route, status_code: '404' }),
    ).toBe(1);
    // an unknown URL is one series, whatever the URL: a scanner cannot grow the label set
    expect(value(after, count, { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(after.some((x) => x.labels.route?.includes('no/such'))).toBe(false);
    expect(value(after, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(
      value(after, count, route),
    );
  });

  it('reports open event sockets, fan-out, idempotency replays and sign-in throttle decisions', async () => {
    const teamChannel = `team:${budi.user.teamId ?? ''}`;
    const ayu = await s.api.login('ayu');
    const socket = await EventClient.connect(s.url, { token: ayu.accessToken });
    try {
      await socket.waitFor((f) => f.type === 'ready');
      expect(value(await scrape(), 'office_event_sockets_open')).toBe(1);
      const before = await scrape();
      const post = () =>
        s.api.request('POST', '/api/v1/chat/messages', {
          token: budi.accessToken,
          key: 'metrics-chat-1',
          body: { channelId: teamChannel, body: 'metrics', clientId: 'metrics-chat-1' },
        });
      expect((await post()).status).toBe(201);
      await socket.waitFor((f) => f.type === 'event' && f.event.type === 'chat.message');
      const again = await post();
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const after = await scrape();
      // at least the chat message (on PostgreSQL ayu's own presence change may come through the feed meanwhile)
      expect(
        value(after, 'office_event_fanout_seconds_count') - value(before, 'office_event_fanout_seconds_count'),
      ).toBeGreaterThanOrEqual(1);
      const replayed = { outcome: 'replayed' };
      const hits = 'office_idempotency_requests_total';
      expect(value(after, hits, replayed) - value(before, hits, replayed)).toBe(1);
    } finally {
      await socket.close();
    }
    expect(value(await scrape(), 'office_event_sockets_open')).toBe(0);

    const decisions = 'office_sign_in_throttle_decisions_total';
    const before = await scrape();
    const wrong = () => s.api.post('/api/v1/auth/login', undefined, { username: 'dewi', password: 'wrong' });
    expect((await wrong()).status).toBe(401); // allowed, fails: the one free failure
    expect((await wrong()).status).toBe(401); // allowed, fails: the delay starts
    expect((await wrong()).status).toBe(429); // throttled before the password is checked
    const after = await scrape();
    const throttled = { decision: 'throttled', rule: 'account-and-address' };
    expect(value(after, decisions, throttled) - value(before, decisions, throttled)).toBe(1);
    const allowed = { decision: 'allowed' };
    expect(value(after, decisions, allowed) - value(before, decisions, allowed)).toBe(2);
  });

  it('times database work and, on PostgreSQL, reports the pool', async () => {
    const samples = await scrape();
    const operation = ENGINE === 'postgres' ? 'statement' : 'commit';
    expect(value(samples, 'office_db_operation_duration_seconds_count', { engine: ENGINE, operation })).toBeGreaterThan(
      0,
    );
    if (ENGINE === 'postgres') {
      expect(value(samples, 'office_db_pool_connections', { state: 'max' })).toBe(10);
      expect(value(samples, 'office_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    } else {
      expect(samples.some((x) => x.name === 'office_db_pool_connections')).toBe(false);
    }
    // the process itself (prom-client's default metrics, prefixed)
    expect(value(samples, 'office_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
