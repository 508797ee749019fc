// The real connectivity monitor (OS interfaces, routes, probes, live connection) watching a real
// office server process on loopback, as the embedded demo office runs: when that process is killed,
// the status names the office server, never the VPN ("Start your VPN client" would send the user
// after the wrong thing). The VPN-tunnel variant of the same rule (a refusal carried through a live
// tunnel) is covered by the reducer's unit tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectivityStatus } from '../../../shared/domain/connectivity';
import { createConnectivityMonitor } from '../../../electron/services/connectivity';

const root = join(import.meta.dirname, '../../..');

function startOffice(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'office-server/main.ts', '--demo', '--port', '0', '--data-dir', dataDir],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`office server exited (${code})`)));
  });
}

describe('the office process stops behind loopback', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-office-stopped-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says the office server is not running, not that the VPN is down', async () => {
    const office = await startOffice(dataDir);
    child = office.child;
    const monitor = createConnectivityMonitor({ officeUrl: office.url }, { useIpMonitor: false });
    const seen: ConnectivityStatus[] = [];
    const waitFor = (pred: (s: ConnectivityStatus) => boolean) =>
      new Promise<ConnectivityStatus>((resolve) => {
        if (pred(monitor.current())) return resolve(monitor.current());
        const off = monitor.onChange((s) => {
          if (pred(s)) {
            off();
            resolve(s);
          }
        });
      });
    monitor.onChange((s) => seen.push(s));
    monitor.start();
    try {
      const reached = await waitFor((s) => s.reason.code === 'office-reachable');
      expect(reached.status).toMatch(/^office-/);

      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const lost = await waitFor((s) => s.reason.code !== 'office-reachable');
      expect(lost.reason).toMatchObject({ code: 'office-server-down', params: { host: '127.0.0.1' } });
      expect(seen.map((s) => s.reason.code)).not.toContain('vpn-down');
    } finally {
      monitor.stop();
    }
  });
});
