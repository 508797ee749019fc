import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import {
  classifyInterface,
  classifyTunnels,
  globToRegExp,
  isLinkLocal,
  isPrivateAddress,
  judgeInterface,
} from '../../../../electron/services/connectivity/tunnel-classifier';
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
  const rec = JSON.parse(
    readFileSync(new URL(`../../../fixtures/interfaces/${name}.json`, import.meta.url), 'utf8'),
  ) as Recorded;
  return fromNodeInterfaces(rec.interfaces).map((r) => ({
    ...r,
    ...(rec.linkTypes?.[r.name] !== undefined ? { linkType: rec.linkTypes[r.name] } : {}),
    ...(rec.descriptions?.[r.name] !== undefined ? { description: rec.descriptions[r.name] } : {}),
  }));
}

const summary = (records: InterfaceRecord[], rules: TunnelRule[] = [], routes: RouteContext = {}) =>
  Object.fromEntries(
    classifyTunnels(records, rules, routes).map((t) => [t.name, `${t.kind}${t.routable ? '' : ' (link-local only)'}`]),
  );

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
    expect(summary(load('macos'), [], { officeInterface: 'utun2' })).toEqual({
      utun2: 'utun (link-local only)',
      utun4: 'utun',
    });
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
    expect(summary(bare)).toEqual({
      'wg-office': 'wireguard',
      'Office VPN': 'unknown',
      'OpenVPN TAP-Windows6': 'unknown',
    });
  });
});

describe('policy tunnel rules', () => {
  it('name a client the built-in list does not know, before the built-in rules', () => {
    const result = summary(load('linux'), [{ name: 'corp*', kind: 'fortinet' }, { name: 'tun?' }]);
    expect(result.corpvpn).toBe('fortinet');
    expect(result.tun0).toBe('policy');
  });

  it('ignore an adapter that would otherwise count', () => {
    const result = summary(load('windows'), [
      { description: 'Juniper*', ignore: true },
      { name: 'wg-*', ignore: true },
    ]);
    expect(result).not.toHaveProperty('Ethernet 5');
    expect(result).not.toHaveProperty('wg-office');
    expect(result['Ethernet 2']).toBe('globalprotect');
  });

  it('a rule with name and description needs both to match', () => {
    const iface: InterfaceRecord = {
      name: 'Ethernet 9',
      description: 'Acme Secure Access Adapter',
      addresses: [{ address: '10.1.1.1', family: 'IPv4', internal: false }],
    };
    expect(
      classifyInterface(iface, [{ name: /^Ethernet 9$/i, description: /^acme/i, kind: 'policy', ignore: false }]),
    ).toBe('policy');
    expect(
      classifyInterface(iface, [{ name: /^Ethernet 8$/i, description: /^acme/i, kind: 'policy', ignore: false }]),
    ).toBeNull();
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
    const lo: InterfaceRecord = {
      name: 'lo',
      addresses: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      linkType: 772,
    };
    expect(classifyInterface(lo, [{ name: /.*/, kind: 'policy', ignore: false }])).toBeNull();
  });
});

const v4 = (address: string) => ({ address, family: 'IPv4' as const, internal: false });
const v6 = (address: string) => ({ address, family: 'IPv6' as const, internal: false });
const judge = (iface: InterfaceRecord, routes: RouteContext = {}) => judgeInterface(iface, [], routes);
const wifi: InterfaceRecord = {
  name: 'Wi-Fi',
  mac: 'a8:7e:ea:55:26:b0',
  ifType: 71,
  description: 'Intel(R) Wi-Fi 6 AX200 160MHz',
  addresses: [v4('192.168.1.169')],
};

