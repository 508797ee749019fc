import { describe, expect, it } from 'vitest';
import {
  createLinuxRouteAdapter,
  createMacRouteAdapter,
  createWindowsRouteAdapter,
  parseLinuxDefaultRouteInterfaces,
  parseLinuxDefaultRoutes,
  parseLinuxRouteGet,
  parseMacRouteGet,
  parseWindowsDefaultRoutes,
  parseWindowsFindNetRoute,
} from '../../../../electron/services/connectivity/route-adapter';
import type { CommandRunner } from '../../../../electron/services/connectivity/route-adapter';

function recorder(reply: { code: number; stdout: string; stderr?: string }) {
  const calls: Array<{ file: string; args: readonly string[] }> = [];
  const run: CommandRunner = async (file, args) => {
    calls.push({ file, args });
    return { code: reply.code, stdout: reply.stdout, stderr: reply.stderr ?? '' };
  };
  return { calls, run };
}

describe('Linux: ip -j route', () => {
  // Recorded in the integration fixture's home namespace (iproute2 6.x).
  it('parses a route through the tunnel', () => {
    const out = '[{"dst":"10.8.0.1","dev":"tun0","prefsrc":"10.8.0.2","flags":[],"uid":0,"cache":[]}]';
    expect(parseLinuxRouteGet(0, out, '')).toEqual({ interface: 'tun0', unreachable: false });
  });
  it('parses a route via a gateway', () => {
    const out =
      '[{"dst":"10.99.0.1","gateway":"192.0.2.1","dev":"eth0","prefsrc":"192.0.2.2","flags":[],"uid":0,"cache":[]}]';
    expect(parseLinuxRouteGet(0, out, '')).toEqual({ interface: 'eth0', gateway: '192.0.2.1', unreachable: false });
  });
  it('"Network is unreachable" means no route, other failures throw', () => {
    expect(parseLinuxRouteGet(2, '', 'RTNETLINK answers: Network is unreachable\n')).toEqual({ unreachable: true });
    expect(() => parseLinuxRouteGet(1, '', 'Cannot open netlink socket')).toThrow(/ip route get failed/);
  });
  it('an unreachable/blackhole route is no route', () => {
    expect(parseLinuxRouteGet(0, '[{"type":"blackhole","dst":"10.1.1.1","flags":[]}]', '')).toEqual({
      unreachable: true,
    });
  });
  it('default routes, IPv4 and IPv6, ignoring unreachable ones', () => {
    expect(parseLinuxDefaultRoutes('[]')).toBe(false);
    expect(parseLinuxDefaultRoutes('[{"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]}]')).toBe(true);
    expect(
      parseLinuxDefaultRoutes(
        '[{"dst":"default","gateway":"fd00::1","dev":"eth0","metric":1024,"flags":[],"pref":"medium"}]',
      ),
    ).toBe(true);
    expect(
      parseLinuxDefaultRoutes('[{"type":"unreachable","dst":"default","dev":"lo","table":"local","flags":[]}]'),
    ).toBe(false);
  });
  it('runs ip without a shell, with the address as one argument, and refuses anything but an IP literal', async () => {
    const { calls, run } = recorder({ code: 0, stdout: '[{"dst":"10.8.0.1","dev":"tun0","flags":[]}]' });
    const adapter = createLinuxRouteAdapter(run);
    await adapter.routeTo('10.8.0.1');
    expect(calls).toEqual([{ file: 'ip', args: ['-j', 'route', 'get', '10.8.0.1'] }]);
    await expect(adapter.routeTo('office; rm -rf /')).rejects.toThrow(/not an IP address/);
    await expect(adapter.routeTo('-batch')).rejects.toThrow(/not an IP address/);
  });
});

describe('macOS: route -n get', () => {
  const viaUtun = `   route to: 10.20.0.5
destination: 10.20.0.0
       mask: 255.255.0.0
  interface: utun4
      flags: <UP,DONE,CLONING,STATIC>
 recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire
       0         0         0         0         0         0      1400         0
`;
  const viaGateway = `   route to: default
destination: default
       mask: default
    gateway: 192.168.1.1
  interface: en0
      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>
`;
  it('parses interface and gateway', () => {
    expect(parseMacRouteGet(0, viaUtun, '')).toEqual({ interface: 'utun4', unreachable: false });
    expect(parseMacRouteGet(0, viaGateway, '')).toEqual({
      interface: 'en0',
      gateway: '192.168.1.1',
      unreachable: false,
    });
  });
  it('"not in table" is no route', () => {
    expect(parseMacRouteGet(1, '', 'route: writing to routing socket: not in table\n')).toEqual({ unreachable: true });
  });
  it('checks IPv4 then IPv6 for a default route', async () => {
    const { calls, run } = recorder({ code: 1, stdout: '', stderr: 'route: writing to routing socket: not in table' });
    expect(await createMacRouteAdapter(run).hasDefaultRoute()).toBe(false);
    expect(calls.map((c) => c.args.join(' '))).toEqual(['-n get default', '-n get -inet6 default']);
  });
});

