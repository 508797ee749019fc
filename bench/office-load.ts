// The office bench's load, shared by bench/office.bench.ts (the figures) and bench/office-pg-profile.ts
// (where PostgreSQL's time goes): the office server in its own process, seeded users, summaries
// over keep-alive HTTP, chat latency over 500 WebSockets.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { issueTokens } from '../office-server/auth/tokens';
import type { OfficeStore } from '../office-server/data/store';
import { sized } from './harness';

export const TEAMS = sized('BENCH_OFFICE_TEAMS', 50, 3);
const TEAM_SIZE = 10;
export const SUMMARY_REQUESTS = sized('BENCH_OFFICE_SUMMARIES', 12_000, 200);
export const SUMMARY_WARMUP = 500;
const SUMMARY_CONCURRENCY = 32;
export const CHAT_MESSAGES = sized('BENCH_OFFICE_CHAT_MESSAGES', 2_000, 50);
export const CHAT_WARMUP = 300;
const CHAT_CONCURRENCY = 16;

export interface BenchUser {
  id: string;
  token: string;
  teamId: string;
}

export const root = fileURLToPath(new URL('..', import.meta.url));

export async function seed(store: OfficeStore): Promise<BenchUser[][]> {
  const now = Date.now();
  const teams: BenchUser[][] = [];
  for (let t = 0; t < TEAMS; t++) {
    const team = await store.users.createTeam(`Team ${t}`, now);
    const members: BenchUser[] = [];
    for (let i = 0; i < TEAM_SIZE; i++) {
      const u = await store.users.create(
        {
          username: `t${t}u${i}`,
          displayName: `User ${t}.${i}`,
          role: i === 0 ? 'manager' : 'worker',
          teamId: team.id,
          passwordHash: 'x',
        },
        now,
      );
      // sessions are made directly: 500 scrypt sign-ins would measure the password hash, not the server
      const tokens = issueTokens(now, { access: 3600_000, refresh: 3600_000 });
      await store.sessions.create(u.id, tokens.stored, now);
      members.push({ id: u.id, token: tokens.accessToken, teamId: team.id });
    }
    teams.push(members);
  }
  await store.close();
  return teams;
}

export interface ServerOptions {
  dataDir: string;
  /** PostgreSQL; absent: SQLite in dataDir */
  databaseUrl?: string;
  /** the built bundle (office-server/build.mjs) under plain node, instead of main.ts under tsx */
  main?: string;
  /** more environment for the server (METRICS_PORT, DATABASE_MAX_CONNECTIONS…) */
  env?: Record<string, string>;
}

export interface BenchServer {
  url: string;
  /** when METRICS_PORT was given */
  metricsUrl: string | undefined;
  /** the server process (bench/office-pg-profile.ts reads its CPU time) */
  pid: number;
  stop: () => Promise<void>;
}

