// The services composed once, for either host. Electron's main.ts and the browser host both call
// createCore(): they differ only in how messages travel, never in what the app does.
import { contract } from '../../shared/contract';
import type { ContractHandlers, Contract } from '../../shared/contract';
import type { AppInfo } from '../../shared/contract/system';
import type { Dispatcher, Emit } from '../../shared/contract/dispatch';
import { createDispatcher } from '../../shared/contract/dispatch';
import type { ConnectivityStatus } from '../../shared/domain/connectivity';
import type { Logger } from './logger';
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
  clock?: () => Date;
}

export interface Core {
  readonly handlers: ContractHandlers;
  readonly dispatcher: Dispatcher;
  /** Forwards service events to a host's emitter; returns the function that stops forwarding. */
  attach(emit: Emit<Contract>): () => void;
  start(): void;
  stop(): void;
}

export function createCore({ info, logger, connectivity, clock = () => new Date() }: CoreOptions): Core {
  const handlers: ContractHandlers = {
    system: createSystemHandlers({ info, clock }),
    connectivity: {
      getStatus: () => connectivity.current(),
      checkNow: () => connectivity.checkNow(),
    },
  };
  const dispatcher = createDispatcher(contract, handlers, {
    onInternalError: (channel, error) => logger.error(`handler for ${channel} failed`, error),
  });
  return {
    handlers,
    dispatcher,
    attach(emit) {
      const offs = [connectivity.onChange((status) => emit('connectivity', 'statusChanged', status))];
      return () => offs.forEach((off) => off());
    },
    start() {
      connectivity.start();
    },
    stop() {
      connectivity.stop();
    },
  };
}
