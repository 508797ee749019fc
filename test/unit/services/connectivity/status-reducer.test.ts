import { describe, expect, it } from 'vitest';
import { emptyEvidence } from '../../../../shared/domain/connectivity';
import type { Evidence, TunnelEvidence } from '../../../../shared/domain/connectivity';
import { reduceStatus } from '../../../../electron/services/connectivity/status-reducer';
import type { OfficeTarget } from '../../../../electron/services/connectivity/status-reducer';

const office: OfficeTarget = {
  url: 'https://office.corp.example:8443/health',
  host: 'office.corp.example',
  port: 8443,
};
const tun: TunnelEvidence = { name: 'tun0', kind: 'openvpn', addresses: ['10.8.0.2'], routable: true };
const staleTun: TunnelEvidence = { name: 'ipsec0', kind: 'ipsec', addresses: ['fe80::1'], routable: false };

const ev = (over: Partial<Evidence>): Evidence => ({ ...emptyEvidence(), interfaces: ['eth0'], ...over });
const reachable: Partial<Evidence> = {
  dns: { host: office.host, ok: true, addresses: ['10.8.0.1'], ms: 2 },
  tcp: { host: '10.8.0.1', port: 8443, ok: true, ms: 12.5 },
  https: { url: office.url, ok: true, statusCode: 200, ms: 30 },
};