describe('tunnels judged by what they do (names are hints)', () => {
  it('renamed TAP and Wintun drivers of VPN vendors are tunnels', () => {
    // descriptions as they appear in public reports: microsoft/WSL#5821, microsoft/WSL#6913,
    // SagerNet/sing-box#3725, CnCNet/xna-cncnet-client#826, kellyjonbrazil/jc (windows-11 fixture)
    const cases: Array<[string, number, string]> = [
      ['TAP-ProtonVPN Windows Adapter V9', 6, 'openvpn'],
      ['TAP-NordVPN Windows Adapter V9', 6, 'openvpn'],
      ['Private Internet Access Network Adapter', 6, 'openvpn'],
      ['sing-tun Tunnel', 53, 'wireguard'],
      ['Famatech Radmin VPN Ethernet Adapter', 6, 'unknown'],
      ['NordLynx Tunnel', 53, 'wireguard'],
      ['Tailscale Tunnel', 53, 'unknown'],
      ['OpenVPN Data Channel Offload', 53, 'openvpn'],
    ];
    for (const [description, ifType, kind] of cases) {
      const iface: InterfaceRecord = {
        name: 'Local Area Connection',
        description,
        ifType,
        mac: '00:ff:4c:f4:5e:49',
        addresses: [v4('10.7.0.2')],
      };
      expect(judge(iface), description).toEqual({ kind, basis: 'description' });
    }
  });

  it('a Windows RAS connection is recognised by its PPP type, whatever its name', () => {
    const dialIn: InterfaceRecord = {
      name: 'Acme dial-in',
      description: 'Acme dial-in',
      ifType: 23,
      mac: '00:00:00:00:00:00',
      addresses: [v4('172.20.4.9')],
    };
    expect(judge(dialIn, { defaultInterfaces: ['Wi-Fi'] })).toEqual({ kind: 'ppp', basis: 'type' });
    // named after its protocol, it says which VPN it is
    const ikev2: InterfaceRecord = { ...dialIn, name: 'Windscribe IKEv2', description: 'Windscribe IKEv2' };
    expect(judge(ikev2)).toEqual({ kind: 'ipsec', basis: 'description' });
  });

  it('an ISP PPPoE/L2TP link with a public address that carries the default route is not a VPN', () => {
    // "Beeline Internet": the ISP's L2TP connection, public address, no MAC, the default route
    const beeline: InterfaceRecord = {
      name: 'Beeline Internet',
      description: 'Beeline Internet',
      ifType: 23,
      mac: '00:00:00:00:00:00',
      addresses: [v4('95.24.17.203')],
    };
    const ethernet: InterfaceRecord = {
      name: 'Ethernet',
      mac: 'c8:5b:76:1a:2f:90',
      ifType: 6,
      addresses: [v4('10.120.44.7')],
    };
    const routes = { defaultInterfaces: ['Beeline Internet'], officeInterface: 'Beeline Internet' };
    expect(classifyTunnels([ethernet, beeline], [], routes)).toEqual([]);
    // without type details (systeminformation only) the zero MAC gives it away, and the same rule holds
    const bare: InterfaceRecord = {
      name: 'Beeline Internet',
      mac: '00:00:00:00:00:00',
      addresses: [v4('95.24.17.203')],
    };
    expect(classifyTunnels([ethernet, bare], [], routes)).toEqual([]);
    // a PPP VPN with a private address, beside a LAN it runs over, is still the VPN
    const l2tpVpn: InterfaceRecord = {
      ...beeline,
      name: 'Office L2TP',
      description: 'Office L2TP',
      addresses: [v4('172.31.1.11')],
    };
    expect(
      classifyTunnels([ethernet, l2tpVpn], [], {
        defaultInterfaces: ['Office L2TP'],
        officeInterface: 'Office L2TP',
      }).map((t) => t.kind),
    ).toEqual(['ppp']);
    // a private-address PPP link that is the only way out is the ISP's (nothing for a VPN to run over)
    const pppoe: InterfaceRecord = {
      name: 'ppp0',
      linkType: 512,
      pointToPoint: true,
      addresses: [v4('10.68.162.106')],
    };
    expect(classifyTunnels([pppoe], [], { defaultInterfaces: ['ppp0'], officeInterface: 'ppp0' })).toEqual([]);
    // the same link seen without routes (no office configured, lookup failed) stays a tunnel: no evidence against it
    expect(classifyTunnels([pppoe]).map((t) => t.name)).toEqual(['ppp0']);
    // a mobile broadband uplink is something a VPN runs over: a private-address PPP VPN beside it stays a VPN
    const wwan: InterfaceRecord = { name: 'wwan0', linkType: 65534, pointToPoint: true, addresses: [v4('100.72.9.1')] };
    const vpnPpp: InterfaceRecord = {
      name: 'ppp0',
      linkType: 512,
      pointToPoint: true,
      addresses: [v4('10.212.134.160')],
    };
    expect(
      classifyTunnels([wwan, vpnPpp], [], { defaultInterfaces: ['ppp0'], officeInterface: 'ppp0' }).map((t) => t.name),
    ).toEqual(['ppp0']);
  });

  it('macOS system utuns (link-local only, no route) are not tunnels, with or without the point-to-point flag', () => {
    const utun3: InterfaceRecord = {
      name: 'utun3',
      mac: '00:00:00:00:00:00',
      pointToPoint: true,
      addresses: [v6('fe80::a1e2:5c7d:2f10:4b9c')],
    };
    expect(judge(utun3, { defaultInterfaces: ['en0'], officeInterface: 'en0' })).toBeNull();
    const { pointToPoint: _p, ...noFlag } = utun3;
    expect(judge(noFlag)).toBeNull();
    // an IPsec interface left with a link-local address is different: a VPN client's own interface
    expect(judge({ name: 'ipsec0', addresses: [v6('fe80::1234')] })).toEqual({ kind: 'ipsec', basis: 'name' });
  });

  it('point-to-point and tunnel types make an unnamed interface a tunnel; IPv6 transition tunnels are not', () => {
    expect(judge({ name: 'corp1', pointToPoint: true, mac: '', addresses: [v4('10.44.0.3')] })).toEqual({
      kind: 'unknown',
      basis: 'type',
    });
    expect(
      judge({ name: 'Ethernet 6', ifType: 131, description: 'Some Tunnel Miniport', addresses: [v4('10.44.0.3')] })
        ?.kind,
    ).toBe('unknown');
    expect(
      judge({
        name: 'Teredo Tunneling Pseudo-Interface',
        ifType: 131,
        description: 'Microsoft Teredo Tunneling Adapter',
        addresses: [v6('2001:0:284a:364:2048:1ea9:a699:849e')],
      }),
    ).toBeNull();
    expect(
      judge({
        name: 'Ethernet 9',
        ifType: 6,
        mediaType: '802.3',
        description: 'Realtek USB GbE Family Controller',
        mac: '00:e0:4c:68:01:02',
        addresses: [v4('10.44.0.3')],
      }),
    ).toBeNull();
    // Get-NetAdapter media types: a RAS link is "WAN", a mobile broadband modem "Wireless WAN" (not a tunnel)
    expect(
      judge({ name: 'Corp link', mediaType: 'WAN', mac: '02:00:4c:4f:4f:50', addresses: [v4('10.44.0.3')] }),
    ).toEqual({ kind: 'unknown', basis: 'type' });
    // Linux mobile broadband (QMI/MBIM raw IP) is point-to-point without a MAC, but it is the uplink
    expect(
      judge(
        { name: 'wwan0', linkType: 65534, pointToPoint: true, addresses: [v4('10.150.3.7')] },
        { defaultInterfaces: ['wwan0'] },
      ),
    ).toBeNull();
    expect(
      judge({
        name: 'Cellular',
        mediaType: 'Wireless WAN',
        description: 'SDX55 5G Modem NetAdapter',
        mac: '02:00:4c:4f:4f:51',
        addresses: [v4('10.44.0.3')],
      }),
    ).toBeNull();
  });

  it('an adapter no rule names becomes a tunnel when the office route leaves through it and the internet does not', () => {
    const acme: InterfaceRecord = {
      name: 'Ethernet 7',
      description: 'Acme Secure Access Adapter',
      ifType: 6,
      hardware: false,
      mac: '02:11:22:33:44:55',
      addresses: [v4('10.99.0.4')],
    };
    expect(judge(acme, { officeInterface: 'Ethernet 7', defaultInterfaces: ['Wi-Fi'] })).toEqual({
      kind: 'unknown',
      basis: 'office-route',
    });
    // the same adapter without the office route: nothing says tunnel
    expect(judge(acme, { officeInterface: 'Wi-Fi', defaultInterfaces: ['Wi-Fi'] })).toBeNull();
    // a physical adapter (Get-NetAdapter HardwareInterface) is a LAN, wherever the office is
    expect(
      judge({ ...acme, hardware: true }, { officeInterface: 'Ethernet 7', defaultInterfaces: ['Wi-Fi'] }),
    ).toBeNull();
    // the office reached over the interface that also carries the default route: that is the LAN
    expect(judge(wifi, { officeInterface: 'Wi-Fi', defaultInterfaces: ['Wi-Fi'] })).toBeNull();
    // Hyper-V's switch port is never a tunnel, even when the office is behind it (an external switch at the office)
    const vEthernet: InterfaceRecord = {
      name: 'vEthernet (External)',
      description: 'Hyper-V Virtual Ethernet Adapter',
      ifType: 6,
      mac: '00:15:5d:01:52:02',
      addresses: [v4('10.1.2.3')],
    };
    expect(judge(vEthernet, { officeInterface: 'vEthernet (External)', defaultInterfaces: ['Wi-Fi'] })).toBeNull();
  });

  it("IT's rules override the type and route judgements", () => {
    const dialIn: InterfaceRecord = {
      name: 'Acme dial-in',
      description: 'Acme dial-in',
      ifType: 23,
      mac: '00:00:00:00:00:00',
      addresses: [v4('172.20.4.9')],
    };
    expect(classifyTunnels([dialIn], [{ name: 'Acme*', ignore: true }])).toEqual([]);
    expect(classifyTunnels([wifi], [{ description: 'Intel*Wi-Fi*', kind: 'fortinet' }])).toMatchObject([
      { name: 'Wi-Fi', kind: 'fortinet', basis: 'policy' },
    ]);
  });

  it('private and public addresses', () => {
    expect(['10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.0.1', 'fd7a:115c::1'].map(isPrivateAddress)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['95.24.17.203', '172.32.0.1', '100.64.1.1', '2001:db8::1'].map(isPrivateAddress)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
