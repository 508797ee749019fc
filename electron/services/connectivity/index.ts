// The connectivity service wired to the real OS: what electron/app and the diagnose CLI construct.
import { spawn } from 'node:child_process';
import type { ChangeSignal, MonitorConfig, MonitorDeps } from './monitor';
import { ConnectivityMonitor } from './monitor';
import { createOsInterfaceSource } from './interface-source';
import { createRouteAdapter } from './route-adapter';
import { nodeProbes } from './probes';
import { nodeLiveConnector } from './live-connection';

export { ConnectivityMonitor, parseOfficeUrl } from './monitor';
export type { ChangeSignal, MonitorConfig } from './monitor';

/**
 * Linux: `ip -o monitor link address` prints a line whenever a link or address changes, so a tunnel
 * that drops is seen within milliseconds instead of at the next one-second tick. Costs one idle
 * process; if `ip` is missing the one-second check still works.
 */
export function createIpMonitorSignal(onError: (message: string, error: unknown) => void = () => {}): ChangeSignal {
  return {
    subscribe(onChange) {
      let stopped = false;
      const child = spawn('ip', ['-o', 'monitor', 'link', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.on('error', (error) => onError('ip monitor unavailable', error));
      child.stdout.on('data', () => {
        if (!stopped) onChange();
      });
      // A host that exits without stop() must not leave `ip monitor` behind.
      const killChild = () => child.kill('SIGTERM');
      process.once('exit', killChild);
      return () => {
        stopped = true;
        process.removeListener('exit', killChild);
        killChild();
      };
    },
  };
}

export interface CreateMonitorOptions extends Partial<Omit<MonitorDeps, 'config'>> {
  /** default true on Linux */
  useIpMonitor?: boolean;
}

export function createConnectivityMonitor(
  config: MonitorConfig,
  options: CreateMonitorOptions = {},
): ConnectivityMonitor {
  const { useIpMonitor = process.platform === 'linux', ...overrides } = options;
  const onError = overrides.onError ?? (() => {});
  return new ConnectivityMonitor({
    interfaces: createOsInterfaceSource(),
    routes: createRouteAdapter(),
    probes: nodeProbes,
    liveConnector: nodeLiveConnector,
    ...(useIpMonitor ? { changeSignal: createIpMonitorSignal(onError) } : {}),
    ...overrides,
    config,
  });
}
