// Where interface lists come from. The cheap part (os.networkInterfaces: only interfaces that are up
// and have an address, microseconds per call) runs every second; the details that cost more
// (Windows adapter descriptions and interface types, ~100-300 ms; the macOS ifconfig flags; Linux
// link types and flags from /sys) are read only when the cheap list changed.
import { networkInterfaces } from 'node:os';
import type { NetworkInterfaceInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import type { InterfaceRecord } from './tunnel-classifier';
import { runCommand } from './route-adapter';
import type { CommandRunner } from './route-adapter';

export interface InterfaceSource {
  /** Cheap and synchronous: called every tick. */
  list(): InterfaceRecord[];
  /** Adds details (descriptions, types, flags); called only when list() changed. */
  enrich(records: InterfaceRecord[]): Promise<InterfaceRecord[]>;
}

/** Details the OS tells beyond os.networkInterfaces, per interface name. */
export type InterfaceDetails = Pick<
  InterfaceRecord,
  'description' | 'ifType' | 'mediaType' | 'hardware' | 'pointToPoint' | 'linkType'
>;

export function fromNodeInterfaces(raw: NodeJS.Dict<NetworkInterfaceInfo[]>): InterfaceRecord[] {
  const records: InterfaceRecord[] = [];
  for (const [name, infos] of Object.entries(raw)) {
    if (!infos || infos.length === 0) continue;
    records.push({
      name,
      mac: infos[0]?.mac,
      addresses: infos.map((i) => ({ address: i.address, family: i.family, internal: i.internal })),
    });
  }
  return records.sort((a, b) => a.name.localeCompare(b.name));
}

/** A string that changes when an interface appears, vanishes or changes its addresses. */
export function fingerprint(records: readonly InterfaceRecord[]): string {
  return records
    .map(
      (r) =>
        `${r.name}=${r.addresses
          .map((a) => a.address)
          .sort()
          .join(',')}`,
    )
    .join(';');
}

export interface OsInterfaceSourceOptions {
  platform?: NodeJS.Platform;
  /** for tests: replaces os.networkInterfaces */
  read?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** Windows: friendly name → adapter description; the fallback when details() fails. Default: systeminformation */
  describe?: () => Promise<Map<string, string>>;
  /** details per interface name; default: per platform (PowerShell on Windows, ifconfig on macOS, /sys on Linux) */
  details?: (names: readonly string[]) => Promise<Map<string, InterfaceDetails>>;
  /** runs ifconfig / PowerShell for the default details(); for tests */
  run?: CommandRunner;
}

function merge(records: InterfaceRecord[], details: Map<string, InterfaceDetails>): InterfaceRecord[] {
  return records.map((r) => {
    const d = details.get(r.name);
    if (d === undefined) return r;
    const defined = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as InterfaceDetails;
    return { ...r, ...defined };
  });
}

export function createOsInterfaceSource(options: OsInterfaceSourceOptions = {}): InterfaceSource {
  const platform = options.platform ?? process.platform;
  const read = options.read ?? networkInterfaces;
  const describe = options.describe ?? describeWithSysteminformation;
  const run = options.run ?? runCommand;
  const details =
    options.details ??
    (platform === 'win32'
      ? () => windowsDetails(run)
      : platform === 'darwin'
        ? () => macDetails(run)
        : (names: readonly string[]) => Promise.resolve(linuxDetails(names)));
  return {
    list: () => fromNodeInterfaces(read()),
    async enrich(records) {
      try {
        return merge(records, await details(records.map((r) => r.name)));
      } catch {
        if (platform !== 'win32') return records;
      }
      // Windows without PowerShell's answer: descriptions alone still name most clients.
      try {
        const descriptions = await describe();
        return merge(records, new Map([...descriptions].map(([name, description]) => [name, { description }])));
      } catch {
        return records;
      }
    },
  };
}

// ---- Linux: /sys/class/net/IF/{type,flags} -----------------------------------------------------------

const IFF_POINTOPOINT = 0x10;

function readSys(name: string, file: string): string | undefined {
  if (!/^[\w.:@-]+$/.test(name)) return undefined;
  try {
    return readFileSync(`/sys/class/net/${name}/${file}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function linuxDetails(names: readonly string[]): Map<string, InterfaceDetails> {
  const map = new Map<string, InterfaceDetails>();
  for (const name of names) {
    const type = Number(readSys(name, 'type'));
    const flags = Number.parseInt(readSys(name, 'flags') ?? '', 16);
    const d: InterfaceDetails = {};
    if (Number.isFinite(type)) d.linkType = type;
    if (Number.isFinite(flags)) d.pointToPoint = (flags & IFF_POINTOPOINT) !== 0;
    if (Object.keys(d).length > 0) map.set(name, d);
  }
  return map;
}

// ---- macOS: ifconfig flags ------------------------------------------------------------------------------

/** `ifconfig` (macOS, BSD, Linux net-tools) → POINTOPOINT per interface. */
export function parseIfconfigFlags(stdout: string): Map<string, InterfaceDetails> {
  const map = new Map<string, InterfaceDetails>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^([^\s:]+):\s+flags=[0-9a-fA-F]+<([^>]*)>/.exec(line) ?? /^([^\s:]+):?\s+Link encap:/.exec(line);
    if (!m?.[1]) continue;
    const flags = m[2] !== undefined ? m[2].split(',') : [];
    map.set(m[1], { pointToPoint: flags.includes('POINTOPOINT') || /Link encap:(Point-to-Point|UNSPEC)/.test(line) });
  }
  return map;
}

async function macDetails(run: CommandRunner): Promise<Map<string, InterfaceDetails>> {
  const r = await run('/sbin/ifconfig', [], 3000);
  if (r.code !== 0) throw new Error(`ifconfig failed (${r.code}): ${r.stderr.trim()}`);
  return parseIfconfigFlags(r.stdout);
}

// ---- Windows: GetAdaptersAddresses through .NET (every adapter ipconfig shows, RAS connections too) ------

interface WinAdapter {
  Name?: string;
  Description?: string;
  Type?: number;
}

/** What the PowerShell script below prints → details per friendly name. */
export function parseWindowsAdapters(stdout: string): Map<string, InterfaceDetails> {
  const map = new Map<string, InterfaceDetails>();
  if (stdout.trim() === '') return map;
  const parsed = JSON.parse(stdout) as WinAdapter | WinAdapter[];
  for (const a of Array.isArray(parsed) ? parsed : [parsed]) {
    if (typeof a.Name !== 'string') continue;
    map.set(a.Name, {
      ...(typeof a.Description === 'string' && a.Description !== '' ? { description: a.Description } : {}),
      ...(typeof a.Type === 'number' ? { ifType: a.Type } : {}),
    });
  }
  return map;
}

// Get-NetAdapter misses RAS (PPP, IKEv2, L2TP) connections; NetworkInterface lists them with ifType 23.
const WINDOWS_ADAPTERS_SCRIPT =
  '[System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | ' +
  'ForEach-Object { [pscustomobject]@{ Name = $_.Name; Description = $_.Description; Type = [int]$_.NetworkInterfaceType } } | ' +
  'ConvertTo-Json -Compress';

async function windowsDetails(run: CommandRunner): Promise<Map<string, InterfaceDetails>> {
  const r = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_ADAPTERS_SCRIPT], 8000);
  if (r.code !== 0) throw new Error(`adapter list failed (${r.code}): ${r.stderr.trim()}`);
  return parseWindowsAdapters(r.stdout);
}

async function describeWithSysteminformation(): Promise<Map<string, string>> {
  // Imported lazily: only Windows needs it, and only when the interface list changed.
  const si = await import('systeminformation');
  const list = await si.networkInterfaces();
  const map = new Map<string, string>();
  for (const nic of Array.isArray(list) ? list : [list]) {
    if (nic.iface && nic.ifaceName && nic.ifaceName !== nic.iface) map.set(nic.iface, nic.ifaceName);
  }
  return map;
}
