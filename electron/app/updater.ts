// electron-updater behind the services' UpdaterPort. Only this shell file touches its
// Electron-bound parts (the autoUpdater for this OS and package kind); the decisions (whether,
// where, which channel, telling the user) live in electron/services/settings/update-service.ts.
import type { AppUpdater } from 'electron-updater';
import type { OfficeTrust } from '../services/office-client/trust';
import type { Logger, UpdaterEvent, UpdaterPort } from '../services/ports';
import { applyOfficeTrust, UPDATER_PARTITION } from './office-trust';
import { requireRpmSignatures } from './rpm-signatures';

/** Adapts an AppUpdater. Signature and sha512 checks stay as electron-updater has them (on). */
export function updaterPort(updater: AppUpdater, logger: Logger): UpdaterPort {
  updater.logger = {
    info: (m: unknown) => logger.info(`updater: ${String(m)}`),
    warn: (m: unknown) => logger.warn(`updater: ${String(m)}`),
    error: (m: unknown) => logger.error(`updater: ${String(m)}`),
  };
  updater.autoDownload = true;
  // Installed when the user quits or restarts; they are told when that is (the settings area).
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => listeners.forEach((l) => l(event));
  updater.on('checking-for-update', () => emit({ type: 'checking' }));
  updater.on('update-available', (info) => emit({ type: 'available', version: info.version }));
  updater.on('update-not-available', () => emit({ type: 'not-available' }));
  updater.on('update-downloaded', (info) => emit({ type: 'downloaded', version: info.version }));
  updater.on('error', (error) => emit({ type: 'error', message: error.message }));
  return {
    supported: true,
    configure({ url, channel }) {
      updater.setFeedURL({ provider: 'generic', url, channel });
      updater.channel = channel;
    },
    async check() {
      await updater.checkForUpdates();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quitAndInstall: () => updater.quitAndInstall(false, true),
  };
}

/**
 * electron-updater's updater for this install, or null where it has none (a development run, the
 * tar.gz, an MSI install that IT updates with its own tools: see docs/deploying.md).
 */
export async function loadUpdater(
  isPackaged: boolean,
  logger: Logger,
  trust?: OfficeTrust,
): Promise<UpdaterPort | null> {
  if (!isPackaged) return null;
  try {
    // the feed is the office's: the same trust rule as every other office request
    if (trust)
      applyOfficeTrust((await import('electron')).session.fromPartition(UPDATER_PARTITION, { cache: false }), trust);
    const { autoUpdater, RpmUpdater } = (await import('electron-updater')).default;
    // an rpm update is installed only when its signature verifies (electron-updater passes --nogpgcheck)
    requireRpmSignatures(RpmUpdater);
    return autoUpdater ? updaterPort(autoUpdater, logger) : null;
  } catch (error) {
    logger.warn('updates: no updater for this kind of install', error);
    return null;
  }
}
