// Real HTTP and WebSocket against a real SQLite file in a temp dir, on 127.0.0.1 only. In the
// `office-pg` project (vitest.config.ts) the same tests run against PostgreSQL: each data
// directory gets its own database in the run's cluster (postgres-global-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import WebSocket from 'ws';
import type { z } from 'zod';
import { LoginResponse, ServerFrame } from '../../../shared/office-api';
import {
  DATABASE_FILE,
  startOfficeServer,
  type OfficeServerOptions,
  type RunningOfficeServer,
} from '../../../office-server/server';

export interface TestServer extends RunningOfficeServer {
  dataDir: string;
  api: Api;
  /** PUT /api/v1/presence shortcut */
  request(method: 'PUT', token: string, body: unknown): Promise<ApiResponse>;
  cleanup(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'office-server-test-'));
}

/** the run's PostgreSQL (admin URL) when this is the PostgreSQL run of the suite, else undefined */
export function testPostgres(): string | undefined {
  try {
    return inject('officePostgresUrl');
  } catch {
    return undefined;
  }
}

export const ENGINE: 'postgres' | 'sqlite' = testPostgres() ? 'postgres' : 'sqlite';

let databases = 0;
/** data directory → its PostgreSQL database: a server restarted on the same directory finds its data */
const databaseOf = new Map<string, string>();

/** a new empty database in the run's PostgreSQL; returns its URL */
export async function createTestDatabase(): Promise<string> {
  const admin = testPostgres();
  if (!admin) throw new Error('not a PostgreSQL run');
  const name = `office_${process.pid}_${++databases}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** ties a database made elsewhere (createTestDatabase) to a data directory, for sqlOn */
export function rememberDatabase(dataDir: string, url: string): void {
  databaseOf.set(dataDir, url);
}

/** the engine options for a server on this data directory (PostgreSQL in the office-pg project) */
export async function databaseFor(dataDir: string): Promise<Partial<OfficeServerOptions>> {
  if (!testPostgres()) return {};
  let url = databaseOf.get(dataDir);
  if (!url) databaseOf.set(dataDir, (url = await createTestDatabase()));
  return { database: { url, maxConnections: 10 } };
}

/**
 * Runs one SQL statement on a test server's database from outside the server (as an admin tool or
 * another node would), on either engine: `?` placeholders, rows back (or the changed count as `changes`).
 */
export async function sqlOn<R = Record<string, unknown>>(
  dataDir: string,
  text: string,
  args: unknown[] = [],
): Promise<{ rows: R[]; changes: number }> {
  const url = databaseOf.get(dataDir);
  if (url) {
    let n = 0;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query(
        text.replace(/\?/g, () => `$${++n}`),
        args,
      );
      return { rows: r.rows as R[], changes: r.rowCount ?? 0 };
    } finally {
      await c.end();
    }
  }
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    const stmt = db.prepare(text);
    if (stmt.reader) return { rows: stmt.all(...args) as R[], changes: 0 };
    return { rows: [], changes: stmt.run(...args).changes };
  } finally {
    db.close();
  }
}

export async function startTestServer(opts: Partial<OfficeServerOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const engine = opts.database ? {} : await databaseFor(dataDir);
  const server = await startOfficeServer({ port: 0, demo: true, logger: false, ...engine, ...opts, dataDir });
  return {
    ...server,
    dataDir,
    api: new Api(server.url),
    request: (method, token, body) => new Api(server.url).request(method, '/api/v1/presence', { token, body }),
    async cleanup() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export class Api {
  constructor(readonly url: string) {}

  async request(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; key?: string } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.key) headers['idempotency-key'] = opts.key;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (CSV, empty): `text` has it
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get(path: string, token?: string) {
    return this.request('GET', path, { token });
  }

  post(path: string, token: string | undefined, body: unknown, key?: string) {
    return this.request('POST', path, { token, body, key });
  }

  async login(username: string, password = 'teleworker'): Promise<LoginResponse> {
    const r = await this.post('/api/v1/auth/login', undefined, { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    return LoginResponse.parse(r.body);
  }
}

/** parses a response body with a shared schema, as the desktop client does */
export function expectBody<S extends z.ZodType>(schema: S, r: ApiResponse, status = 200): z.infer<S> {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
  return schema.parse(r.body);
}

export class EventClient {
  readonly frames: ServerFrame[] = [];
  private waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = ServerFrame.parse(JSON.parse(data.toString()));
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  static async connect(
    url: string,
    opts: { token?: string; since?: number; via?: 'protocol' | 'frame' | 'header' } = {},
  ): Promise<EventClient> {
    const wsUrl = `${url.replace(/^http/, 'ws')}/api/v1/events${opts.since !== undefined ? `?since=${opts.since}` : ''}`;
    const via = opts.via ?? 'protocol';
    const protocols = opts.token && via === 'protocol' ? ['teleworker.v1', `bearer.${opts.token}`] : undefined;
    const headers = opts.token && via === 'header' ? { authorization: `Bearer ${opts.token}` } : undefined;
    const socket = new WebSocket(wsUrl, protocols, { headers });
    const client = new EventClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    if (opts.token && via === 'frame') client.send({ type: 'auth', token: opts.token });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** resolves with the first frame (already received or future) matching pred */
  /** an eventually-bound, generous on purpose: how fast frames come is the benches' business */
  waitFor(pred: (f: ServerFrame) => boolean, timeoutMs = 15_000): Promise<ServerFrame> {
    const seen = this.frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  events(): Extract<ServerFrame, { type: 'event' }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: 'event' }> => f.type === 'event');
  }

  async close(): Promise<void> {
    if (this.closeCode !== null) return;
    this.socket.close();
    await this.closed;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** a second team with its own manager and worker, made through the admin API */
export async function createOtherTeam(
  api: Api,
): Promise<{ teamId: string; manager: LoginResponse; worker: LoginResponse }> {
  const admin = await api.login('admin');
  const team = await api.post('/api/v1/teams', admin.accessToken, { name: 'Network Operations' });
  const teamId = (team.body as { team: { id: string } }).team.id;
  for (const [username, role] of [
    ['hendra', 'manager'],
    ['wati', 'worker'],
  ] as const) {
    const r = await api.post('/api/v1/users', admin.accessToken, {
      username,
      displayName: username,
      role,
      teamId,
      password: 'a-long-password',
    });
    if (r.status !== 201) throw new Error(`create ${username}: ${r.text}`);
  }
  return {
    teamId,
    manager: await api.login('hendra', 'a-long-password'),
    worker: await api.login('wati', 'a-long-password'),
  };
}
