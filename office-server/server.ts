// The office server: Fastify (REST under /api/v1) + a WebSocket event stream, SQLite by default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import {
  EVENTS_SUBPROTOCOL,
  SUMMARY_CORRECTION_DAYS,
  SUMMARY_VERSIONS_PER_DAY,
  type DeskPolicy,
  type HealthResponse,
  type ReadyResponse,
} from '../shared/office-api';
import { Directory, type DirectoryConfig } from './auth/directory';
import { DEFAULT_SIGN_IN_THROTTLE, throttleForgetBefore, type SignInThrottlePolicy } from './auth/sign-in-throttle';
import { ACCESS_TTL_MS, REFRESH_TTL_MS, hashToken } from './auth/tokens';
import type { ServerContext } from './context';
import { databaseOptions, describeDatabase, openStore } from './data/open';
import type { PostgresOptions } from './data/postgres';
import type { OfficeStore } from './data/store';
import { seedDemo } from './demo/seed';
import { seedDemoOffice } from './demo/seed-office';
import { EventHub } from './events/hub';
import { OfficeMetrics, type MetricsListenOptions } from './metrics';
import {
  DEADLINE_CHECK_MS,
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_TIMEOUTS,
  capConnectionsPerAddress,
  type ConnectionTimeouts,
} from './http/connections';
import { ApiError, errorBody } from './http/errors';
import { registerRoutes, type AnyRoute } from './http/route';
import { parseTrustProxy } from './http/trust-proxy';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { chatRoutes } from './routes/chat';
import { buildOpenApi } from './routes/openapi';
import { presenceRoutes } from './routes/presence';
import { summaryRoutes } from './routes/summaries';
import { workStateRoutes } from './routes/work-state';
import { slaRoutes } from './routes/sla';
import { auditRoutes } from './routes/audit';
import { ticketRoutes } from './routes/tickets';
import { deskRoutes } from './routes/desks';
import { DEFAULT_DESK_POLICY, releaseUnused } from './services/desks';
import { sweepWaitlists } from './services/desk-waitlist';
import { userRoutes } from './routes/users';
import { registerUpdates } from './routes/updates';
import { postMessage } from './services/chat';
import { userConnected, userDisconnected } from './services/presence';
import { OFFICE_SERVER_VERSION } from './version';

export interface OfficeServerOptions {
  /** 0 = a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  dataDir: string;
  /** PostgreSQL instead of the SQLite file in dataDir (migrated on start); several nodes may share it */
  database?: PostgresOptions;
  demo?: boolean;
  /** PEM text, or paths to PEM files */
  tls?: { cert: string; key: string };
  logger?: boolean | object;
  /** electron-updater generic-provider files, served at /updates/; default <dataDir>/updates */
  updatesDir?: string;
  /** epoch-ms clock; tests pass a controllable one */
  now?: () => number;
  /** request body limit in bytes (default 256 KiB) */
  bodyLimit?: number;
  /** header, request, keep-alive and idle timeouts (http/connections.ts has the defaults and why) */
  timeouts?: Partial<ConnectionTimeouts>;
  /** concurrent connections one remote address may hold (default 1024: many people may share one NAT address) */
  maxConnectionsPerAddress?: number;
  /** lifetime of access tokens (default 15 min); tests shorten it */
  accessTokenTtlMs?: number;
  /** lifetime of refresh tokens (default 30 days) */
  refreshTokenTtlMs?: number;
  /**
   * reverse proxies (addresses or CIDRs) whose X-Forwarded-For names the client: the sign-in
   * throttle and the logs then use that address (http/trust-proxy.ts). Default: none.
   */
  trustProxy?: readonly string[];
  /** LDAP/Active Directory sign-in (auth/directory.ts); local accounts keep working beside it */
  directory?: DirectoryConfig;
  /** sign-in throttling (auth/sign-in-throttle.ts has the defaults) */
  signInThrottle?: Partial<SignInThrottlePolicy>;
  /** corrections of a sent day: within correctionDays (default 7), at most versionsPerDay versions (default 10) */
  summaryCorrections?: { correctionDays?: number; versionsPerDay?: number };
  /** Prometheus /metrics on a listener of its own (never on the API port); absent: no metrics at all */
  metrics?: MetricsListenOptions;
  /** desk booking policy (services/desks.ts has the defaults) */
  deskPolicy?: Partial<DeskPolicy>;
  /** how often desks not checked in by the policy's hour are released (default a minute; tests shorten it) */
  deskSweepMs?: number;
}

export interface RunningOfficeServer {
  url: string;
  port: number;
  /** http://host:port/metrics when metrics are on */
  metricsUrl?: string;
  close(): Promise<void>;
}

