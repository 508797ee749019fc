// npm run bench -- connectivity
// Detection latency against a REAL OpenVPN tunnel (test/fixtures/vpn): the monitor (diagnose CLI
// --watch) runs in the home namespace; the tunnel is killed (SIGKILL of the client) 20 times and
// the time until the monitor's status line arrives is measured. Then the monitor's own CPU use
// while idle (tunnel up, office answering, default intervals) over 60 s, by process.cpuUsage.
import { NetnsOpenvpnFixture, fixtureUnavailableReason } from '../test/fixtures/vpn/netns-openvpn';
import { REPO_ROOT, WatchedMonitor } from '../test/fixtures/vpn/monitor-process';

const FLAPS = Number(process.env.CONNECTIVITY_BENCH_FLAPS ?? 20);
const IDLE_SECONDS = Number(process.env.CONNECTIVITY_BENCH_IDLE_S ?? 60);
/** CONNECTIVITY_BENCH_POLL_ONLY=1: measure the one-second poll alone (no `ip monitor` events) */
const POLL_ONLY = process.env.CONNECTIVITY_BENCH_POLL_ONLY === '1';

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}

async function detection(fixture: NetnsOpenvpnFixture): Promise<number[]> {
  const monitor = WatchedMonitor.start(fixture, [
    '--office-url', fixture.officeUrl, '--pin', fixture.officePin, ...(POLL_ONLY ? ['--no-ip-monitor'] : []),
  ]);
  try {
    await monitor.waitForStatus('offline', 20_000);
    const samples: number[] = [];
    for (let i = 0; i < FLAPS; i++) {
      await fixture.tunnelUp();
      await monitor.waitForStatus('office-via-vpn', 10_000);
      const killedAt = performance.now();
      const exited = fixture.killTunnel('SIGKILL');
      const seen = await monitor.waitFor((l) => l.status !== 'office-via-vpn', 10_000);
      await exited;
      if (seen.line.status !== 'offline') throw new Error(`flap ${i}: expected offline, got ${seen.line.status}`);
      samples.push(seen.at - killedAt);
      process.stderr.write(`# flap ${i + 1}/${FLAPS}: ${(seen.at - killedAt).toFixed(1)} ms\n`);
    }
    return samples;
  } finally {
    await monitor.stop();
  }
}

async function idleCpu(fixture: NetnsOpenvpnFixture): Promise<number> {
  await fixture.tunnelUp();
  const child = fixture.spawnInHome(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/vpn/idle-cpu-child.ts', fixture.officeUrl, fixture.officePin, String(IDLE_SECONDS)],
    REPO_ROOT,
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`idle CPU child failed (${code}): ${err}`);
  const result = JSON.parse(out.trim()) as { cpuPct: number; status: string; status_end: string; checks: number; userUs: number; systemUs: number };
  process.stderr.write(`# idle: ${JSON.stringify(result)}\n`);
  if (result.status !== 'office-via-vpn' || result.status_end !== 'office-via-vpn') {
    throw new Error(`idle monitor was not in office-via-vpn: ${out}`);
  }
  return result.cpuPct;
}

async function main(): Promise<void> {
  const unavailable = fixtureUnavailableReason();
  if (unavailable) {
    process.stderr.write(`# connectivity bench skipped: ${unavailable}\n`);
    return;
  }
  const fixture = await NetnsOpenvpnFixture.create();
  const stopAll = () => void fixture.destroy().finally(() => process.exit(130));
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  try {
    const samples = (await detection(fixture)).sort((a, b) => a - b);
    console.log(`BENCH connectivity.detect_p50_ms ${percentile(samples, 50).toFixed(1)} ms`);
    console.log(`BENCH connectivity.detect_p95_ms ${percentile(samples, 95).toFixed(1)} ms`);
    const cpu = await idleCpu(fixture);
    console.log(`BENCH connectivity.idle_cpu_pct ${cpu.toFixed(3)} %`);
  } finally {
    await fixture.destroy();
  }
}

await main().catch(async (error: unknown) => {
  process.stderr.write(`connectivity bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
