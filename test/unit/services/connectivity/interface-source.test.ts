import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import {
  createOsInterfaceSource,
  linuxDetails,
  parseIfconfigFlags,
  parseWindowsAdapters,
} from '../../../../electron/services/connectivity/interface-source';
import type { CommandRunner } from '../../../../electron/services/connectivity/route-adapter';

const raw: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  'Windscribe IKEv2': [
    {
      address: '10.169.137.16',
      netmask: '255.255.255.255',
      family: 'IPv4',
      mac: '00:00:00:00:00:00',
      internal: false,
      cidr: '10.169.137.16/32',
    },
  ],
  'Wi-Fi': [
    {
      address: '192.168.1.169',
      netmask: '255.255.255.0',
      family: 'IPv4',
      mac: 'a8:7e:ea:55:26:b0',
      internal: false,
      cidr: '192.168.1.169/24',
    },
  ],
};

describe('interface details', () => {
  it('macOS/BSD/Linux ifconfig: the point-to-point flag per interface (hex flag words too)', () => {
    const out = [
      'lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384',
      'en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500',
      'utun2: flags=80d1<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST> mtu 1390',
      '\tinet 172.23.118.242 --> 172.23.118.242 netmask 0xfffffc00',
      'ppp0: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1354',
      'opkgtun0  Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00',
    ].join('\n');
    const flags = parseIfconfigFlags(out);
    expect(Object.fromEntries([...flags].map(([n, d]) => [n, d.pointToPoint]))).toEqual({
      lo0: false,
      en0: false,
      utun2: true,
      ppp0: true,
      opkgtun0: true,
    });
  });

  it('Windows: names, descriptions and IANA interface types from the adapter list', () => {
    const out = JSON.stringify([
      { Name: 'Windscribe IKEv2', Description: 'Windscribe IKEv2', Type: 23 },
      { Name: 'Wi-Fi', Description: 'Intel(R) Wi-Fi 6 AX200 160MHz', Type: 71 },
      { Name: 'Loopback Pseudo-Interface 1', Description: '', Type: 24 },
    ]);
    expect(parseWindowsAdapters(out).get('Windscribe IKEv2')).toEqual({ description: 'Windscribe IKEv2', ifType: 23 });
    expect(parseWindowsAdapters(out).get('Loopback Pseudo-Interface 1')).toEqual({ ifType: 24 });
    expect(parseWindowsAdapters(JSON.stringify({ Name: 'Ethernet', Description: 'Realtek', Type: 6 })).size).toBe(1);
    expect(parseWindowsAdapters('').size).toBe(0);
  });

  it('Windows source: one PowerShell call adds types and descriptions; systeminformation is the fallback', async () => {
    const calls: string[] = [];
    const run: CommandRunner = async (file, args) => {
      calls.push(`${file} ${args.at(-1) ?? ''}`);
      return {
        code: 0,
        stdout: JSON.stringify([{ Name: 'Windscribe IKEv2', Description: 'Windscribe IKEv2', Type: 23 }]),
        stderr: '',
      };
    };
    const source = createOsInterfaceSource({
      platform: 'win32',
      read: () => raw,
      run,
      describe: async () => new Map([['Wi-Fi', 'never asked']]),
    });
    const enriched = await source.enrich(source.list());
    expect(enriched.find((r) => r.name === 'Windscribe IKEv2')).toMatchObject({
      description: 'Windscribe IKEv2',
      ifType: 23,
    });
    expect(enriched.find((r) => r.name === 'Wi-Fi')?.description).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^powershell\.exe .*GetAllNetworkInterfaces/);

    const failing: CommandRunner = async () => ({ code: 1, stdout: '', stderr: 'powershell missing' });
    const fallback = createOsInterfaceSource({
      platform: 'win32',
      read: () => raw,
      run: failing,
      describe: async () => new Map([['Wi-Fi', 'Intel(R) Wi-Fi 6 AX200 160MHz']]),
    });
    const described = await fallback.enrich(fallback.list());
    expect(described.find((r) => r.name === 'Wi-Fi')?.description).toBe('Intel(R) Wi-Fi 6 AX200 160MHz');
  });

  it('macOS source: flags from ifconfig; a failing ifconfig leaves the records as they are', async () => {
    const mac = createOsInterfaceSource({
      platform: 'darwin',
      read: () => ({
        utun2: [
          {
            address: '172.23.118.242',
            netmask: '255.255.252.0',
            family: 'IPv4',
            mac: '00:00:00:00:00:00',
            internal: false,
            cidr: null,
          },
        ],
      }),
      run: async () => ({
        code: 0,
        stdout: 'utun2: flags=80d1<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST> mtu 1390\n',
        stderr: '',
      }),
    });
    expect((await mac.enrich(mac.list()))[0]?.pointToPoint).toBe(true);
    const broken = createOsInterfaceSource({
      platform: 'darwin',
      read: () => raw,
      run: async () => ({ code: 1, stdout: '', stderr: 'no ifconfig' }),
    });
    const records = broken.list();
    expect(await broken.enrich(records)).toEqual(records);
  });

  const noSys = !existsSync('/sys/class/net/lo/type');
  if (noSys) console.log('SKIP interface source: link types from /sys (no /sys/class/net/lo/type here)');
  it.skipIf(noSys)('Linux: link type and flags read from /sys (loopback on this machine)', () => {
    expect(linuxDetails(['lo', 'no-such-if0', '../etc'])).toEqual(
      new Map([['lo', { linkType: 772, pointToPoint: false }]]),
    );
  });
});
