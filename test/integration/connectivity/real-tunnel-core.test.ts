// Issue 16's three cases through the app's core (the diagnose CLI is covered by real-tunnel.test.ts),
// against the same REAL OpenVPN tunnel between two network namespaces (test/fixtures/vpn/netns-openvpn.ts).
//
// The core is built as the hosts build it (createAppCore from the composition root, host 'browser',
// the office and its certificate pin from policy), then core.start(); it reads core.connectivity.current()
// and core.connectivity.onChange. A Node process cannot enter a network namespace, so the core runs in a
// small child process started inside the fixture's home namespace; it prints every status as one JSON line
// and disposes the core (await core.dispose()) on SIGTERM.
//
// No sign-in: the fixture's office is a bare HTTPS server answering "office-ok" to every request, not an
// office server with accounts and an event stream. So the path under test is the monitor's own live
// connection to the office's health endpoint (its closing → a re-check; its silence → a re-check), as
// the core runs it before sign-in.
//
// Collisions: the fixture gives its namespaces and veth links a random suffix and every address lives
// inside those namespaces, so this file can run beside real-tunnel.test.ts (and a CI run of it) safely.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilityOfNetnsReason, skipWithout } from '../../fixtures/capabilities';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NetnsOpenvpnFixture, fixtureUnavailableReason, stopChild } from '../../fixtures/vpn/netns-openvpn';
import { REPO_ROOT } from '../../fixtures/vpn/monitor-process';

interface CoreLine {
  status: string;
  reason: { code: string; params?: Record<string, unknown> };
  trigger: string | null;
}
interface Received {
  line: CoreLine;
  /** performance.now() in this process when the line arrived */
  at: number;
}

const moduleUrl = (rel: string) => pathToFileURL(join(REPO_ROOT, rel)).href;

/** The child: the core as the browser host builds it, its statuses on stdout. */
const coreScript = (officeUrl: string, certPin: string, dataDir: string) => `
import { createAppCore } from ${JSON.stringify(moduleUrl('electron/services/composition-root.ts'))};
import { silentLogger } from ${JSON.stringify(moduleUrl('electron/services/logger.ts'))};

const dataDir = ${JSON.stringify(dataDir)};
const core = await createAppCore({
  host: 'browser',
  appVersion: '0.0.0-test',
  electronVersion: null,
  logger: silentLogger,
  dataDir,
  env: {},
  policy: { policy: { officeUrl: ${JSON.stringify(officeUrl)}, certPin: ${JSON.stringify(certPin)} }, origin: {}, sources: [], problems: [] },
});
const print = (s) => process.stdout.write(JSON.stringify({
  status: s.status,
  reason: s.reason,
  trigger: s.evidence?.trigger?.cause ?? null,
}) + '\\n');
core.connectivity.onChange(print);
core.start();
print(core.connectivity.current());
let stopping = false;
process.on('SIGTERM', async () => {
  if (stopping) return;
  stopping = true;
  try {
    await core.dispose();
  } finally {
    process.exit(0);
  }
});
`;

