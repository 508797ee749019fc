// Builds the core with its real dependencies. Both hosts call this and nothing else, so the
// Electron app and the browser host cannot drift apart.
import type { AppInfo } from '../../shared/contract/system';
import { placeholderConnectivity } from './connectivity-placeholder';
import type { Core } from './core';
import { createCore } from './core';
import type { Logger } from './logger';
import type { Notifier } from './office-loss-notifier';

export interface AppCoreOptions {
  host: AppInfo['host'];
  appVersion: string;
  electronVersion: string | null;
  logger: Logger;
  dataDir: string;
  notifier?: Notifier;
}

export async function createAppCore(options: AppCoreOptions): Promise<Core> {
  return createCore({
    info: {
      name: 'Teleworker',
      version: options.appVersion,
      platform: process.platform,
      arch: process.arch,
      host: options.host,
      electronVersion: options.electronVersion,
    },
    logger: options.logger,
    connectivity: placeholderConnectivity(),
    notifier: options.notifier,
  });
}
