// npm run bench -- connectivity
// Detection latency against a REAL OpenVPN tunnel (test/fixtures/vpn): the monitor (diagnose CLI
// --watch) runs in the home namespace; the tunnel is killed (SIGKILL of the client) 20 times and
// the time until the monitor's status line arrives is measured. Then the monitor's own CPU use
// while idle (tunnel up, office answering, default intervals) over 60 s, by process.cpuUsage.
// Then the office itself goes away with the tunnel up, CONNECTIVITY_BENCH_OFFICE_ROUNDS times (default
// 5): its server process is SIGKILLed (until the status leaves "office"), started again (until
// "office via VPN"), and silenced by a blackhole route in the office namespace (until it leaves
// "office"), and let through again (until "office via VPN"); each reported as the worst round.
// First of all, without root or tunnels: the real-output corpus (test/fixtures/connectivity-corpus):
// how many cases, and the share whose verdict, reason and tunnel list come out as the case says.
import { NetnsOpenvpnFixture, fixtureUnavailableReason } from '../test/fixtures/vpn/netns-openvpn';
import { checkCase, loadCorpus } from '../test/fixtures/connectivity-corpus/corpus';
import { REPO_ROOT, WatchedMonitor } from '../test/fixtures/vpn/monitor-process';
import { capabilityOfNetnsReason, sized, unavailable } from './harness';

const FLAPS = sized('CONNECTIVITY_BENCH_FLAPS', 20, 2);
const IDLE_SECONDS = sized('CONNECTIVITY_BENCH_IDLE_S', 60, 3);
const OFFICE_ROUNDS = sized('CONNECTIVITY_BENCH_OFFICE_ROUNDS', 5, 1);
/** CONNECTIVITY_BENCH_POLL_ONLY=1: measure the one-second poll alone (no `ip monitor` events) */
const POLL_ONLY = process.env.CONNECTIVITY_BENCH_POLL_ONLY === '1';

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}

