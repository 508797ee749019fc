// The core: a list of feature modules composed into one dispatcher, one event forwarder and one
// start/stop. It knows no feature. Which modules exist, with which real dependencies, is decided
// by the main process's composition root (composition-root.ts); both hosts use that.
import { contract } from '../../shared/contract';
import type { Contract, ContractHandlers } from '../../shared/contract';
import type { Dispatcher, Emit } from '../../shared/contract/dispatch';
import { createDispatcher } from '../../shared/contract/dispatch';
import type { AreaEmit, AreaName, ModuleDefinition, ModuleDeps, ModuleInstance } from './module';
import type { OfficeService } from './office/office-service';
import type { ConnectivityPort, Logger, Navigation, Preferences, SettingsPort } from './ports';

export type { ConnectivityPort } from './ports';

export interface Core {
  readonly handlers: ContractHandlers;
  readonly dispatcher: Dispatcher;
  readonly connectivity: ConnectivityPort;
  readonly preferences: Preferences;
  /** effective user settings (policy, else the user's, else the default), for the shell too */
  readonly settings: SettingsPort;
  readonly office: OfficeService;
  /** asks the window to open a section or an item (a notification click, a teleworker:// link) */
  readonly navigation: Navigation;
  /** the names of the composed modules, in start order */
  readonly modules: readonly string[];
  /** Forwards every module's events to a host's emitter; returns the function that stops forwarding. */
  attach(emit: Emit<Contract>): () => void;
  start(): void;
  stop(): void;
  /** stop(), then release what the composition root opened for the core (the database). */
  dispose?(): Promise<void>;
}

/**
 * Composes modules: every contract area must be answered by exactly one module, and a module's
 * handlers must cover exactly its area's channels (a missing or extra handler is a start-up error,
 * not a request that fails later).
 */
export function composeCore(definitions: readonly ModuleDefinition[], deps: ModuleDeps & { logger: Logger }): Core {
  const instances: Array<{ name: string; instance: ModuleInstance<AreaName | null> }> = [];
  const handlers: Record<string, unknown> = {};
  for (const definition of definitions) {
    const instance = definition.create(deps) as ModuleInstance<AreaName | null>;
    if (instance.area !== definition.area)
      throw new Error(`Module ${definition.name} answers "${instance.area}" but declared "${definition.area}".`);
    if (instance.area !== null) {
      if (handlers[instance.area]) throw new Error(`Two modules answer the contract area "${instance.area}".`);
      checkCoverage(definition.name, instance.area, instance.handlers as Record<string, unknown>);
      handlers[instance.area] = instance.handlers;
    }
    instances.push({ name: definition.name, instance });
  }
  const unanswered = Object.keys(contract).filter((area) => !handlers[area]);
  if (unanswered.length) throw new Error(`No module answers the contract area(s): ${unanswered.join(', ')}.`);

  const feeds: Array<() => void> = [];
  const dispatcher = createDispatcher(contract, handlers as ContractHandlers, {
    onInternalError: (channel, error) => deps.logger.error(`handler for ${channel} failed`, error),
  });
  return {
    handlers: handlers as ContractHandlers,
    dispatcher,
    connectivity: deps.connectivity,
    preferences: deps.preferences,
    settings: deps.settings,
    office: deps.office,
    navigation: deps.navigation,
    modules: instances.map((m) => m.name),
    attach(emit) {
      const offs = instances.flatMap(({ instance }) => {
        if (!instance.attach || instance.area === null) return [];
        const area = instance.area;
        const own: AreaEmit<AreaName> = (event, payload) =>
          (emit as (a: string, e: string, p: unknown) => void)(area, event, payload);
        return [(instance.attach as (emit: AreaEmit<AreaName>) => () => void)(own)];
      });
      return () => offs.forEach((off) => off());
    },
    start() {
      // Every feed is in place before the office connection starts, so its first refresh fills
      // every feature's cache.
      for (const { name, instance } of instances)
        if (instance.feed) feeds.push(deps.office.addFeed({ name, ...instance.feed }));
      for (const { instance } of instances) instance.start?.();
    },
    stop() {
      for (const { instance } of [...instances].reverse()) instance.stop?.();
      feeds.splice(0).forEach((remove) => remove());
    },
  };
}

/** A module's handlers, compared with its area's channels in the contract. */
export function checkCoverage(moduleName: string, area: string, moduleHandlers: Record<string, unknown> | null): void {
  const spec = (contract as Record<string, { invoke: Record<string, unknown> }>)[area];
  if (!spec) throw new Error(`Module ${moduleName} answers "${area}", which is not a contract area.`);
  const expected = Object.keys(spec.invoke).sort();
  const actual = Object.keys(moduleHandlers ?? {}).sort();
  const missing = expected.filter((name) => !actual.includes(name));
  const extra = actual.filter((name) => !expected.includes(name));
  if (missing.length || extra.length) {
    throw new Error(
      `Module ${moduleName} does not cover the contract area "${area}" exactly` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length ? `; not in the contract: ${extra.join(', ')}` : '') +
        '.',
    );
  }
}
