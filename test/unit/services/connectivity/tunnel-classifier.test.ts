import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { classifyInterface, classifyTunnels, globToRegExp, isLinkLocal } from '../../../../electron/services/connectivity/tunnel-classifier';
import type { InterfaceRecord, RouteContext } from '../../../../electron/services/connectivity/tunnel-classifier';
import { fromNodeInterfaces } from '../../../../electron/services/connectivity/interface-source';
import type { TunnelRule } from '../../../../shared/domain/connectivity';

interface Recorded {
  interfaces: Record<string, NetworkInterfaceInfo[]>;
  linkTypes?: Record<string, number>;
  descriptions?: Record<string, string>;
}

/** A recorded list as the OS interface source would deliver it after enrich(). */
function load(name: string): InterfaceRecord[] {
  const rec = JSON.parse(readFileSync(new URL(`../../../fixtures/interfaces/${name}.json`, import.meta.url), 'utf8')) as Recorded;
  return fromNodeInterfaces(rec.interfaces).map((r) => ({
    ...r,
    ...(rec.linkTypes?.[r.name] !== undefined ? { linkType: rec.linkTypes[r.name] } : {}),
    ...(rec.descriptions?.[r.name] !== undefined ? { description: rec.descriptions[r.name] } : {}),
  }));
}

const summary = (records: InterfaceRecord[], rules: TunnelRule[] = [], routes: RouteContext = {}) =>
  Object.fromEntries(classifyTunnels(records, rules, routes).map((t) => [t.name, `${t.kind}${t.routable ? '' : ' (link-local only)'}`]));

describe('tunnel classifier on recorded interface lists', () => {
  it('Linux: OpenVPN, AnyConnect, GlobalProtect, PPP by name; an unknown tun by link type; bridges and veth are not tunnels', () => {
    expect(summary(load('linux'))).toEqual({
      tun0: 'openvpn',
      tap0: 'openvpn',
      cscotun0: 'anyconnect',
      gpd0: 'globalprotect',
      ppp0: 'ppp',
      corpvpn: 'unknown',
      ipsec0: 'ipsec (link-local only)',
    });
  });

  it('Linux: WireGuard and IPsec (xfrm, vti) interfaces', () => {
    expect(summary(load('linux-ipsec-wireguard'))).toEqual({ wg0: 'wireguard', xfrm0: 'ipsec', vti0: 'ipsec' });
  });

  it('macOS: only the utun with a routable address is a tunnel; system utuns (link-local only, no route) are not', () => {
    expect(classifyTunnels(load('macos'))).toEqual([
      { name: 'utun4', kind: 'utun', basis: 'name', addresses: ['10.212.134.77'], routable: true },
    ]);
  });

  it('macOS: a link-local-only utun that the office route leaves through still counts (as without address)', () => {
    expect(summary(load('macos'), [], { officeInterface: 'utun2' })).toEqual({ utun2: 'utun (link-local only)', utun4: 'utun' });
  });

  it('Windows: by adapter description, not by the friendly name', () => {
    expect(summary(load('windows'))).toEqual({
      'Ethernet 2': 'globalprotect',
      'Ethernet 3': 'anyconnect',
      'OpenVPN TAP-Windows6': 'openvpn',
      'wg-office': 'wireguard',
      'Ethernet 4': 'fortinet',
      'Ethernet 5': 'pulse (link-local only)',
      'Office VPN': 'ipsec',
    });
    const pangp = classifyTunnels(load('windows')).find((t) => t.name === 'Ethernet 2');
    expect(pangp?.description).toBe('PANGP Virtual Ethernet Adapter Secure');
  });

  it('Windows without descriptions (systeminformation unavailable) still finds name- and MAC-based tunnels', () => {
    const bare = load('windows').map(({ description: _d, ...r }) => r);
    // names that say VPN are hints; the RAS connection has an all-zero MAC
    expect(summary(bare)).toEqual({ 'wg-office': 'wireguard', 'Office VPN': 'unknown', 'OpenVPN TAP-Windows6': 'unknown' });
  });
});

describe('policy tunnel rules', () => {
  it('name a client the built-in list does not know, before the built-in rules', () => {
    const result = summary(load('linux'), [{ name: 'corp*', kind: 'fortinet' }, { name: 'tun?' }]);
    expect(result.corpvpn).toBe('fortinet');
    expect(result.tun0).toBe('policy');
  });

  it('ignore an adapter that would otherwise count', () => {
    const result = summary(load('windows'), [{ description: 'Juniper*', ignore: true }, { name: 'wg-*', ignore: true }]);
    expect(result).not.toHaveProperty('Ethernet 5');
    expect(result).not.toHaveProperty('wg-office');
    expect(result['Ethernet 2']).toBe('globalprotect');
  });

  it('a rule with name and description needs both to match', () => {
    const iface: InterfaceRecord = { name: 'Ethernet 9', description: 'Acme Secure Access Adapter', addresses: [{ address: '10.1.1.1', family: 'IPv4', internal: false }] };
    expect(classifyInterface(iface, [{ name: /^Ethernet 9$/i, description: /^acme/i, kind: 'policy', ignore: false }])).toBe('policy');
    expect(classifyInterface(iface, [{ name: /^Ethernet 8$/i, description: /^acme/i, kind: 'policy', ignore: false }])).toBeNull();
  });

  it('globs are literal apart from * and ?', () => {
    expect(globToRegExp('vpn.(corp)*').test('vpn.(corp)-1')).toBe(true);
    expect(globToRegExp('vpn.(corp)*').test('vpnX(corp)-1')).toBe(false);
    expect(globToRegExp('TUN?').test('tun7')).toBe(true);
  });
});

describe('helpers', () => {
  it('link-local addresses', () => {
    expect(isLinkLocal('169.254.3.4')).toBe(true);
    expect(isLinkLocal('fe80::1')).toBe(true);
    expect(isLinkLocal('FEBF::1')).toBe(true);
    expect(isLinkLocal('fec0::1')).toBe(false);
    expect(isLinkLocal('10.8.0.2')).toBe(false);
  });

  it('loopback is never a tunnel, even when a policy glob would match it', () => {
    const lo: InterfaceRecord = { name: 'lo', addresses: [{ address: '127.0.0.1', family: 'IPv4', internal: true }], linkType: 772 };
    expect(classifyInterface(lo, [{ name: /.*/, kind: 'policy', ignore: false }])).toBeNull();
  });
});
