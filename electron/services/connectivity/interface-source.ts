// Where interface lists come from. The cheap part (os.networkInterfaces: only interfaces that are up
// and have an address, microseconds per call) runs every second; the details that cost more
// (Windows adapter descriptions via systeminformation, ~100 ms; Linux link types from /sys) are read
// only when the cheap list changed.
import { networkInterfaces } from 'node:os';
import type { NetworkInterfaceInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import type { InterfaceRecord } from './tunnel-classifier';

export interface InterfaceSource {
  /** Cheap and synchronous: called every tick. */
  list(): InterfaceRecord[];
  /** Adds details (descriptions, link types); called only when list() changed. */
  enrich(records: InterfaceRecord[]): Promise<InterfaceRecord[]>;
}

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
    .map((r) => `${r.name}=${r.addresses.map((a) => a.address).sort().join(',')}`)
    .join(';');
}

export interface OsInterfaceSourceOptions {
  platform?: NodeJS.Platform;
  /** for tests: replaces os.networkInterfaces */
  read?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** Windows: friendly name → adapter description; default uses systeminformation */
  describe?: () => Promise<Map<string, string>>;
}

export function createOsInterfaceSource(options: OsInterfaceSourceOptions = {}): InterfaceSource {
  const platform = options.platform ?? process.platform;
  const read = options.read ?? networkInterfaces;
  const describe = options.describe ?? describeWithSysteminformation;
  return {
    list: () => fromNodeInterfaces(read()),
    async enrich(records) {
      if (platform === 'linux') {
        return records.map((r) => {
          const linkType = readLinuxLinkType(r.name);
          return linkType === undefined ? r : { ...r, linkType };
        });
      }
      if (platform === 'win32') {
        let descriptions: Map<string, string>;
        try {
          descriptions = await describe();
        } catch {
          return records;
        }
        return records.map((r) => {
          const description = descriptions.get(r.name);
          return description === undefined ? r : { ...r, description };
        });
      }
      return records;
    },
  };
}

function readLinuxLinkType(name: string): number | undefined {
  if (!/^[\w.:@-]+$/.test(name)) return undefined;
  try {
    const value = Number(readFileSync(`/sys/class/net/${name}/type`, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
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