export { DATABASE_FILE } from './data/open';
const MAINTENANCE_MS = 60 * 60_000;
const EVENT_RETENTION_MS = 7 * 24 * 3600_000;
const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3600_000;
/** WebSocket protocol errors a client can cause (bad frames): its socket goes, the server is not at fault */
const WS_PROTOCOL_ERROR = /^WS_ERR_/;

/** one module per area, each owning its routes; the order is the order of /openapi.json */
const ROUTE_MODULES: readonly ((ctx: ServerContext) => AnyRoute[])[] = [
  authRoutes,
  userRoutes,
  adminRoutes,
  ticketRoutes,
  auditRoutes,
  slaRoutes,
  chatRoutes,
  presenceRoutes,
  summaryRoutes,
  workStateRoutes,
  deskRoutes,
];

const pem = (v: string): string => (v.includes('-----BEGIN') ? v : readFileSync(v, 'utf8'));

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
};

export async function startOfficeServer(opts: OfficeServerOptions): Promise<RunningOfficeServer> {
  const now = opts.now ?? Date.now;
  const demo = opts.demo ?? false;
  const trustProxy = opts.trustProxy?.length ? parseTrustProxy(opts.trustProxy) : undefined;
  const directory = opts.directory ? new Directory(opts.directory) : null;
  const database = databaseOptions(opts.dataDir, opts.database);
  const store: OfficeStore = await openStore(database, { migrate: true });
  try {
    // several nodes share a PostgreSQL store: one node starting does not mean nobody holds a socket
    if (store.kind === 'sqlite') await store.presence.resetConnections(now());
    if (demo) {
      await seedDemo(store, now());
      await seedDemoOffice(store, now());
    }
  } catch (err) {
    await store.close();
    throw err;
  }

  const timeouts: ConnectionTimeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  if (timeouts.headersMs > timeouts.requestMs) throw new Error('timeouts: headersMs must not exceed requestMs');
  // Node's own deadlines for slow headers and slow bodies, checked every second
  const nodeServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: DEADLINE_CHECK_MS,
  };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 256 * 1024,
    ...(opts.tls
      ? { https: { cert: pem(opts.tls.cert), key: pem(opts.tls.key), ...nodeServerOptions } }
      : { http: nodeServerOptions }),
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    return503OnClosing: true,
    forceCloseConnections: true,
    ...(trustProxy ? { trustProxy } : {}),
  }) as unknown as FastifyInstance;
  capConnectionsPerAddress(app.server, opts.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, app.log);

  // the API speaks JSON only: anything else is 415, not a string that fails validation later
  app.removeContentTypeParser('text/plain');

  let closing = false;
  const ctx: ServerContext = {
    store,
    now,
    log: app.log,
    demo,
    version: OFFICE_SERVER_VERSION,
    hub: undefined as unknown as EventHub,
    summaries: {
      correctionDays: opts.summaryCorrections?.correctionDays ?? SUMMARY_CORRECTION_DAYS,
      versionsPerDay: opts.summaryCorrections?.versionsPerDay ?? SUMMARY_VERSIONS_PER_DAY,
    },
    metrics: null,
    auth: {
      tokenTtl: { access: opts.accessTokenTtlMs ?? ACCESS_TTL_MS, refresh: opts.refreshTokenTtlMs ?? REFRESH_TTL_MS },
      signInThrottle: { ...DEFAULT_SIGN_IN_THROTTLE, ...opts.signInThrottle },
    },
    directory,
    deskPolicy: { ...DEFAULT_DESK_POLICY, ...opts.deskPolicy },
  };
  ctx.hub = new EventHub({
    store,
    now,
    log: app.log,
    async authenticate(token) {
      const found = await store.sessions.findByAccessToken(hashToken(token), now());
      if (!found || (found.user.demo && !demo)) return null;
      return found;
    },
    sessionActive: (sessionId) => store.sessions.isActive(sessionId, now()),
    onFirstConnection: (user) => userConnected(ctx, user),
    onLastDisconnection: (user) => userDisconnected(ctx, user),
    sendChat: (user, input) => postMessage(ctx, user, input),
    onPushed: (ageMs) => ctx.metrics?.eventPushed(ageMs),
  });
  const metrics = opts.metrics ? new OfficeMetrics({ openSockets: () => ctx.hub.connectionCount, store }) : null;
  ctx.metrics = metrics;
  if (metrics) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.request(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
      if (reply.getHeader('idempotent-replayed') === 'true') metrics.idempotencyHit('replayed');
      done();
    });
  }

  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) {
      if (err.code === 'idempotency_in_flight') metrics?.idempotencyHit('in_flight');
      else if (err.code === 'idempotency_key_reused') metrics?.idempotencyHit('key_reused');
      if (err.headers) reply.headers(err.headers);
      return reply.code(err.status).send(errorBody(err.code, err.message, err.issues));
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return reply.code(mapped[0]).send(errorBody(mapped[1], err.message));
    if (err instanceof SyntaxError)
      return reply.code(400).send(errorBody('invalid_json', 'the body is not valid JSON'));
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorBody('bad_request', err.message));
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'the server failed; the error is logged'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );

  await app.register(websocket, {
    // A malformed frame (oversized, unmasked, bad opcode, invalid UTF-8 …) ends that socket only; ws
    // has already sent the close code. The client is at fault, so no stack trace at error level.
    errorHandler(err, socket, request) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && WS_PROTOCOL_ERROR.test(code)) {
        request.log.warn({ address: request.ip, code, reason: err.message }, 'event socket closed: protocol error');
      } else {
        request.log.error({ err }, 'event socket failed');
      }
      socket.terminate();
    },
    options: {
      maxPayload: 64 * 1024,
      // browsers send "teleworker.v1, bearer.<token>" and need one of them echoed; never echo the token
      handleProtocols: (protocols: Set<string>) => (protocols.has(EVENTS_SUBPROTOCOL) ? EVENTS_SUBPROTOCOL : false),
    },
  });

  const routes = ROUTE_MODULES.flatMap((module) => module(ctx));
  registerRoutes(app, ctx, routes);
  const openapi = JSON.stringify(buildOpenApi(routes, OFFICE_SERVER_VERSION));

  app.get('/api/v1/events', { websocket: true }, (socket, request) => ctx.hub.attach(socket, request));
  app.get('/healthz', async (): Promise<HealthResponse> => ({ status: 'ok', version: OFFICE_SERVER_VERSION, demo }));
  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await store.ping();
      checks.database = 'ok';
    } catch (err) {
      checks.database = err instanceof Error ? err.message : 'failed';
    }
    checks.databaseEngine = store.kind;
    // several nodes: whether this one hears the others' events at once (else it polls each second)
    if (store.feed) checks.eventFeed = store.feed.listening ? 'ok' : 'reconnecting (polling)';
    if (closing) checks.server = 'shutting down';
    const ready = checks.database === 'ok' && !closing;
    const body: ReadyResponse = { status: ready ? 'ready' : 'not-ready', checks };
    return reply.code(ready ? 200 : 503).send(body);
  });
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(openapi));
  registerUpdates(app, opts.updatesDir ?? join(opts.dataDir, 'updates'));

  const maintain = async () => {
    const t = now();
    try {
      await store.events.prune(t - EVENT_RETENTION_MS);
      await store.idempotency.prune(t - IDEMPOTENCY_RETENTION_MS);
      await store.sessions.prune(t);
      await store.sessions.pruneSignInAddresses(t - ctx.auth.signInThrottle.knownAddressMs);
      await store.signInFailures.prune(throttleForgetBefore(ctx.auth.signInThrottle, t));
    } catch (err) {
      app.log.error({ err }, 'maintenance failed');
    }
  };
  await maintain();
  const maintenance = setInterval(() => void maintain(), MAINTENANCE_MS);
  maintenance.unref();
  // desks unused at the check-in hour are released and offered to the waiting lists, and offers not
  // taken in time pass on; a sweep still running when the next is due lets that one go
  let sweeping = false;
  const deskSweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    releaseUnused(ctx)
      .then(() => sweepWaitlists(ctx))
      .catch((err: unknown) => app.log.error({ err }, 'releasing unused desks failed'))
      .finally(() => (sweeping = false));
  }, opts.deskSweepMs ?? 60_000);
  deskSweep.unref();

  const host = opts.host ?? '127.0.0.1';
  let metricsListener: { url: string; close(): Promise<void> } | undefined;
  try {
    await ctx.hub.start();
    await app.listen({ port: opts.port ?? 0, host });
    if (metrics && opts.metrics) metricsListener = await metrics.listen(opts.metrics);
  } catch (err) {
    clearInterval(maintenance);
    clearInterval(deskSweep);
    ctx.hub.closeAll();
    await app.close();
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  app.log.info(
    {
      url,
      demo,
      database: describeDatabase(database),
      directory: directory?.url ?? null,
      metrics: metricsListener?.url,
    },
    'office server listening',
  );

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    ...(metricsListener ? { metricsUrl: metricsListener.url } : {}),
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(maintenance);
        clearInterval(deskSweep);
        ctx.hub.closeAll();
        await metricsListener?.close();
        await app.close();
        await store.close();
      })();
      return closed;
    },
  };
}
