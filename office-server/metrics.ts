// Prometheus metrics (prom-client), served at /metrics on a listener of their own. The API port
// never answers /metrics: a scrape endpoint tells whoever reads it how busy the office is and which
// routes exist, so it is off unless a metrics port is configured, and that port binds to loopback
// unless IT names another address (docs/office-server.md, "Metrics").
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ThrottleDecision } from './auth/sign-in-throttle';
import type { DatabaseOperation, OfficeStore } from './data/store';

export interface MetricsListenOptions {
  /** 0 = a free port */
  port: number;
  /** default 127.0.0.1 */
  host?: string;
}

/** a route label for requests no route matched: the raw URL would let anyone create label values */
const UNMATCHED = 'unmatched';

/** One registry per server (not prom-client's global one): tests run several servers in one process. */
export class OfficeMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly fanOut: Histogram;
  private readonly idempotency: Counter<'outcome'>;
  private readonly signIn: Counter<'decision' | 'rule'>;
  private readonly dbDuration: Histogram<'engine' | 'operation'>;

  constructor(
    private readonly sources: { openSockets: () => number; store: OfficeStore },
    opts: { processMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'office_' });
    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    new Gauge({
      name: 'office_event_sockets_open',
      help: 'WebSockets open on /api/v1/events on this node',
      registers,
      collect() {
        this.set(sources.openSockets());
      },
    });
    this.fanOut = new Histogram({
      name: 'office_event_fanout_seconds',
      help: "From an event's creation to its frame written to its recipients' sockets on this node",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.idempotency = new Counter({
      name: 'office_idempotency_requests_total',
      help: 'Requests whose Idempotency-Key was seen before: replayed (the first answer again), in_flight (409), key_reused (422)',
      labelNames: ['outcome'],
      registers,
    });
    this.signIn = new Counter({
      name: 'office_sign_in_throttle_decisions_total',
      help: 'Sign-in throttle decisions, before the password is checked: allowed, or throttled by a rule',
      labelNames: ['decision', 'rule'],
      registers,
    });
    this.dbDuration = new Histogram({
      name: 'office_db_operation_duration_seconds',
      help: 'Database work: PostgreSQL statements and transactions, SQLite group commits',
      labelNames: ['engine', 'operation'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
    const engine = sources.store.kind;
    sources.store.instrument?.((operation: DatabaseOperation, seconds: number) =>
      this.dbDuration.observe({ engine, operation }, seconds),
    );
    const feed = sources.store.feed;
    if (feed) {
      const counters = [
        ['notifications', 'office_event_feed_notifications_total', 'NOTIFYs of new events this node heard'],
        [
          'wakeUps',
          'office_event_feed_wakeups_total',
          'Catch-ups of the event feed (notifications arriving together share one)',
        ],
        [
          'reads',
          'office_event_feed_reads_total',
          'Reads of the events table by the event feed (one per wake-up unless a batch was full)',
        ],
      ] as const;
      for (const [key, name, help] of counters) {
        new Counter({
          name,
          help,
          registers,
          collect() {
            this.reset();
            this.inc(feed.stats()[key]);
          },
        });
      }
    }
    const pool = sources.store.poolUse?.bind(sources.store);
    if (pool) {
      new Gauge({
        name: 'office_db_pool_connections',
        help: 'Pooled database connections of this node: max, total (open), idle, waiting (requests queued for one)',
        labelNames: ['state'],
        registers,
        collect() {
          const use = pool();
          for (const state of ['max', 'total', 'idle', 'waiting'] as const) this.set({ state }, use[state]);
        },
      });
    }
  }

  request(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.requestDuration.observe(
      { method, route: route ?? UNMATCHED, status_code: String(statusCode) },
      Math.max(0, seconds),
    );
  }

  eventPushed(ageMs: number): void {
    this.fanOut.observe(Math.max(0, ageMs) / 1000);
  }

  idempotencyHit(outcome: 'replayed' | 'in_flight' | 'key_reused'): void {
    this.idempotency.inc({ outcome });
  }

  readonly signInDecision = (decision: ThrottleDecision): void => {
    if (decision.allowed) this.signIn.inc({ decision: 'allowed', rule: '' });
    else this.signIn.inc({ decision: 'throttled', rule: decision.rule });
  };

  /** serves GET /metrics (and nothing else) on its own port; resolves with the listening URL */
  async listen(opts: MetricsListenOptions): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics here\n');
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (err: unknown) =>
          response
            .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
            .end(`metrics failed: ${err instanceof Error ? err.message : String(err)}\n`),
      );
    });
    server.keepAliveTimeout = 10_000;
    const host = opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    return {
      url: `http://${urlHost}:${port}/metrics`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
}
