// The small ports of the infrastructure the main-process modules depend on, in one place. Each
// host adapts its own runtime to them (Electron's powerMonitor and Notification, the browser
// host's timers and console), and tests pass hand-driven fakes. What features offer one another
// is in feature-ports.ts.
import type { CheckCause, ConnectivityStatus } from '../../shared/domain/connectivity';

export type { Logger } from './logger';
export type { Preferences } from './preferences';
export type { SettingsPort } from './settings/settings';
export type { UpdaterPort, UpdaterEvent } from './settings/update-service';

/** The connectivity monitor (electron/services/connectivity) as the rest of the app sees it. */
export interface ConnectivityPort {
  start(): void;
  stop(): void;
  current(): ConnectivityStatus;
  checkNow(): Promise<ConnectivityStatus>;
  onChange(listener: (status: ConnectivityStatus) => void): () => void;
  /** watch this office from now on (the user signed in to a server nobody configured) */
  watchOffice(officeUrl: string): void;
  /**
   * Something the caller saw suggests the office went away (its event stream closed, a request was
   * refused, reset or timed out): look again now. Cheap to call often: the monitor coalesces and
   * rate-limits these, and ignores them while the office is already known to be unreachable.
   */
  suspectOffice(cause: CheckCause, detail?: string): void;
}

/** Desktop notifications: Electron's Notification in the app; the browser host logs them. Features use notifications.ts. */
export interface Notifier {
  /** onClick: the user clicked it (the host also brings the window up) */
  notify(title: string, body: string, onClick?: () => void): void;
}

/** Something the window should show: a section, optionally one item in it (a ticket, a conversation). */
export interface OpenTarget {
  section: string;
  item?: string;
}

/** Asks the window to open a target (notification clicks, `teleworker open`, teleworker:// links). */
export interface Navigation {
  open(target: OpenTarget): void;
  onOpen(listener: (target: OpenTarget) => void): () => void;
}

/** The count on the dock / taskbar icon: app.setBadgeCount in Electron; the browser host's page shows it in its title. */
export interface BadgePort {
  setCount(count: number): void;
}

/**
 * The user's activity: Electron's powerMonitor in the app, the page's idle and visibility
 * signals in the browser host. Presence (away when idle) and the work timer (idle gaps) use it.
 */
export interface IdlePort {
  /** seconds since the last keyboard or mouse input */
  idleSeconds(): number;
  /** the screen was locked (true) or unlocked (false) */
  onLockChange(listener: (locked: boolean) => void): () => void;
  /**
   * For hosts that learn the user's activity from the page (the browser host): the page saw input
   * (active) and whether it is visible. Absent where the host has its own signals (powerMonitor).
   */
  report?(activity: { active: boolean; visible: boolean }): void;
}

/** Wall-clock time; tests pass a fixed or stepping clock. */
export type Clock = () => Date;
