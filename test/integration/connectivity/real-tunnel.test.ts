// The monitor against a REAL OpenVPN tunnel between two network namespaces (see
// test/fixtures/vpn/netns-openvpn.ts). The monitor is the diagnose CLI, run with --watch inside the
// home namespace, exactly as IT would run it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ConnectivityStatusSchema } from '../../../shared/domain/connectivity';
import { NetnsOpenvpnFixture, TUNNEL_OFFICE, fixtureUnavailableReason } from '../../fixtures/vpn/netns-openvpn';
import { DIAGNOSE_CLI, REPO_ROOT, WatchedMonitor } from '../../fixtures/vpn/monitor-process';

const unavailable = fixtureUnavailableReason();
if (unavailable) console.log(`SKIP connectivity real-tunnel tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('connectivity monitor against a real OpenVPN tunnel', () => {
  let fixture: NetnsOpenvpnFixture;
  let monitor: WatchedMonitor | undefined;

  beforeAll(async () => {
    fixture = await NetnsOpenvpnFixture.create();
  });

  afterAll(async () => {
    await monitor?.stop();
    if (fixture) {
      await fixture.destroy();
      expect(fixture.namespacesExist()).toBe(false);
    }
  });

  it('follows offline → office-via-vpn → vpn-no-office (server stopped) → offline (openvpn killed)', async () => {
    monitor = WatchedMonitor.start(fixture, [
      '--office-url', fixture.officeUrl,
      '--pin', fixture.officePin,
      '--probe-interval', '1000',
      '--timeout', '1000',
    ]);

    // No tunnel and no default route in the home namespace: offline.
    const first = await monitor.waitFor(() => true, 15_000);
    expect(first.line.status).toBe('offline');
    expect(first.line.reason.code).toBe('no-default-route');
    expect(first.line.evidence.tunnels).toEqual([]);
    expect(first.line.evidence.defaultRoute).toBe(false);

    await fixture.tunnelUp();
    const up = await monitor.waitForStatus('office-via-vpn', 10_000);
    const ev = up.line.evidence;
    expect(ev.tunnels).toHaveLength(1);
    expect(ev.tunnels[0]).toMatchObject({ name: 'tun0', kind: 'openvpn', routable: true });
    expect(ev.tunnels[0]?.addresses).toContain('10.8.0.2');
    expect(ev.officeRoute).toMatchObject({ via: 'tunnel', interface: 'tun0', address: TUNNEL_OFFICE });
    expect(ev.tcp).toMatchObject({ ok: true, host: TUNNEL_OFFICE, port: 8443 });
    expect(ev.https).toMatchObject({ ok: true, statusCode: 200, certSha256: fixture.officePin, pinMatched: true });
    expect(up.line.reason).toEqual({ code: 'office-reachable', params: { host: TUNNEL_OFFICE, interface: 'tun0' } });
    expect(up.line.latencyMs).toEqual(expect.any(Number));

    await fixture.stopOfficeServer();
    const noOffice = await monitor.waitForStatus('vpn-no-office', 10_000);
    expect(noOffice.line.reason).toEqual({
      code: 'office-no-answer',
      params: { host: TUNNEL_OFFICE, port: 8443, error: 'ECONNREFUSED' },
    });
    expect(noOffice.line.evidence.tunnels.map((t) => t.name)).toEqual(['tun0']);

    const killedAt = performance.now();
    await fixture.tunnelDown('SIGKILL');
    const down = await monitor.waitForStatus('offline', 10_000);
    expect(down.line.evidence.tunnels).toEqual([]);
    expect(down.line.reason.code).toBe('no-default-route');
    // Detection is event-driven (ip monitor) with a 1 s poll as fallback: well under the 1.5 s target.
    expect(down.at - killedAt).toBeLessThan(1500);

    // The sequence, without repeats: nothing in between flapped.
    expect(monitor.lines.map((r) => r.line.status)).toEqual(['offline', 'office-via-vpn', 'vpn-no-office', 'offline']);
  }, 45_000);

  it('reports a wrong certificate pin as such, without trusting the server', async () => {
    await fixture.startOfficeServer();
    await fixture.tunnelUp();
    const wrongPin = 'ab'.repeat(32);
    const r = spawnSync(
      'ip',
      ['netns', 'exec', fixture.home, process.execPath, '--import', 'tsx', DIAGNOSE_CLI, '--json',
        '--office-url', fixture.officeUrl, '--pin', wrongPin, '--timeout', '2000'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const status = ConnectivityStatusSchema.parse(JSON.parse(r.stdout));
    expect(status.status).toBe('vpn-no-office');
    expect(status.reason).toEqual({ code: 'office-pin-mismatch', params: { host: TUNNEL_OFFICE, actual: fixture.officePin } });
    expect(status.evidence.tcp?.ok).toBe(true);
    expect(status.evidence.https).toMatchObject({ ok: false, error: 'pin-mismatch', pinMatched: false, certSha256: fixture.officePin });
  }, 30_000);
});
