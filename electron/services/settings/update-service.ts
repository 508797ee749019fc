// Updates from the office server's /updates/ feed (electron-updater's generic provider). The
// Electron shell adapts electron-updater to UpdaterPort (electron/app/updater.ts); this service
// decides whether and where to look: policy or the user may turn updates off or pin a channel,
// and the feed is the office policy names (never merely the one signed in to). The shell checks
// each download's ed25519 signature against the key built into the app before it installs it.
import type { SettingsPort } from './settings';
import type { UpdateStatus } from '../../../shared/contract/settings';
import type { UpdateChannel } from '../../../shared/domain/policy';
import type { Logger } from '../logger';
import { disposables, listenerSet } from '../../../shared/disposables';

export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

export interface UpdaterPort {
  /** false where nothing can be updated (a development run, an install kind the updater does not handle) */
  readonly supported: boolean;
  /** where to look (…/updates/) and which channel file (latest.yml, beta.yml) to read */
  configure(feed: { url: string; channel: UpdateChannel }): void;
  /** looks and, when a newer version exists, downloads and verifies it */
  check(): Promise<void>;
  onEvent(listener: (event: UpdaterEvent) => void): () => void;
  /** quits the app and runs the downloaded installer */
  quitAndInstall(): void;
}

/** https://office.bank.example:8443/some/base → https://office.bank.example:8443/some/base/updates/ */
export function updateFeedUrl(officeUrl: string): string {
  const url = new URL(officeUrl);
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/updates/`;
  return url.toString();
}

export interface UpdateServiceOptions {
  updater: UpdaterPort | null;
  settings: SettingsPort;
  /** the office whose feed to follow: the one policy names, null when policy names none */
  officeUrl: () => string | null;
  logger: Logger;
  clock: () => Date;
  /** tells the user a restart will install the update */
  notifyReady?: (version: string) => void;
  /** how often to look again (default: every four hours) */
  intervalMs?: number;
}

export interface UpdateService {
  status(): UpdateStatus;
  onChange(listener: (status: UpdateStatus) => void): () => void;
  /** looks now (on start, on an interval, after the office or a setting changed) */
  check(): Promise<void>;
  install(): void;
  start(): void;
  stop(): void;
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { updater, settings, logger } = options;
  const listeners = listenerSet<[UpdateStatus]>();
  let status: UpdateStatus = { state: 'idle', checkedAt: null };
  let configured: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const offs = disposables();

  const set = (next: UpdateStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    listeners.emit(status);
  };

  /** Why updates are off, or null when the app should look. */
  const offReason = (): Extract<UpdateStatus, { state: 'off' }>['reason'] | null => {
    if (!updater?.supported) return 'not-installed';
    if (!settings.get('updatesEnabled')) {
      if (settings.isLocked('updatesEnabled')) return 'policy';
      // off by default only in a per-machine install (composition-root): IT's tools update it
      const source = settings.entries().find((e) => e.key === 'updatesEnabled')?.source;
      return source === 'default' ? 'by-it' : 'user';
    }
    if (!options.officeUrl()) return 'no-office';
    return null;
  };

  const service: UpdateService = {
    status: () => {
      const reason = status.state === 'ready' ? null : offReason();
      return reason ? { state: 'off', reason } : status;
    },
    onChange(listener) {
      return listeners.on(listener);
    },
    async check() {
      const reason = offReason();
      if (reason || !updater) {
        if (status.state !== 'ready') set({ state: 'off', reason: reason ?? 'not-installed' });
        return;
      }
      if (status.state === 'ready' || status.state === 'checking' || status.state === 'downloading') return;
      const feed = { url: updateFeedUrl(options.officeUrl()!), channel: settings.get('updateChannel') };
      const key = `${feed.url} ${feed.channel}`;
      if (key !== configured) {
        updater.configure(feed);
        configured = key;
        logger.info(`updates: following ${feed.url} (${feed.channel})`);
      }
      set({ state: 'checking' });
      try {
        await updater.check();
      } catch (error) {
        // the updater's own 'error' event carries the message; this catches a rejected check without one
        if ((status as UpdateStatus).state === 'checking') set({ state: 'failed', message: (error as Error).message });
      }
    },
    install() {
      if (status.state !== 'ready' || !updater) return;
      logger.info(`updates: restarting to install ${status.version}`);
      updater.quitAndInstall();
    },
    start() {
      if (updater) {
        offs.add(
          updater.onEvent((event) => {
            switch (event.type) {
              case 'checking':
                return set({ state: 'checking' });
              case 'available':
                logger.info(`updates: ${event.version} is available; downloading`);
                return set({ state: 'downloading', version: event.version });
              case 'not-available':
                return set({ state: 'idle', checkedAt: options.clock().toISOString() });
              case 'downloaded':
                logger.info(`updates: ${event.version} downloaded and verified; a restart installs it`);
                set({ state: 'ready', version: event.version });
                return options.notifyReady?.(event.version);
              case 'error':
                logger.warn(`updates: ${event.message}`);
                return set({ state: 'failed', message: event.message });
            }
          }),
        );
      }
      offs.add(
        settings.onChange((key) => {
          if (key === 'updatesEnabled' || key === 'updateChannel') {
            if (status.state !== 'ready') set({ state: 'idle', checkedAt: null });
            void service.check();
          }
        }),
      );
      timer = setInterval(() => void service.check(), options.intervalMs ?? 4 * 60 * 60 * 1000);
      timer.unref?.();
      void service.check();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      offs.dispose();
    },
  };
  return service;
}