describe('Windows: Find-NetRoute', () => {
  // Find-NetRoute returns the chosen local address object and the route object.
  const out = JSON.stringify([
    { InterfaceAlias: 'Ethernet 2', NextHop: null, DestinationPrefix: null },
    { InterfaceAlias: 'Ethernet 2', NextHop: '0.0.0.0', DestinationPrefix: '10.0.0.0/8' },
  ]);
  it('takes the route entry; an on-link next hop is no gateway', () => {
    expect(parseWindowsFindNetRoute(0, out, '')).toEqual({ interface: 'Ethernet 2', unreachable: false });
  });
  it('a gateway next hop is reported', () => {
    const gw = JSON.stringify({ InterfaceAlias: 'Wi-Fi', NextHop: '192.168.1.1', DestinationPrefix: '0.0.0.0/0' });
    expect(parseWindowsFindNetRoute(0, gw, '')).toEqual({
      interface: 'Wi-Fi',
      gateway: '192.168.1.1',
      unreachable: false,
    });
  });
  it('empty output is no route', () => {
    expect(parseWindowsFindNetRoute(0, '', '')).toEqual({ unreachable: true });
  });
  it('quotes the address inside the PowerShell script and refuses non-IP input', async () => {
    const { calls, run } = recorder({ code: 0, stdout: out });
    const adapter = createWindowsRouteAdapter(run);
    await adapter.routeTo('10.1.2.3');
    expect(calls[0]?.file).toBe('powershell.exe');
    expect(calls[0]?.args.at(-1)).toContain("Find-NetRoute -RemoteIPAddress '10.1.2.3'");
    await expect(adapter.routeTo("1.1.1.1'; Remove-Item C:\\")).rejects.toThrow(/not an IP address/);
  });
});

describe('which interfaces carry the default route', () => {
  it('Linux: every device with a default route, both families, once each', async () => {
    const out = JSON.stringify([
      { dst: 'default', gateway: '192.168.1.1', dev: 'wlp2s0', flags: [] },
      { dst: 'default', dev: 'wg0', table: '51820', flags: [] },
      { dst: 'default', gateway: 'fe80::1', dev: 'wlp2s0', flags: [] },
      { type: 'unreachable', dst: 'default', dev: 'lo', flags: [] },
    ]);
    expect(parseLinuxDefaultRouteInterfaces(out)).toEqual(['wlp2s0', 'wg0']);
    const { calls, run } = recorder({ code: 0, stdout: out });
    const adapter = createLinuxRouteAdapter(run);
    expect(await adapter.defaultRouteInterfaces?.()).toEqual(['wlp2s0', 'wg0']);
    expect(await adapter.hasDefaultRoute()).toBe(true);
    expect(calls.map((c) => c.args.join(' '))).toEqual([
      '-j route show default table all',
      '-j route show default table all',
    ]);
  });

  it('macOS: the interface of the IPv4 and of the IPv6 default route', async () => {
    const replies = [
      {
        code: 0,
        stdout:
          '   route to: default\ndestination: default\n       mask: default\n    gateway: 192.168.1.1\n  interface: en0\n',
      },
      { code: 1, stdout: '', stderr: 'route: writing to routing socket: not in table' },
    ];
    const run: CommandRunner = async () => {
      const r = replies.shift() ?? { code: 1, stdout: '', stderr: 'not in table' };
      return { code: r.code, stdout: r.stdout, stderr: r.stderr ?? '' };
    };
    expect(await createMacRouteAdapter(run).defaultRouteInterfaces?.()).toEqual(['en0']);
  });

  it('Windows: the aliases Get-NetRoute lists for 0.0.0.0/0 and ::/0', async () => {
    const out = JSON.stringify([
      { InterfaceAlias: 'Wi-Fi', NextHop: '192.168.1.1', DestinationPrefix: '0.0.0.0/0' },
      { InterfaceAlias: 'Windscribe IKEv2', NextHop: '0.0.0.0', DestinationPrefix: '0.0.0.0/0' },
      { InterfaceAlias: 'Wi-Fi', NextHop: 'fe80::1', DestinationPrefix: '::/0' },
    ]);
    expect(parseWindowsDefaultRoutes(0, out, '')).toEqual(['Wi-Fi', 'Windscribe IKEv2']);
    expect(
      parseWindowsDefaultRoutes(0, JSON.stringify({ InterfaceAlias: 'Ethernet', NextHop: '10.0.0.1' }), ''),
    ).toEqual(['Ethernet']);
    expect(parseWindowsDefaultRoutes(1, '', 'No MSFT_NetRoute objects found')).toEqual([]);
    expect(() => parseWindowsDefaultRoutes(1, '', 'Access denied')).toThrow(/Get-NetRoute failed/);
    const { run } = recorder({ code: 0, stdout: out });
    const adapter = createWindowsRouteAdapter(run);
    expect(await adapter.hasDefaultRoute()).toBe(true);
  });
});
