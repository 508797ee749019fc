// A feature module of the main process: one folder per feature (electron/services/<feature>/)
// that owns its contract area's handlers, its events, its start/stop, what it keeps of the office
// in the cache and the outbox commands it sends. It declares the ports it provides to other
// features and the ports it requires of them (feature-ports.ts); the core orders start-up from
// those declarations and hands each module the ports it asked for, so a feature never reads
// another's cache rows or internals. The composition root lists modules; no module edits another's
// files to be added.
import type { z } from 'zod';
import type { Contract, ContractHandlers } from '../../shared/contract';
import type { AppInfo } from '../../shared/contract/system';
import type { AccountSettings } from './account/account-state';
import type { OfficeFeed, OfficeService } from './office/office-service';
import type { AnyOutboxCommand } from './outbox/command';
import type { Notifications } from './notifications';
import type {
  BadgePort,
  Clock,
  ConnectivityPort,
  IdlePort,
  Logger,
  Navigation,
  Preferences,
  SettingsPort,
  UpdaterPort,
} from './ports';
import type { LocalDb } from './store/feature-schema';

export type AreaName = keyof Contract & string;

/** Sends one of the module's own area's events; a module cannot emit into another's area. */
export type AreaEmit<A extends AreaName> = <E extends keyof Contract[A]['events'] & string>(
  event: E,
  payload: z.input<Contract[A]['events'][E]>,
) => void;

/**
 * What every module may depend on: the infrastructure the app is built on, never another
 * feature (a feature's service to others is a port: see `provides` and `requires`).
 */
export interface ModuleDeps {
  info: AppInfo;
  logger: Logger;
  clock: Clock;
  preferences: Preferences;
  /**
   * The connectivity monitor, which the office connection shares: for the connectivity module,
   * which starts and steers it. Other features require its `network` port.
   */
  connectivityMonitor: ConnectivityPort;
  office: OfficeService;
  account: AccountSettings;
  /** desktop notifications with do-not-disturb and the locked-screen rule (notifications.ts) */
  notifications: Notifications;
  /** asks the window to open a section or an item */
  navigation: Navigation;
  /** the dock / taskbar count */
  badge: BadgePort;
  /** the local store, for a feature's own tables (migrate(feature, steps) first) */
  localDb: LocalDb;
  idle: IdlePort | null;
  /** effective user settings (policy, else the user's choice, else the default): settings.get('idleMinutes') */
  settings: SettingsPort;
  /** electron-updater, adapted by the Electron shell; null in the browser host and in tests */
  updater: UpdaterPort | null;
}

/** A named, typed service one feature offers others (feature-ports.ts holds the app's). */
export interface Port<T> {
  readonly name: string;
  /** never set: carries the service's type */
  readonly type?: T;
}

export const definePort = <T>(name: string): Port<T> => ({ name });

export type PortMap = Record<string, Port<unknown>>;
/** The services behind a map of ports: { tickets: ticketsPort } → { tickets: TicketsReader } */
export type PortValues<M extends PortMap> = { [K in keyof M]: M[K] extends Port<infer T> ? T : never };

/** A running module, made by its definition's create(). */
export interface ModuleInstance<A extends AreaName | null> {
  /** the contract area it answers, or null for a module that has no area (it only sends, caches or notifies) */
  readonly area: A;
  readonly handlers: A extends AreaName ? ContractHandlers[A] : null;
  /** forwards its events to a host; returns the function that stops forwarding */
  attach?(emit: A extends AreaName ? AreaEmit<A> : never): () => void;
  /** what it keeps of the office in the cache; the core adds it before any module starts */
  feed?: Omit<OfficeFeed, 'name'>;
  /** the services of the ports it declared in `provides`, under the same keys */
  provides?: Record<string, unknown>;
  start?(): void;
  stop?(): void;
}

type Provided<P extends PortMap> = [keyof P] extends [never] ? unknown : { provides: PortValues<P> };

export interface ModuleDefinition<
  A extends AreaName | null = AreaName | null,
  P extends PortMap = PortMap,
  R extends PortMap = PortMap,
> {
  readonly name: string;
  readonly area: A;
  /** the kinds of change it queues in the outbox (known before the office connection exists) */
  readonly commands?: readonly AnyOutboxCommand[];
  /** the ports it offers other features; create() returns their services in `provides` */
  readonly provides?: P;
  /** the ports it needs; the core creates their providers first and passes the services to create() */
  readonly requires?: R;
  create(deps: ModuleDeps, ports: PortValues<NoInfer<R>>): ModuleInstance<A> & Provided<NoInfer<P>>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a module that provides or requires nothing
type None = {};

export function defineModule<A extends AreaName | null, P extends PortMap = None, R extends PortMap = None>(
  definition: ModuleDefinition<A, P, R>,
): ModuleDefinition<A, P, R> {
  return definition;
}