describe('status reducer', () => {
  it('no interface with an address: offline / no-network', () => {
    expect(reduceStatus(ev({ interfaces: [] }), { office: null })).toEqual({
      status: 'offline',
      reason: { code: 'no-network' },
      latencyMs: null,
    });
  });

  it('no default route and no tunnel: offline / no-default-route', () => {
    expect(reduceStatus(ev({ defaultRoute: false }), { office })).toMatchObject({
      status: 'offline',
      reason: { code: 'no-default-route' },
    });
  });

  it('a tunnel with only a link-local address does not count, and is named as the reason', () => {
    expect(reduceStatus(ev({ defaultRoute: false, tunnels: [staleTun] }), { office })).toMatchObject({
      status: 'offline',
      reason: { code: 'tunnel-without-address', params: { name: 'ipsec0' } },
    });
    expect(
      reduceStatus(
        ev({
          defaultRoute: true,
          tunnels: [staleTun],
          tcp: { host: 'h', port: 1, ok: false, ms: null, error: 'ENETUNREACH' },
        }),
        { office },
      ),
    ).toMatchObject({ status: 'internet', reason: { code: 'tunnel-without-address' } });
  });

  it('without an office URL the best is internet, whatever the tunnels', () => {
    expect(reduceStatus(ev({ defaultRoute: true, tunnels: [tun] }), { office: null })).toMatchObject({
      status: 'internet',
      reason: { code: 'no-office-configured' },
    });
  });

  it('a configured probe URL that fails means offline, even with a default route', () => {
    const internet = { url: 'https://probe.example/', ok: false, ms: null, error: 'ETIMEDOUT' };
    expect(reduceStatus(ev({ defaultRoute: true, internet }), { office: null })).toEqual({
      status: 'offline',
      reason: { code: 'internet-probe-failed', params: { url: 'https://probe.example/', error: 'ETIMEDOUT' } },
      latencyMs: null,
    });
  });

  it('office configured, no tunnel, office unreachable: internet / vpn-down', () => {
    expect(
      reduceStatus(ev({ defaultRoute: true, officeRoute: { via: 'lan', interface: 'eth0' } }), { office }),
    ).toMatchObject({
      status: 'internet',
      reason: { code: 'vpn-down', params: { host: office.host } },
    });
  });

  it('no tunnel, and the office host refuses or is this computer: the office server is down, not the VPN', () => {
    const refused = { host: '10.20.0.5', port: 8443, ok: false, ms: null, error: 'ECONNREFUSED' };
    expect(
      reduceStatus(ev({ defaultRoute: true, officeRoute: { via: 'lan', interface: 'eth0' }, tcp: refused }), {
        office,
      }),
    ).toMatchObject({ status: 'internet', reason: { code: 'office-server-down' } });
    // a loopback demo office: whatever the error, and even with no network at all
    const local: OfficeTarget = { ...office, host: '127.0.0.1' };
    const gone = { host: '127.0.0.1', port: 8443, ok: false, ms: null, error: 'ETIMEDOUT' };
    expect(reduceStatus(ev({ interfaces: [], tcp: gone }), { office: local })).toMatchObject({
      status: 'internet',
      reason: { code: 'office-server-down', params: { host: '127.0.0.1' } },
    });
  });

  it('a tunnel that is up while the office route leaves through the LAN is not the office VPN: vpn-down', () => {
    const overlay: TunnelEvidence = { name: 'utun4', kind: 'utun', addresses: ['100.101.102.103'], routable: true };
    const tcp = { host: '10.20.0.5', port: 8443, ok: false, ms: null, error: 'ETIMEDOUT' };
    expect(
      reduceStatus(ev({ defaultRoute: true, tunnels: [overlay], officeRoute: { via: 'lan', interface: 'en0' }, tcp }), {
        office,
      }),
    ).toMatchObject({
      status: 'internet',
      reason: { code: 'vpn-down' },
    });
    // the same tunnel carrying the office route: the VPN is up, the office silent
    expect(
      reduceStatus(
        ev({ defaultRoute: true, tunnels: [overlay], officeRoute: { via: 'tunnel', interface: 'utun4' }, tcp }),
        { office },
      ),
    ).toMatchObject({
      status: 'vpn-no-office',
      reason: { code: 'office-no-answer' },
    });
  });

  it('office answers through the tunnel: office-via-vpn with the TCP connect time as latency', () => {
    const r = reduceStatus(ev({ tunnels: [tun], officeRoute: { via: 'tunnel', interface: 'tun0' }, ...reachable }), {
      office,
    });
    expect(r).toEqual({
      status: 'office-via-vpn',
      reason: { code: 'office-reachable', params: { host: office.host, interface: 'tun0' } },
      latencyMs: 12.5,
    });
  });

  it('office answers over the LAN (split tunnel or at the office): office-lan', () => {
    const r = reduceStatus(
      ev({ tunnels: [tun], defaultRoute: true, officeRoute: { via: 'lan', interface: 'eth0' }, ...reachable }),
      { office },
    );
    expect(r.status).toBe('office-lan');
  });

  it('route unknown (lookup failed): a usable tunnel decides', () => {
    const withTun = reduceStatus(ev({ tunnels: [tun], officeRoute: { via: 'unknown', error: 'x' }, ...reachable }), {
      office,
    });
    const without = reduceStatus(ev({ officeRoute: { via: 'unknown', error: 'x' }, ...reachable }), { office });
    expect([withTun.status, without.status]).toEqual(['office-via-vpn', 'office-lan']);
  });

  it('slow or lossy: degraded, with the numbers', () => {
    const slow = { ...reachable, tcp: { host: '10.8.0.1', port: 8443, ok: true, ms: 950 } };
    expect(reduceStatus(ev({ tunnels: [tun], officeRoute: { via: 'tunnel' }, ...slow }), { office })).toEqual({
      status: 'degraded',
      reason: { code: 'office-slow', params: { latencyMs: 950, thresholdMs: 400 } },
      latencyMs: 950,
    });
    expect(
      reduceStatus(ev({ tunnels: [tun], officeRoute: { via: 'tunnel' }, ...reachable, lossPct: 30 }), {
        office,
        thresholds: { degradedLatencyMs: 400, degradedLossPct: 20 },
      }),
    ).toMatchObject({
      status: 'degraded',
      reason: { code: 'office-lossy', params: { lossPct: 30, thresholdPct: 20 } },
    });
    expect(
      reduceStatus(ev({ tunnels: [tun], officeRoute: { via: 'tunnel' }, ...reachable, lossPct: 10 }), { office })
        .status,
    ).toBe('office-via-vpn');
  });

  describe('tunnel up, office not answering: vpn-no-office says which step failed', () => {
    const base = { tunnels: [tun], officeRoute: { via: 'tunnel' as const, interface: 'tun0' } };
    it.each([
      [
        'dns',
        { dns: { host: office.host, ok: false, addresses: [], ms: null, error: 'ENOTFOUND' } },
        { code: 'office-dns-failed', params: { host: office.host, error: 'ENOTFOUND' } },
      ],
      [
        'route',
        { officeRoute: { via: 'none' as const } },
        { code: 'office-not-routed', params: { host: office.host } },
      ],
      [
        'tcp',
        { tcp: { host: '10.8.0.1', port: 8443, ok: false, ms: null, error: 'ETIMEDOUT' } },
        { code: 'office-no-answer', params: { host: office.host, port: 8443, error: 'ETIMEDOUT' } },
      ],
      [
        'refused: the tunnel carried it there, the office server is not running',
        { tcp: { host: '10.8.0.1', port: 8443, ok: false, ms: null, error: 'ECONNREFUSED' } },
        { code: 'office-server-down', params: { host: office.host, port: 8443 } },
      ],
      [
        'pin',
        {
          ...reachable,
          https: {
            url: office.url,
            ok: false,
            ms: null,
            error: 'pin-mismatch',
            certSha256: 'ab'.repeat(32),
            pinMatched: false,
          },
        },
        { code: 'office-pin-mismatch', params: { host: office.host, actual: 'ab'.repeat(32) } },
      ],
      [
        'http',
        { ...reachable, https: { url: office.url, ok: false, ms: null, statusCode: 503, error: 'http-status' } },
        { code: 'office-https-failed', params: { url: office.url, error: 'http-status', statusCode: 503 } },
      ],
    ])('%s', (_step, over, reason) => {
      expect(reduceStatus(ev({ ...base, ...over }), { office })).toMatchObject({ status: 'vpn-no-office', reason });
    });
  });

  it('TCP alone does not prove the office when the health check failed', () => {
    const r = reduceStatus(
      ev({ tunnels: [tun], ...reachable, https: { url: office.url, ok: false, ms: null, error: 'cert-untrusted' } }),
      { office },
    );
    expect(r.status).toBe('vpn-no-office');
  });
});
