// outbox: how long 10,000 queued changes take to reach the office server over loopback, and the
// client process's peak memory while they do. The server runs in its own process (demo mode, a
// real SQLite file); the client is the real office service: session, outbox, SQLite store.
// Then whether the outbox keeps the office's pace: the same day summaries posted straight to the
// office over keep-alive HTTP, 32 in flight (as bench/office.bench.ts does: the office's summaries/s),
// and queued in the outbox and flushed (its items/s), on the same server in the same run, in four
// alternating rounds of each; outbox.share_of_ingest_pct is the second over the first.
import { spawn } from 'node:child_process';
import nodeHttp from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../electron/services/logger';
import { newChatMessage, postChatMessage } from '../electron/services/chat/commands';
import { setPresence } from '../electron/services/presence/commands';
import { submitSummary } from '../electron/services/session/commands';
import { commentOnTicket } from '../electron/services/tickets/commands';
import { openLocalStore } from '../electron/services/store/local-store';
import { ChannelsResponse, TicketListResponse } from '../shared/office-api';
import { manualConnectivity, memorySecrets, officeService, statusFixture } from '../test/fixtures/core';
import { sized } from './harness';

const ITEMS = sized('BENCH_OUTBOX_ITEMS', 10_000, 300);
const SHARE_ROUNDS = 4;
const SHARE_ITEMS = SHARE_ROUNDS * Math.ceil(sized('BENCH_OUTBOX_SHARE_ITEMS', 4_000, 200) / SHARE_ROUNDS);
const DIRECT_CONCURRENCY = 32;
const root = join(import.meta.dirname, '..');
const serverDir = mkdtempSync(join(tmpdir(), 'tw-bench-office-'));
const clientDir = mkdtempSync(join(tmpdir(), 'tw-bench-client-'));

const server = spawn(
  process.execPath,
  ['--import', 'tsx', 'office-server/main.ts', '--demo', '--port', '0', '--data-dir', serverDir],
  {
    cwd: root,
    // many versions of each past day: lift the office's correction limits
    env: { ...process.env, LOG_LEVEL: 'warn', SUMMARY_CORRECTION_DAYS: '36500', SUMMARY_VERSIONS_PER_DAY: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  const onData = (d: Buffer) => {
    out += d;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) {
      server.stdout!.off('data', onData);
      server.stdout!.resume(); // keep draining whatever it still prints
      resolve(m[1]!);
    }
  };
  server.stdout!.on('data', onData);
  server.once('exit', (code) => reject(new Error(`office server exited (${code})`)));
});

// Connectivity is driven by hand: offline while queueing, reachable to flush.
const connectivity = manualConnectivity(statusFixture({ status: 'offline', reason: { code: 'no-network' } }));

const store = openLocalStore({ dir: clientDir, logger: silentLogger });
const office = officeService({ db: store.db, secrets: memorySecrets(), connectivity });
office.start();
await office.signIn(url, 'budi', 'teleworker');
const http = office.session.http();
const channels = (await http('GET', '/chat/channels', { schema: ChannelsResponse })).items;
const tickets = (await http('GET', '/tickets', { schema: TicketListResponse })).items;

// A working day's mix, spread over many queues: chat in every channel, comments on every ticket,
// summaries for several days, presence changes.
const queue = store.db.transaction(() => {
  for (let i = 0; i < ITEMS; i++) {
    const r = i % 10;
    if (r < 4)
      office.enqueue(postChatMessage, {}, newChatMessage(channels[i % channels.length]!.id, `bench message ${i}`));
    else if (r < 7)
      office.enqueue(commentOnTicket, { ticketId: tickets[i % tickets.length]!.id }, { body: `bench comment ${i}` });
    else if (r < 9)
      office.enqueue(
        submitSummary,
        {},
        {
          date: `2026-09-${String((i % 28) + 1).padStart(2, '0')}`,
          workedMinutes: 420,
          breakMinutes: 30,
          segments: [],
          tickets: [],
          slaBreaches: [],
          notes: `bench ${i}`,
        },
      );
    else office.enqueue(setPresence, {}, { status: i % 20 === 9 ? 'busy' : 'available' });
  }
});
queue();
if (office.outbox.summary().pending !== ITEMS)
  throw new Error(`expected ${ITEMS} queued items, found ${office.outbox.summary().pending}`);