class CoreInNamespace {
  readonly lines: Received[] = [];
  stderr = '';
  private buffer = '';

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const at = performance.now();
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const text = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        if (text) this.lines.push({ line: JSON.parse(text) as CoreLine, at });
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (this.stderr += chunk));
  }

  /** The latest status the core reported. */
  latest(): CoreLine | undefined {
    return this.lines.at(-1)?.line;
  }

  /** Polls for the first status from index `from` on that passes the test; fails after timeoutMs. */
  async waitFor(test: (l: CoreLine) => boolean, timeoutMs: number, what: string, from = 0): Promise<Received> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.slice(from).find((r) => test(r.line));
      if (hit) return hit;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `the core's process exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}; stderr: ${this.stderr.slice(-2000)}`,
        );
      }
      if (performance.now() > end) {
        const seen = this.lines
          .map((r) => `${r.line.status}/${r.line.reason.code}/${r.line.trigger ?? '-'}`)
          .join(' → ');
        throw new Error(
          `timed out after ${timeoutMs} ms waiting until ${what}; seen: ${seen || 'nothing'}; stderr: ${this.stderr.slice(-2000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const until = async (condition: () => boolean, timeoutMs: number, what: string) => {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const unavailable = fixtureUnavailableReason();
const skip = skipWithout(capabilityOfNetnsReason(unavailable), unavailable, 'connectivity real-tunnel core tests');

describe.skipIf(skip)("the app's core against a real OpenVPN tunnel", () => {
  let fixture: NetnsOpenvpnFixture | undefined;
  let core: CoreInNamespace | undefined;
  let scriptDir: string | undefined;

  beforeAll(async () => {
    fixture = await NetnsOpenvpnFixture.create();
    scriptDir = mkdtempSync(join(tmpdir(), 'tw-core-script-'));
  });

  afterAll(async () => {
    try {
      if (core) await stopChild(core.child);
    } finally {
      if (scriptDir) rmSync(scriptDir, { recursive: true, force: true });
      if (fixture) {
        fixture.restoreOffice();
        await fixture.destroy();
        expect(fixture.namespacesExist()).toBe(false);
      }
    }
  });

  it('with the tunnel up: the office process killed → not "office" within 2 s, back → "office via VPN" within 5 s, silent → not "office" within 10 s', async () => {
    const f = fixture!;
    await f.tunnelUp();
    const script = join(scriptDir!, 'core-in-netns.mts');
    // The core's data directory sits beside the script: afterAll removes both, even after a SIGKILL.
    const dataDir = join(scriptDir!, 'data');
    mkdirSync(dataDir);
    writeFileSync(script, coreScript(f.officeUrl, f.officePin, dataDir));
    core = new CoreInNamespace(f.spawnInHome(process.execPath, ['--import', 'tsx', script], REPO_ROOT));
    const c = core;

    // Start-up (tsx, the local store, the first probes) on a loaded machine: generous.
    await c.waitFor((l) => l.status === 'office-via-vpn', 30_000, 'the core says "office via VPN"');
    /** the live connection is open once a request reaches the office after the status said "office" */
    const liveConnectionUp = async () => {
      const before = f.officeRequests;
      await until(() => f.officeRequests > before, 15_000, 'the live connection sent a request to the office');
    };

    // 1. The office server process dies with the tunnel up.
    await liveConnectionUp();
    let from = c.lines.length;
    const killedAt = performance.now();
    const exited = f.killOfficeServer();
    const gone = await c.waitFor((l) => l.status !== 'office-via-vpn', 2000, 'not "office" after the kill', from);
    await exited;
    const killMs = gone.at - killedAt;
    expect(gone.line.status).toBe('vpn-no-office');
    expect(gone.line.reason).toMatchObject({ code: 'office-server-down', params: { port: 8443 } });
    expect(gone.line.trigger).toBe('live-connection-closed');

    // 2. It comes back.
    from = c.lines.length;
    await f.startOfficeServer();
    const restartedAt = performance.now();
    const back = await c.waitFor(
      (l) => l.status === 'office-via-vpn',
      5000,
      '"office via VPN" after the restart',
      from,
    );
    const returnMs = back.at - restartedAt;

    // 3. The office side silently drops every packet to the home end of the tunnel.
    await liveConnectionUp();
    from = c.lines.length;
    const droppedAt = performance.now();
    let silent: Received;
    f.blackholeOffice();
    try {
      silent = await c.waitFor(
        (l) => l.status !== 'office-via-vpn',
        10_000,
        'not "office" after the office went silent',
        from,
      );
    } finally {
      f.restoreOffice();
    }
    const silenceMs = silent.at - droppedAt;
    expect(silent.line.status).toBe('vpn-no-office');
    expect(silent.line.trigger).toBe('live-connection-silent');

    // And back once packets flow again (no tight bound: a probe waiting out its timeout may delay it).
    from = c.lines.length;
    const restoredAt = performance.now();
    const again = await c.waitFor(
      (l) => l.status === 'office-via-vpn',
      15_000,
      '"office via VPN" after the silence ended',
      from,
    );

    console.log(
      `core: office kill seen in ${killMs.toFixed(0)} ms, return in ${returnMs.toFixed(0)} ms, ` +
        `silence in ${silenceMs.toFixed(0)} ms, return in ${(again.at - restoredAt).toFixed(0)} ms`,
    );
    expect(c.latest()?.status).toBe('office-via-vpn');
  }, 120_000);
});
