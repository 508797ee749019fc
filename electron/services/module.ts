// A feature module of the main process: one folder per feature (electron/services/<feature>/)
// that owns its contract area's handlers, its events, its start/stop, what it keeps of the office
// in the cache and the outbox commands it sends. The composition root lists modules; the core
// composes them; no module edits another's files to be added.
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
  WorkSessionPort,
} from './ports';
import type { LocalDb } from './store/feature-schema';

export type AreaName = keyof Contract & string;

/** Sends one of the module's own area's events; a module cannot emit into another's area. */
export type AreaEmit<A extends AreaName> = <E extends keyof Contract[A]['events'] & string>(
  event: E,
  payload: z.input<Contract[A]['events'][E]>,
) => void;

/** What every module may depend on: the ports and the shared office connection. */
export interface ModuleDeps {
  info: AppInfo;
  logger: Logger;
  clock: Clock;
  preferences: Preferences;
  connectivity: ConnectivityPort;
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
  workSession: WorkSessionPort;
  /** effective user settings (policy, else the user's choice, else the default): settings.get('idleMinutes') */
  settings: SettingsPort;
  /** electron-updater, adapted by the Electron shell; null in the browser host and in tests */
  updater: UpdaterPort | null;
}

/** A running module, made by its definition's create(). */
export interface ModuleInstance<A extends AreaName | null> {
  /** the contract area it answers, or null for a module that has no area yet (it only sends or caches) */
  readonly area: A;
  readonly handlers: A extends AreaName ? ContractHandlers[A] : null;
  /** forwards its events to a host; returns the function that stops forwarding */
  attach?(emit: A extends AreaName ? AreaEmit<A> : never): () => void;
  /** what it keeps of the office in the cache; the core adds it before any module starts */
  feed?: Omit<OfficeFeed, 'name'>;
  start?(): void;
  stop?(): void;
}

export interface ModuleDefinition<A extends AreaName | null = AreaName | null> {
  readonly name: string;
  readonly area: A;
  /** the kinds of change it queues in the outbox (known before the office connection exists) */
  readonly commands?: readonly AnyOutboxCommand[];
  create(deps: ModuleDeps): ModuleInstance<A>;
}

export function defineModule<A extends AreaName | null>(definition: ModuleDefinition<A>): ModuleDefinition<A> {
  return definition;
}
