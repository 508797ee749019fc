// The services composed once, for either host. Electron's main.ts and the browser host both call
// createCore(): they differ only in how messages travel, never in what the app does.
import { contract } from '../../shared/contract';
import type { ContractHandlers, Contract } from '../../shared/contract';
import type { AppInfo } from '../../shared/contract/system';
import type { Dispatcher, Emit } from '../../shared/contract/dispatch';
import { createDispatcher } from '../../shared/contract/dispatch';
import type { ConnectivityStatus } from '../../shared/domain/connectivity';
import type { Logger } from './logger';
import type { AccountSettings } from './office/office-handlers';
import { attachOfficeEvents, createOfficeHandlers } from './office/office-handlers';
import type { OfficeService } from './office/office-service';
import type { Notifier, WorkSessionPort } from './office-loss-notifier';
import { watchOfficeLoss } from './office-loss-notifier';
import type { Preferences } from './preferences';
import { createPreferences } from './preferences';
import { createSystemHandlers } from './system/system-service';

/** What the core needs from the connectivity monitor (electron/services/connectivity). */
export interface ConnectivityPort {
  start(): void;
  stop(): void;
  current(): ConnectivityStatus;
  checkNow(): Promise<ConnectivityStatus>;
  onChange(listener: (status: ConnectivityStatus) => void): () => void;
}

export interface CoreOptions {
  info: AppInfo;
  logger: Logger;
  connectivity: ConnectivityPort;
  office: OfficeService;
  account: AccountSettings;
  /** Desktop notifications (Electron's Notification); the browser host logs them. */
  notifier?: Notifier;
  /** Until the work-session service exists, no session is ever running. */
  workSession?: WorkSessionPort;
  clock?: () => Date;
}

export interface Core {
  readonly handlers: ContractHandlers;
  readonly dispatcher: Dispatcher;
  readonly connectivity: ConnectivityPort;
  readonly preferences: Preferences;
  readonly office: OfficeService;
  /** Forwards service events to a host's emitter; returns the function that stops forwarding. */
  attach(emit: Emit<Contract>): () => void;
  start(): void;
  stop(): void;
  /** stop(), then release files and servers the host opened for the core (database, demo server). */
  dispose?(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const { info, logger, connectivity, office, clock = () => new Date() } = options;
  const preferences = createPreferences();
  const handlers: ContractHandlers = {
    system: createSystemHandlers({ info, clock, preferences }),
    connectivity: {
      getStatus: () => connectivity.current(),
      checkNow: () => connectivity.checkNow(),
    },
    ...createOfficeHandlers(office, options.account),
  };
  const dispatcher = createDispatcher(contract, handlers, {
    onInternalError: (channel, error) => logger.error(`handler for ${channel} failed`, error),
  });
  const stops: Array<() => void> = [];
  return {
    handlers,
    dispatcher,
    connectivity,
    preferences,
    office,
    attach(emit) {
      const offs = [
        connectivity.onChange((status) => emit('connectivity', 'statusChanged', status)),
        attachOfficeEvents(office, options.account, emit),
      ];
      return () => offs.forEach((off) => off());
    },
    start() {
      if (options.notifier) {
        stops.push(
          watchOfficeLoss({
            connectivity,
            preferences,
            notifier: options.notifier,
            workSession: options.workSession ?? { isRunning: () => false },
          }),
        );
      }
      connectivity.start();
      office.start();
    },
    stop() {
      stops.splice(0).forEach((stop) => stop());
      office.stop();
      connectivity.stop();
    },
  };
}
