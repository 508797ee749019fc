// The route to the office host and whether a default route exists, behind one small interface per OS.
// Route lookups ask the kernel's routing table; they send no packet anywhere.
import { execFile } from 'node:child_process';
import { isIP } from 'node:net';

export interface RouteLookup {
  /** interface the kernel would send the packet through; undefined when there is no route */
  interface?: string;
  gateway?: string;
  /** true when the OS answered "no route" (as opposed to failing to answer) */
  unreachable: boolean;
}

export interface RouteAdapter {
  routeTo(address: string): Promise<RouteLookup>;
  hasDefaultRoute(): Promise<boolean>;
  /**
   * The interfaces that carry a default route (empty: none). Optional: an adapter without it
   * answers only hasDefaultRoute(), and the classifier then does not know which link is the ISP's.
   */
  defaultRouteInterfaces?(): Promise<string[]>;
}

/** Runs a command without a shell; resolves with stdout and the exit code, never rejects. */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  timeoutMs: number,
) => Promise<{ code: number; stdout: string; stderr: string }>;

export const runCommand: CommandRunner = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });

function assertAddress(address: string): void {
  // Only IP literals reach the command line: no host names, no options.
  if (isIP(address) === 0) throw new Error(`not an IP address: ${address}`);
}

// ---- Linux: ip -j route get / ip -j route show default -------------------------------------------

interface IpRoute {
  type?: string;
  dst?: string;
  dev?: string;
  gateway?: string;
}

export function parseLinuxRouteGet(code: number, stdout: string, stderr: string): RouteLookup {
  if (code !== 0) {
    if (/unreachable|no route|prohibited/i.test(stderr)) return { unreachable: true };
    throw new Error(`ip route get failed (${code}): ${stderr.trim()}`);
  }
  const routes = JSON.parse(stdout) as IpRoute[];
  const route = routes[0];
  if (!route || !route.dev || (route.type !== undefined && !['unicast', 'local'].includes(route.type))) {
    return { unreachable: true };
  }
  return { interface: route.dev, ...(route.gateway ? { gateway: route.gateway } : {}), unreachable: false };
}

export function parseLinuxDefaultRoutes(stdout: string): boolean {
  return parseLinuxDefaultRouteInterfaces(stdout).length > 0;
}

export function parseLinuxDefaultRouteInterfaces(stdout: string): string[] {
  const routes = JSON.parse(stdout || '[]') as IpRoute[];
  const devs = routes
    .filter((r) => r.dst === 'default' && r.dev !== undefined && (r.type === undefined || r.type === 'unicast'))
    .map((r) => r.dev as string);
  return [...new Set(devs)];
}

export function createLinuxRouteAdapter(run: CommandRunner = runCommand, timeoutMs = 2000): RouteAdapter {
  const defaultRouteInterfaces = async (): Promise<string[]> => {
    // Both families in one call; 'table all' sees policy-routed full tunnels (wg-quick) too.
    const r = await run('ip', ['-j', 'route', 'show', 'default', 'table', 'all'], timeoutMs);
    if (r.code !== 0) throw new Error(`ip route show failed (${r.code}): ${r.stderr.trim()}`);
    return parseLinuxDefaultRouteInterfaces(r.stdout);
  };
  return {
    async routeTo(address) {
      assertAddress(address);
      const r = await run('ip', ['-j', 'route', 'get', address], timeoutMs);
      return parseLinuxRouteGet(r.code, r.stdout, r.stderr);
    },
    async hasDefaultRoute() {
      return (await defaultRouteInterfaces()).length > 0;
    },
    defaultRouteInterfaces,
  };
}

// ---- macOS: route -n get ----------------------------------------------------------------------------

