// The OpenVPN up/down hook (resources/vpn-hooks/openvpn-updown.sh) against a REAL OpenVPN tunnel
// (test/fixtures/vpn): the stand-in app runs with no timers, no `ip monitor` and no live office
// connection, so after its first check only the hook's `teleworker vpn-event` can tell it that the
// tunnel came up or went down. Speed is the bench's business (npm run bench -- control).
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, REPO_ROOT } from '../../fixtures/control';
import { NetnsOpenvpnFixture, fixtureUnavailableReason, stopChild } from '../../fixtures/vpn/netns-openvpn';
import { capabilityOfNetnsReason, skipWithout } from '../../fixtures/capabilities';

const unavailable = fixtureUnavailableReason();
const skip = skipWithout(capabilityOfNetnsReason(unavailable), unavailable, 'VPN hook test');

describe.skipIf(skip)('the OpenVPN hook tells the app about the tunnel', () => {
  let fixture: NetnsOpenvpnFixture;
  let app: ChildProcess | undefined;
  const work = mkdtempSync(join(tmpdir(), 'tw-vpn-hook-'));
  const statuses: string[] = [];
  let stderr = '';

  beforeAll(async () => {
    chmodSync(work, 0o755);
    buildCli(join(work, 'teleworker.mjs'));
    fixture = await NetnsOpenvpnFixture.create();
  }, 120_000);

  afterAll(async () => {
    await stopChild(app);
    await fixture?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  const waitFor = async (status: (s: string) => boolean, from: number, what: string) => {
    const end = performance.now() + 20_000;
    while (!statuses.slice(from).some(status)) {
      if (performance.now() > end)
        throw new Error(`no status ${what}; seen ${statuses.join(' → ')}; app stderr ${stderr.slice(-1000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('up and down, each seen only because the hook ran', { timeout: 120_000 }, async () => {
    const controlDir = join(work, 'run');
    app = fixture.spawnInHome(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/fixtures/vpn/control-app-process.ts',
        controlDir,
        fixture.officeUrl,
        fixture.officePin,
        '--hook-only',
      ],
      REPO_ROOT,
    );
    app.stdout?.setEncoding('utf8');
    let buffer = '';
    app.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        statuses.push((JSON.parse(buffer.slice(0, nl)) as { status: string }).status);
        buffer = buffer.slice(nl + 1);
      }
    });
    app.stderr?.setEncoding('utf8');
    app.stderr?.on('data', (chunk: string) => (stderr += chunk));
    await waitFor((s) => s === 'offline', 0, 'offline at start');
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('control-app ready') ? resolve() : setTimeout(check, 25));
      check();
    });

    const hook = join(REPO_ROOT, 'resources/vpn-hooks/openvpn-updown.sh');
    const hookArgs = [
      '--script-security',
      '2',
      '--up',
      hook,
      '--down',
      hook,
      '--setenv',
      'TELEWORKER_BIN',
      `${process.execPath} ${join(work, 'teleworker.mjs')}`,
      '--setenv',
      'TELEWORKER_CONTROL_DIR',
      controlDir,
    ];
    // control: without the hook, nothing tells this app (so what follows is the hook's doing)
    const before = statuses.length;
    await fixture.tunnelUp();
    await new Promise((r) => setTimeout(r, 2000));
    expect(statuses.slice(before)).toEqual([]);
    await fixture.tunnelDown('SIGTERM');

    for (let round = 0; round < 2; round++) {
      let from = statuses.length;
      await fixture.tunnelUp(hookArgs);
      await waitFor((s) => s === 'office-via-vpn', from, `office-via-vpn after the up hook (round ${round + 1})`);
      from = statuses.length;
      await fixture.tunnelDown('SIGTERM');
      await waitFor((s) => s === 'offline', from, `offline after the down hook (round ${round + 1})`);
    }
    expect(statuses).toContain('office-via-vpn');
  });

  it(
    'with privileges dropped (user nobody) the down hook reaches the app only through the down-root plugin',
    { timeout: 120_000 },
    async () => {
      const controlDir = join(work, 'run');
      const hook = join(REPO_ROOT, 'resources/vpn-hooks/openvpn-updown.sh');
      const common = [
        ...['--script-security', '2', '--up', hook, '--user', 'nobody', '--group', 'nogroup'],
        ...['--setenv', 'TELEWORKER_BIN', `${process.execPath} ${join(work, 'teleworker.mjs')}`],
        ...['--setenv', 'TELEWORKER_CONTROL_DIR', controlDir],
      ];
      // the old configuration: `down` runs as nobody, whose command cannot use root's app channel
      let from = statuses.length;
      await fixture.tunnelUp([...common, '--down', hook]);
      await waitFor((s) => s === 'office-via-vpn', from, 'office-via-vpn after the up hook (user nobody)');
      from = statuses.length;
      await fixture.tunnelDown('SIGTERM');
      await new Promise((r) => setTimeout(r, 2000));
      expect(statuses.slice(from)).toEqual([]);
      // the documented one: the down-root plugin runs the same script as root, before the tunnel closes
      const plugin = ['/usr/lib/x86_64-linux-gnu/openvpn/plugins', '/usr/lib64/openvpn/plugins', '/usr/lib/openvpn']
        .map((d) => join(d, 'openvpn-plugin-down-root.so'))
        .find((p) => existsSync(p));
      expect(plugin, 'openvpn-plugin-down-root.so is installed with openvpn').toBeDefined();
      // (the app never heard of that down, so it still shows the office through the VPN)
      await fixture.tunnelUp([...common, '--plugin', plugin!, `${hook} down`]);
      expect(statuses.at(-1)).toBe('office-via-vpn');
      from = statuses.length;
      await fixture.tunnelDown('SIGTERM');
      await waitFor((s) => s === 'offline', from, 'offline after the down hook run by the down-root plugin');
    },
  );
});
