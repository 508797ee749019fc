// A work session survives its process being killed: a child process runs a session on a
// hand-driven clock and is killed with SIGKILL; the next start on the same data folder finds the
// session still running, counts every second of it, and offers the unwatched stretch as a gap.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/services/logger';
import { WorkRecorder } from '../../../electron/services/session/work-recorder';
import { featureSchema } from '../../../electron/services/store/feature-schema';
import { openLocalStore } from '../../../electron/services/store/local-store';

const root = join(import.meta.dirname, '../../..');
const MIN = 60_000;
const START = Date.parse('2026-11-02T09:00:00+07:00');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function runChild(dataDir: string) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/fixtures/session/recorder-child.ts'), dataDir, String(START)],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let buffer = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiters.push(resolve)));
  const send = async (command: string) => {
    proc.stdin!.write(`${command}\n`);
    return next();
  };
  return { proc, next, send };
}

describe('work session: crash recovery', () => {
  it('recovers a session killed with SIGKILL with no time lost, and offers the gap as work, break or nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-session-crash-'));
    dirs.push(dataDir);
    const child = runChild(dataDir);
    expect(await child.next()).toBe('ready');
    expect(await child.send('start INC-1001')).toBe('ok 0');
    expect(await child.send(`advance ${20 * MIN}`)).toBe(`ok ${20 * MIN}`);
    expect(await child.send('switch INC-1006')).toBe(`ok ${20 * MIN}`);
    expect(await child.send(`advance ${10 * MIN}`)).toBe(`ok ${30 * MIN}`);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.proc.once('exit', (_code, signal) => resolve(signal)),
    );
    child.proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // the app starts again 25 minutes later (a new process: its monotonic clock starts elsewhere)
    const store = openLocalStore({ dir: dataDir, logger: silentLogger });
    try {
      const now = START + 55 * MIN;
      const recorder = new WorkRecorder({
        localDb: featureSchema(store.db),
        clock: () => new Date(now),
        mono: () => 7,
        logger: silentLogger,
        timeZone: 'Asia/Jakarta',
      });
      expect(recorder.isRunning()).toBe(true);
      const totals = recorder.totals('2026-11-02');
      // every second from the start to now is counted: nothing lost to the crash
      expect(totals.workedMs).toBe(55 * MIN);
      expect(totals.perTicket).toEqual({ 'INC-1001': 20 * MIN, 'INC-1006': 35 * MIN });
      // the stretch from the last heartbeat to the restart is offered as a gap
      expect(totals.state.openGaps).toEqual([{ from: START + 30 * MIN, to: now, reason: 'crash' }]);
      recorder.append({ type: 'adjust', from: START + 30 * MIN, to: now, as: 'break' });
      const answered = recorder.totals('2026-11-02');
      expect(answered.workedMs).toBe(30 * MIN);
      expect(answered.breakMs).toBe(25 * MIN);
      expect(answered.state.openGaps).toEqual([]);
    } finally {
      store.close();
    }
  }, 60_000);
});
