// The core: a list of feature modules composed into one dispatcher, one event forwarder and one
// start/stop. It knows no feature. It orders the modules from what each declares it provides and
// requires (module.ts), hands each the ports it asked for, and starts the office connection once
// every module's feed is in place. Which modules exist, with which real dependencies, is decided by
// the main process's composition root (composition-root.ts); both hosts use that.
import { contract } from '../../shared/contract';
import type { Contract, ContractHandlers } from '../../shared/contract';
import type { Dispatcher, Emit } from '../../shared/contract/dispatch';
import { createDispatcher } from '../../shared/contract/dispatch';
import { disposables } from '../../shared/disposables';
import type { AreaEmit, AreaName, ModuleDefinition, ModuleDeps, ModuleInstance, PortValues } from './module';
import type { OfficeService } from './office/office-service';
import type { ConnectivityPort, Navigation, Preferences, SettingsPort } from './ports';

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
 * The modules in start order: each after the providers of the ports it requires, otherwise in the
 * order given. Refuses, naming them, a required port no module provides, a port two modules
 * provide, and modules that require each other in a cycle.
 */
export function orderModules(definitions: readonly ModuleDefinition[]): ModuleDefinition[] {
  // by position, not by object: a module listed twice is two modules (and then refused for its area)
  const providers = new Map<string, number>();
  definitions.forEach((definition, at) => {
    for (const port of Object.values(definition.provides ?? {})) {
      const other = providers.get(port.name);
      if (other !== undefined)
        throw new Error(
          `Two modules provide the port "${port.name}": ${definitions[other]!.name} and ${definition.name}.`,
        );
      providers.set(port.name, at);
    }
  });
  const needs = (definition: ModuleDefinition): number[] =>
    Object.values(definition.requires ?? {}).map((port) => {
      const provider = providers.get(port.name);
      if (provider === undefined)
        throw new Error(`Module ${definition.name} requires the port "${port.name}", which no module provides.`);
      return provider;
    });
  for (const definition of definitions) needs(definition);

  const ordered: ModuleDefinition[] = [];
  const done = new Set<number>();
  const visiting: number[] = [];
  const visit = (at: number) => {
    if (done.has(at)) return;
    if (visiting.includes(at)) {
      const cycle = [...visiting.slice(visiting.indexOf(at)), at].map((i) => definitions[i]!.name).join(' → ');
      throw new Error(`Modules require each other's ports in a cycle: ${cycle}.`);
    }
    visiting.push(at);
    for (const provider of needs(definitions[at]!)) visit(provider);
    visiting.pop();
    done.add(at);
    ordered.push(definitions[at]!);
  };
  definitions.forEach((_, at) => visit(at));
  return ordered;
}

/**
 * Composes modules: every contract area must be answered by exactly one module, and a module's
 * handlers must cover exactly its area's channels (a missing or extra handler is a start-up error,
 * not a request that fails later); every required port must have exactly one provider, without cycles.
 */
export function composeCore(definitions: readonly ModuleDefinition[], deps: ModuleDeps): Core {
  const instances: Array<{ name: string; instance: ModuleInstance<AreaName | null> }> = [];
  const handlers: Record<string, unknown> = {};
  const services = new Map<string, unknown>();
  for (const definition of orderModules(definitions)) {
    const ports: Record<string, unknown> = {};
    for (const [key, port] of Object.entries(definition.requires ?? {})) ports[key] = services.get(port.name);
    const instance = definition.create(deps, ports as PortValues<never>) as ModuleInstance<AreaName | null>;
    if (instance.area !== definition.area)
      throw new Error(`Module ${definition.name} answers "${instance.area}" but declared "${definition.area}".`);
    for (const [key, port] of Object.entries(definition.provides ?? {})) {
      const service = instance.provides?.[key];
      if (service === undefined || service === null)
        throw new Error(`Module ${definition.name} declares the port "${port.name}" but create() did not provide it.`);
      services.set(port.name, service);
    }
    if (instance.area !== null) {
      if (handlers[instance.area]) throw new Error(`Two modules answer the contract area "${instance.area}".`);
      checkCoverage(definition.name, instance.area, instance.handlers as Record<string, unknown>);
      handlers[instance.area] = instance.handlers;
    }
    instances.push({ name: definition.name, instance });
  }
  const unanswered = Object.keys(contract).filter((area) => !handlers[area]);
  if (unanswered.length) throw new Error(`No module answers the contract area(s): ${unanswered.join(', ')}.`);

  const feeds = disposables();
  const dispatcher = createDispatcher(contract, handlers as ContractHandlers, {
    onInternalError: (channel, error) => deps.logger.error(`handler for ${channel} failed`, error),
  });
  return {
    handlers: handlers as ContractHandlers,
    dispatcher,
    connectivity: deps.connectivityMonitor,
    preferences: deps.preferences,
    settings: deps.settings,
    office: deps.office,
    navigation: deps.navigation,
    modules: instances.map((m) => m.name),
    attach(emit) {
      const attached = disposables();
      for (const { instance } of instances) {
        if (!instance.attach || instance.area === null) continue;
        const area = instance.area;
        const own: AreaEmit<AreaName> = (event, payload) =>
          (emit as (a: string, e: string, p: unknown) => void)(area, event, payload);
        attached.add((instance.attach as (emit: AreaEmit<AreaName>) => () => void)(own));
      }
      return () => attached.dispose();
    },
    start() {
      // Every feed is in place before the office connection starts, so its first refresh fills
      // every feature's cache.
      for (const { name, instance } of instances)
        if (instance.feed) feeds.add(deps.office.addFeed({ name, ...instance.feed }));
      for (const { instance } of instances) instance.start?.();
      deps.office.start();
    },
    stop() {
      deps.office.stop();
      for (const { instance } of [...instances].reverse()) instance.stop?.();
      feeds.dispose();
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