export function startServer(o: ServerOptions): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
        ...(o.main ? [o.main] : ['--import', 'tsx', join(root, 'office-server/main.ts')]),
        '--port',
        '0',
        '--data-dir',
        o.dataDir,
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          OFFICE_DEMO: '0',
          // every bench user sends the same past day thousands of times: lift the correction limits
          SUMMARY_CORRECTION_DAYS: '36500',
          SUMMARY_VERSIONS_PER_DAY: '1000000',
          DATABASE_URL: o.databaseUrl ?? '',
          ...o.env,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /office-server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          metricsUrl: /office-server metrics on (\S+)/.exec(out)?.[1],
          pid: child.pid as number,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, path: string, token: string, body: unknown, key?: string): Promise<number> {
  const payload = JSON.stringify(body);
  const u = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
          ...(key ? { 'idempotency-key': key } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function benchSummaries(url: string, users: BenchUser[]): Promise<number> {
  const body = (i: number) => ({
    date: '2025-06-02',
    workedMinutes: 420 + (i % 60),
    breakMinutes: 45,
    segments: [
      // the bench users own no tickets, and a summary may list only the author's (issue 12)
      { start: '2025-06-02T01:00:00.000Z', end: '2025-06-02T05:00:00.000Z', kind: 'work' },
      { start: '2025-06-02T05:00:00.000Z', end: '2025-06-02T05:45:00.000Z', kind: 'break' },
      { start: '2025-06-02T05:45:00.000Z', end: '2025-06-02T09:00:00.000Z', kind: 'work' },
    ],
    tickets: [],
    slaBreaches: [],
    notes: 'benchmark report',
  });
  // warm-up (JIT, connections)
  await pool(SUMMARY_WARMUP, SUMMARY_CONCURRENCY, async (i) => {
    const u = users[i % users.length] as BenchUser;
    await post(url, '/api/v1/summaries', u.token, body(i), `warm-${i}`);
  });
  let failed = 0;
  const start = performance.now();
  await pool(SUMMARY_REQUESTS, SUMMARY_CONCURRENCY, async (i) => {
    const u = users[i % users.length] as BenchUser;
    const status = await post(url, '/api/v1/summaries', u.token, body(i), `bench-${i}`);
    if (status !== 201) failed++;
  });
  const seconds = (performance.now() - start) / 1000;
  if (failed) throw new Error(`${failed} summary posts failed`);
  return SUMMARY_REQUESTS / seconds;
}

/** `urls`: the server nodes; user i's socket and posts go to node i mod n (a teammate is on the other) */
export async function benchChat(
  urls: string[],
  teams: BenchUser[][],
  run: string,
): Promise<{ p50: number; p99: number }> {
  const pending = new Map<string, { recipient: string; start: number; resolve: () => void }>();
  const latencies: number[] = [];
  const sockets: WebSocket[] = [];
  const nodeOf = (i: number) => urls[i % urls.length] as string;
  await pool(TEAMS * TEAM_SIZE, 50, async (i) => {
    const u = (teams[Math.floor(i / TEAM_SIZE)] as BenchUser[])[i % TEAM_SIZE] as BenchUser;
    const ws = new WebSocket(`${nodeOf(i).replace(/^http/, 'ws')}/api/v1/events`, [
      'teleworker.v1',
      `bearer.${u.token}`,
    ]);
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('{"type":"ready"')) resolve();
        if (!text.includes('"chat.message"')) return;
        const frame = JSON.parse(text) as { event: { message: { clientId: string } } };
        const p = pending.get(frame.event.message.clientId);
        if (p && p.recipient === u.id) {
          latencies.push(performance.now() - p.start);
          pending.delete(frame.event.message.clientId);
          p.resolve();
        }
      });
      ws.once('error', reject);
    });
  });
  // let the connect-time presence fan-out settle
  await new Promise((r) => setTimeout(r, 1000));

  let n = 0;
  const send = async (i: number, record: boolean) => {
    const team = teams[i % TEAMS] as BenchUser[];
    const k = Math.floor(i / TEAMS) % TEAM_SIZE;
    const sender = team[k] as BenchUser;
    const recipient = team[(k + 1) % TEAM_SIZE] as BenchUser;
    const clientId = `bench-${run}-${record ? 'm' : 'w'}-${n++}`;
    const received = new Promise<void>((resolve) =>
      pending.set(clientId, { recipient: recipient.id, start: performance.now(), resolve }),
    );
    const status = await post(nodeOf((i % TEAMS) * TEAM_SIZE + k), '/api/v1/chat/messages', sender.token, {
      channelId: `team:${sender.teamId}`,
      body: `message ${i}`,
      clientId,
    });
    if (status !== 201) throw new Error(`chat post failed: ${status}`);
    await received;
  };
  await pool(CHAT_WARMUP, CHAT_CONCURRENCY, (i) => send(i, false));
  latencies.length = 0;
  await pool(CHAT_MESSAGES, CHAT_CONCURRENCY, (i) => send(i, true));
  for (const ws of sockets) ws.terminate();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
