// Durability for real: a client process queues 1,000 changes and is killed with SIGKILL at random
// moments while it delivers them to the real office server; after it is started again, every
// change has arrived exactly once. Ten times over.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

const root = join(import.meta.dirname, '../../..');
const child = join(root, 'test/fixtures/outbox/outbox-child.ts');
// each run starts the client three times (two killed mid-way): six runs are twelve real mid-way kills
const RUNS = 6;
const TOTAL = 1000;

let server: TestServer;
beforeAll(async () => {
  // 500 versions of each run's day: far more corrections than the office allows by default
  server = await startTestServer({ summaryCorrections: { correctionDays: 366, versionsPerDay: 100_000 } });
});
afterAll(async () => server?.cleanup());

/**
 * Runs the child; with killAfterMs, SIGKILLs it that long after it says `working` (start-up over:
 * signed in, about to queue), if it still runs. Resolves with its exit and output.
 */
function runChild(
  args: string[],
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let timer: NodeJS.Timeout | null = null;
    proc.stdout.on('data', (d) => {
      out += d;
      if (killAfterMs !== undefined && timer === null && /^working$/m.test(out))
        timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.stderr.on('data', (d) => (out += d));
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

// A seeded generator, so a failing run can be repeated.
function prng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

async function chatBodies(token: string, channelId: string): Promise<string[]> {
  const bodies: string[] = [];
  let cursor: string | null = null;
  do {
    const r = await server.api.get(
      `/api/v1/chat/channels/${encodeURIComponent(channelId)}/messages?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
    );
    const page = r.body as { items: Array<{ body: string }>; next: string | null };
    bodies.push(...page.items.map((m) => m.body));
    cursor = page.next;
  } while (cursor);
  return bodies;
}

describe('outbox durability under SIGKILL', () => {
  it(
    `delivers ${TOTAL} queued changes exactly once, ${RUNS} runs with random kills`,
    { timeout: 600_000 },
    async () => {
      const random = prng(20261128);
      const kills: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const dir = mkdtempSync(join(tmpdir(), 'tw-durable-'));
        const date = `2026-10-${String(run + 1).padStart(2, '0')}`;
        const args = [dir, server.url, `run${run}`, String(TOTAL), date];
        let killed = 0;
        // Two kills at random moments of the work (queueing or delivering), then a run to the end.
        for (let k = 0; k < 2; k++) {
          const result = await runChild(args, Math.floor(random() * 1500));
          // killed mid-way: after start-up (it said `working`) and before the end (no `delivered`)
          if (result.signal === 'SIGKILL' && /^working$/m.test(result.out) && !result.out.includes('delivered'))
            killed++;
          else expect(result.out).toContain('delivered');
        }
        const last = await runChild(args);
        expect(last.code, last.out).toBe(0);
        expect(last.out).toContain('delivered');
        kills.push(killed);
        rmSync(dir, { recursive: true, force: true });
      }
      // The processes were really killed mid-way, not only before or after the work.
      expect(kills.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RUNS);

      const budi = await server.api.login('budi');
      const team = `team:${budi.user.teamId}`;
      const chat = await chatBodies(budi.accessToken, team);
      for (let run = 0; run < RUNS; run++) {
        const mine = chat.filter((b) => b.startsWith(`run${run} #`));
        const expected = Array.from({ length: TOTAL / 2 }, (_, j) => `run${run} #${2 * j}`);
        expect(mine.length, `chat messages of run ${run}`).toBe(TOTAL / 2);
        expect(new Set(mine)).toEqual(new Set(expected));
        const date = `2026-10-${String(run + 1).padStart(2, '0')}`;
        const summaries = (await server.api.get(`/api/v1/summaries?date=${date}`, budi.accessToken)).body as {
          items: Array<{ notes: string }>;
        };
        const notes = summaries.items.map((s) => s.notes).filter((n) => n.startsWith(`run${run} #`));
        expect(notes.length, `summaries of run ${run}`).toBe(TOTAL / 2);
        expect(new Set(notes).size).toBe(TOTAL / 2);
      }
    },
  );
});
