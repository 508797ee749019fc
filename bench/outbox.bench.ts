// outbox: how long 10,000 queued changes take to reach the office server over loopback, and the
// client process's peak memory while they do. The server runs in its own process (demo mode, a
// real SQLite file); the client is the real office service: session, outbox, SQLite store.
import { spawn } from 'node:child_process';
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

office.stop();
store.close();
server.kill('SIGTERM');
rmSync(clientDir, { recursive: true, force: true });
rmSync(serverDir, { recursive: true, force: true });
process.exit(0);