async function detection(fixture: NetnsOpenvpnFixture): Promise<number[]> {
  const monitor = WatchedMonitor.start(fixture, [
    '--office-url',
    fixture.officeUrl,
    '--pin',
    fixture.officePin,
    ...(POLL_ONLY ? ['--no-ip-monitor'] : []),
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
      if (seen.line.status !== 'offline') {
        throw new Error(
          `flap ${i}: expected offline, got ${seen.line.status} ${JSON.stringify(seen.line.reason)} trigger ${JSON.stringify(seen.line.evidence.trigger)}; tunnels ${JSON.stringify(seen.line.evidence.tunnels)}`,
        );
      }
      samples.push(seen.at - killedAt);
      process.stderr.write(`# flap ${i + 1}/${FLAPS}: ${(seen.at - killedAt).toFixed(1)} ms\n`);
    }
    return samples;
  } finally {
    await monitor.stop();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function officeLoss(
  fixture: NetnsOpenvpnFixture,
): Promise<{ kill: number[]; blackhole: number[]; back: number[]; backAfterSilence: number[] }> {
  await fixture.startOfficeServer();
  await fixture.tunnelUp();
  const monitor = WatchedMonitor.start(fixture, ['--office-url', fixture.officeUrl, '--pin', fixture.officePin]);
  const result = {
    kill: [] as number[],
    blackhole: [] as number[],
    back: [] as number[],
    backAfterSilence: [] as number[],
  };
  // The live connection is up once a request reaches the office after the status said "office".
  const liveUp = async () => {
    // the status now (the last line) or the next one
    await monitor.waitFor((l) => l.status === 'office-via-vpn', 20_000, Math.max(0, monitor.lines.length - 1));
    const before = fixture.officeRequests;
    await waitUntil(() => fixture.officeRequests > before, 15_000, 'the live connection sent a heartbeat');
  };
  const left = async (since: number, what: string) => {
    const seen = await monitor.waitFor((l) => l.status !== 'office-via-vpn', 30_000);
    if (seen.line.status !== 'vpn-no-office')
      throw new Error(`${what}: expected vpn-no-office, got ${seen.line.status}`);
    return seen.at - since;
  };
  const returned = async (since: number) => (await monitor.waitForStatus('office-via-vpn', 30_000)).at - since;
  try {
    for (let i = 0; i < OFFICE_ROUNDS; i++) {
      await liveUp();
      let t0 = performance.now();
      const exited = fixture.killOfficeServer();
      result.kill.push(await left(t0, 'office killed'));
      await exited;
      await fixture.startOfficeServer();
      result.back.push(await returned(performance.now()));

      await liveUp();
      t0 = performance.now();
      fixture.blackholeOffice();
      try {
        result.blackhole.push(await left(t0, 'office silent'));
      } finally {
        fixture.restoreOffice();
      }
      result.backAfterSilence.push(await returned(performance.now()));
      process.stderr.write(
        `# office round ${i + 1}/${OFFICE_ROUNDS}: kill ${result.kill.at(-1)?.toFixed(0)} ms, silent ${result.blackhole.at(-1)?.toFixed(0)} ms, ` +
          `back after the kill ${result.back.at(-1)?.toFixed(0)} ms, after the silence ${result.backAfterSilence.at(-1)?.toFixed(0)} ms\n`,
      );
    }
    return result;
  } finally {
    await monitor.stop();
  }
}

async function idleCpu(fixture: NetnsOpenvpnFixture): Promise<number> {
  await fixture.tunnelUp();
  const child = fixture.spawnInHome(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/fixtures/vpn/idle-cpu-child.ts',
      fixture.officeUrl,
      fixture.officePin,
      String(IDLE_SECONDS),
    ],
    REPO_ROOT,
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`idle CPU child failed (${code}): ${err}`);
  const result = JSON.parse(out.trim()) as {
    cpuPct: number;
    status: string;
    status_end: string;
    checks: number;
    userUs: number;
    systemUs: number;
  };
  process.stderr.write(`# idle: ${JSON.stringify(result)}\n`);
  if (result.status !== 'office-via-vpn' || result.status_end !== 'office-via-vpn') {
    throw new Error(`idle monitor was not in office-via-vpn: ${out}`);
  }
  return result.cpuPct;
}

async function corpus(): Promise<void> {
  const cases = loadCorpus();
  let correct = 0;
  const started = performance.now();
  for (const c of cases) {
    const { ok, got } = await checkCase(c);
    if (ok) correct++;
    else {
      process.stderr.write(
        `# corpus ${c.file}: expected ${c.expectStatus} ${c.expectReason} [${c.expectTunnels}], got ${got.status} ${got.reason} [${got.tunnels}]\n`,
      );
    }
  }
  const ms = performance.now() - started;
  console.log(`BENCH connectivity.corpus_cases ${cases.length} cases`);
  console.log(
    `BENCH connectivity.corpus_correct_pct ${cases.length === 0 ? '0.0' : ((100 * correct) / cases.length).toFixed(1)} %`,
  );
  process.stderr.write(`# corpus: ${cases.length} cases judged in ${ms.toFixed(1)} ms\n`);
}

async function main(): Promise<void> {
  await corpus();
  const reason = fixtureUnavailableReason();
  if (reason) {
    unavailable(capabilityOfNetnsReason(reason), reason);
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
    const office = await officeLoss(fixture);
    const worst = (xs: number[]) => Math.max(...xs).toFixed(1);
    console.log(`BENCH connectivity.office_kill_detect_ms ${worst(office.kill)} ms`);
    console.log(`BENCH connectivity.office_blackhole_detect_ms ${worst(office.blackhole)} ms`);
    console.log(`BENCH connectivity.office_return_ms ${worst(office.back)} ms`);
    // not a target: a probe already waiting out its timeout when the packets flow again delays this one
    console.log(`BENCH connectivity.office_return_after_blackhole_ms ${worst(office.backAfterSilence)} ms`);
  } finally {
    await fixture.destroy();
  }
}

await main().catch(async (error: unknown) => {
  process.stderr.write(
    `connectivity bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