export function parseMacRouteGet(code: number, stdout: string, stderr: string): RouteLookup {
  if (code !== 0 || /not in table|unreachable/i.test(stderr + stdout)) {
    if (/not in table|unreachable|bad address/i.test(stderr + stdout)) return { unreachable: true };
    throw new Error(`route get failed (${code}): ${stderr.trim()}`);
  }
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(\\S+)`, 'm').exec(stdout)?.[1];
  const iface = field('interface');
  if (!iface) return { unreachable: true };
  const gateway = field('gateway');
  return { interface: iface, ...(gateway ? { gateway } : {}), unreachable: false };
}

export function createMacRouteAdapter(run: CommandRunner = runCommand, timeoutMs = 2000): RouteAdapter {
  return {
    async routeTo(address) {
      assertAddress(address);
      const args = isIP(address) === 4 ? ['-n', 'get', address] : ['-n', 'get', '-inet6', address];
      const r = await run('/sbin/route', args, timeoutMs);
      return parseMacRouteGet(r.code, r.stdout, r.stderr);
    },
    async hasDefaultRoute() {
      for (const args of [
        ['-n', 'get', 'default'],
        ['-n', 'get', '-inet6', 'default'],
      ]) {
        const r = await run('/sbin/route', args, timeoutMs);
        if (!parseMacRouteGet(r.code, r.stdout, r.stderr).unreachable) return true;
      }
      return false;
    },
    async defaultRouteInterfaces() {
      const found = new Set<string>();
      for (const args of [
        ['-n', 'get', 'default'],
        ['-n', 'get', '-inet6', 'default'],
      ]) {
        const r = await run('/sbin/route', args, timeoutMs);
        const lookup = parseMacRouteGet(r.code, r.stdout, r.stderr);
        if (!lookup.unreachable && lookup.interface) found.add(lookup.interface);
      }
      return [...found];
    },
  };
}

// ---- Windows: Find-NetRoute / Get-NetRoute (PowerShell) -----------------------------------------------

interface WinRoute {
  InterfaceAlias?: string;
  NextHop?: string;
  DestinationPrefix?: string;
}

/** Find-NetRoute returns the chosen source address and the route; the route has DestinationPrefix. */
export function parseWindowsFindNetRoute(code: number, stdout: string, stderr: string): RouteLookup {
  if (code !== 0 || stdout.trim() === '') {
    if (stdout.trim() === '' || /no matching|unreachable|0x80070490|0x800704d0/i.test(stderr)) {
      return { unreachable: true };
    }
    throw new Error(`Find-NetRoute failed (${code}): ${stderr.trim()}`);
  }
  const parsed = JSON.parse(stdout) as WinRoute | WinRoute[];
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const route = entries.find((e) => e.DestinationPrefix) ?? entries[0];
  if (!route?.InterfaceAlias) return { unreachable: true };
  const gateway = route.NextHop && !/^(0\.0\.0\.0|::)$/.test(route.NextHop) ? route.NextHop : undefined;
  return { interface: route.InterfaceAlias, ...(gateway ? { gateway } : {}), unreachable: false };
}

/** Get-NetRoute's default routes → the interfaces (aliases) that carry one. */
export function parseWindowsDefaultRoutes(code: number, stdout: string, stderr: string): string[] {
  if (stdout.trim() === '') {
    if (code !== 0 && !/no matching|no msft_netroute|0x80070490/i.test(stderr))
      throw new Error(`Get-NetRoute failed (${code}): ${stderr.trim()}`);
    return [];
  }
  const parsed = JSON.parse(stdout) as WinRoute | WinRoute[];
  const aliases = (Array.isArray(parsed) ? parsed : [parsed])
    .map((e) => e.InterfaceAlias)
    .filter((a): a is string => typeof a === 'string' && a !== '');
  return [...new Set(aliases)];
}

export function createWindowsRouteAdapter(run: CommandRunner = runCommand, timeoutMs = 5000): RouteAdapter {
  const ps = (script: string) =>
    run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], timeoutMs);
  const defaultRouteInterfaces = async (): Promise<string[]> => {
    const r = await ps(
      "Get-NetRoute -DestinationPrefix '0.0.0.0/0','::/0' -ErrorAction SilentlyContinue | " +
        'Select-Object InterfaceAlias,NextHop,DestinationPrefix | ConvertTo-Json -Compress',
    );
    return parseWindowsDefaultRoutes(r.code, r.stdout, r.stderr);
  };
  return {
    async routeTo(address) {
      assertAddress(address);
      const r = await ps(
        `Find-NetRoute -RemoteIPAddress '${address}' -ErrorAction SilentlyContinue | ` +
          'Select-Object InterfaceAlias,NextHop,DestinationPrefix | ConvertTo-Json -Compress',
      );
      return parseWindowsFindNetRoute(r.code, r.stdout, r.stderr);
    },
    async hasDefaultRoute() {
      return (await defaultRouteInterfaces()).length > 0;
    },
    defaultRouteInterfaces,
  };
}

export function createRouteAdapter(
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = runCommand,
): RouteAdapter {
  if (platform === 'win32') return createWindowsRouteAdapter(run);
  if (platform === 'darwin') return createMacRouteAdapter(run);
  return createLinuxRouteAdapter(run);
}