const started = performance.now();
connectivity.set(statusFixture({ status: 'office-lan', reason: { code: 'office-reachable' } }));
for (;;) {
  await office.outbox.flush();
  const s = office.outbox.summary();
  if (s.failed > 0) throw new Error(`${s.failed} items refused: ${s.lastError}`);
  if (s.pending === 0) break;
  await new Promise((r) => setTimeout(r, 5));
}
const elapsed = performance.now() - started;

console.log(`BENCH outbox.flush_10k_ms ${Math.round(elapsed)} ms`);
console.log(`BENCH outbox.items_per_s ${Math.round((ITEMS / elapsed) * 1000)} items/s`);
console.log(`BENCH outbox.peak_rss_mb ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);

// ---- the office's pace against the outbox's, for one kind of item: a day's summary ----
// Each phase posts to 28 days no phase used before (the office's work per summary grows with the
// versions a day already has), and the phases alternate (direct, outbox, direct, outbox…) so that a
// change in the machine's load during the run falls on both rates alike.
let phase = 0;
const freshDays = () => {
  const month = ++phase; // 2025-01, 2025-02, …: a month of its own per phase
  return (i: number) => `2025-${String(month).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
};
const summaryBody = (i: number, run: string, day: (i: number) => string) => ({
  // 28 days: 28 queues, as a month of unsent days would be
  date: day(i),
  workedMinutes: 420 + (i % 60),
  breakMinutes: 30,
  segments: [],
  tickets: [],
  slaBreaches: [],
  notes: `share ${run} ${i}`,
});
const login = await fetch(`${url}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'budi', password: 'teleworker' }),
});
const { accessToken } = (await login.json()) as { accessToken: string };
const agent = new nodeHttp.Agent({ keepAlive: true, maxSockets: 64 });
const postSummary = (body: unknown, key: string) =>
  new Promise<number>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const u = new URL('/api/v1/summaries', url);
    const req = nodeHttp.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${accessToken}`,
          'idempotency-key': key,
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
const direct = async (n: number, run: string) => {
  const day = freshDays();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: DIRECT_CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        if ((await postSummary(summaryBody(i, run, day), `${run}-${i}`)) !== 201) failed++;
      }
    }),
  );
  if (failed) throw new Error(`${failed} summary posts failed`);
};
const throughOutbox = async (n: number, run: string) => {
  const day = freshDays();
  connectivity.set(statusFixture({ status: 'offline', reason: { code: 'no-network' } }));
  store.db.transaction(() => {
    for (let i = 0; i < n; i++) office.enqueue(submitSummary, {}, summaryBody(i, run, day));
  })();
  const start = performance.now();
  connectivity.set(statusFixture({ status: 'office-lan', reason: { code: 'office-reachable' } }));
  for (;;) {
    await office.outbox.flush();
    const s = office.outbox.summary();
    if (s.failed > 0) throw new Error(`${s.failed} items refused: ${s.lastError}`);
    if (s.pending === 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - start;
};
await direct(300, 'warm');
await throughOutbox(300, 'warm');
let directMs = 0;
let outboxMs = 0;
for (let round = 0; round < SHARE_ROUNDS; round++) {
  const t = performance.now();
  await direct(SHARE_ITEMS / SHARE_ROUNDS, `direct${round}`);
  directMs += performance.now() - t;
  outboxMs += await throughOutbox(SHARE_ITEMS / SHARE_ROUNDS, `outbox${round}`);
}
const officePerSecond = SHARE_ITEMS / (directMs / 1000);
const outboxPerSecond = SHARE_ITEMS / (outboxMs / 1000);
console.log(`BENCH outbox.office_summaries_per_s ${Math.round(officePerSecond)} items/s`);
console.log(`BENCH outbox.summaries_per_s ${Math.round(outboxPerSecond)} items/s`);
console.log(`BENCH outbox.share_of_ingest_pct ${((100 * outboxPerSecond) / officePerSecond).toFixed(1)} %`);
agent.destroy();

office.stop();
store.close();
server.kill('SIGTERM');
rmSync(clientDir, { recursive: true, force: true });
rmSync(serverDir, { recursive: true, force: true });
process.exit(0);
