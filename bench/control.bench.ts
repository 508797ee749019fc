// npm run bench -- control
// How fast a VPN client's hook gets the app to notice a tunnel change, against the REAL OpenVPN
// tunnel of test/fixtures/vpn. A stand-in app (test/fixtures/vpn/control-app-process.ts: the real
// connectivity monitor behind the real control server) runs in the home namespace with only its
// one-second check (no `ip monitor`: what the app has where the OS gives no change events). The
// home OpenVPN client is stopped (SIGTERM, so it runs its `down` script) 20 times; the time from the
// signal until the app's status line leaves "office via VPN" is measured, first without any hook,
// then with resources/vpn-hooks/openvpn-updown.sh installed as `up` and `down` (which runs the
// bundled `teleworker vpn-event`). Target: hook p95 ≤ 200 ms.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { buildCli, REPO_ROOT } from '../test/fixtures/control';
import { NetnsOpenvpnFixture, fixtureUnavailableReason, stopChild } from '../test/fixtures/vpn/netns-openvpn';
import { capabilityOfNetnsReason, sized, unavailable } from './harness';

const FLAPS = sized('CONTROL_BENCH_FLAPS', 20, 2);

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}

interface Line {
  status: string;
  at: number;
}

class App {
  readonly lines: Line[] = [];
  stderr = '';
  private waiters: Array<{ test: (l: Line) => boolean; resolve: (l: Line) => void }> = [];
  constructor(readonly child: ChildProcess) {
    let buffer = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!text.trim()) continue;
        const line = { status: (JSON.parse(text) as { status: string }).status, at };
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => (w.test(line) ? (w.resolve(line), false) : true));
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (this.stderr += chunk));
  }
  waitFor(test: (l: Line) => boolean, timeoutMs: number, fromNow = true): Promise<Line> {
    if (!fromNow) {
      const last = this.lines.at(-1);
      if (last && test(last)) return Promise.resolve(last);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching status within ${timeoutMs} ms; seen ${this.lines.map((l) => l.status).join(' → ')}; stderr ${this.stderr.slice(-1500)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }
}

async function flaps(
  fixture: NetnsOpenvpnFixture,
  label: string,
  tunnelArgs: string[],
  controlDir: string,
): Promise<number[]> {
  const child = fixture.spawnInHome(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/vpn/control-app-process.ts', controlDir, fixture.officeUrl, fixture.officePin],
    REPO_ROOT,
  );
  const app = new App(child);
  try {
    const samples: number[] = [];
    for (let i = 0; i < FLAPS; i++) {
      await fixture.tunnelUp(tunnelArgs);
      await app.waitFor((l) => l.status === 'office-via-vpn', 20_000, false);
      const t0 = performance.now();
      const exited = fixture.killTunnel('SIGTERM');
      const seen = await app.waitFor((l) => l.status !== 'office-via-vpn', 10_000);
      await exited;
      samples.push(seen.at - t0);
      process.stderr.write(`# ${label} flap ${i + 1}/${FLAPS}: ${(seen.at - t0).toFixed(1)} ms → ${seen.status}\n`);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const reason = fixtureUnavailableReason();
  if (reason) {
    unavailable(capabilityOfNetnsReason(reason), reason);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'tw-control-bench-'));
  chmodSync(work, 0o755);
  const cli = join(work, 'teleworker.mjs');
  buildCli(cli);
  const fixture = await NetnsOpenvpnFixture.create();
  const stopAll = () => void fixture.destroy().finally(() => process.exit(130));
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  try {
    const noHook = await flaps(fixture, 'no hook', [], join(work, 'run-a'));
    const hook = join(REPO_ROOT, 'resources/vpn-hooks/openvpn-updown.sh');
    const controlDir = join(work, 'run-b');
    const withHook = await flaps(
      fixture,
      'hook',
      [
        '--script-security',
        '2',
        '--up',
        hook,
        '--down',
        hook,
        '--setenv',
        'TELEWORKER_BIN',
        `${process.execPath} ${cli}`,
        '--setenv',
        'TELEWORKER_CONTROL_DIR',
        controlDir,
      ],
      controlDir,
    );
    // What the hook costs by itself on this machine at this moment: a bare Node start, and the whole
    // `teleworker vpn-event` (start, connect, the app's re-check, answer) with the tunnel down.
    const timed = (args: string[]) => {
      const t0 = performance.now();
      execFileSync(process.execPath, args, { stdio: 'ignore' });
      return performance.now() - t0;
    };
    const nodeStart = Array.from({ length: 10 }, () => timed(['-e', '0'])).sort((a, b) => a - b);
    const app = fixture.spawnInHome(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/vpn/control-app-process.ts', controlDir, fixture.officeUrl, fixture.officePin],
      REPO_ROOT,
    );
    let roundTrip: number[] = [];
    try {
      const sock = join(controlDir, 'control.sock');
      for (let i = 0; i < 100; i++) {
        try {
          execFileSync(process.execPath, [cli, 'vpn-event', 'down', '--socket', sock], { stdio: 'ignore' });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      roundTrip = Array.from({ length: 10 }, () => timed([cli, 'vpn-event', 'down', '--socket', sock])).sort(
        (a, b) => a - b,
      );
    } finally {
      await stopChild(app);
    }
    console.log(`BENCH control.node_start_p50_ms ${percentile(nodeStart, 50).toFixed(1)} ms`);
    console.log(`BENCH control.vpn_event_command_p50_ms ${percentile(roundTrip, 50).toFixed(1)} ms`);
    console.log(`BENCH control.no_hook_detect_p50_ms ${percentile(noHook, 50).toFixed(1)} ms`);
    console.log(`BENCH control.no_hook_detect_p95_ms ${percentile(noHook, 95).toFixed(1)} ms`);
    console.log(`BENCH control.hook_detect_p50_ms ${percentile(withHook, 50).toFixed(1)} ms`);
    console.log(`BENCH control.hook_detect_p95_ms ${percentile(withHook, 95).toFixed(1)} ms`);
  } finally {
    await fixture.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  process.stderr.write(
    `control bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
