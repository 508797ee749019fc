// The Electron shell's start-up, written against the electron module it is given so that the unit
// tests can run it against a small fake. main.ts passes the real module.
import type * as Electron from 'electron';
import { buildCsp } from '../../shared/security/csp';
import type { Core } from '../services/core';
import type { Logger } from '../services/logger';
import type { SafeStoragePort } from '../services/credentials';
import type { BadgePort, IdlePort, Notifier, UpdaterPort } from '../services/ports';
import type { ProbeRunner } from '../services/credentials/keytar-backend';
import { appSchemePrivileges, registerAppProtocol } from './app-protocol';
import { createIpcEmitter, registerContractIpc } from './ipc';
import { setLinuxAutostart } from './login-item';
import { configureLogging } from './logging';
import { APP_ORIGIN, APP_URL, hardenSession, hardenWebContents, originOf } from './security';
import { createStatusTray } from './tray';
import { ticketLinks } from './ticket-links';
import type { TicketWindow } from './ticket-links';
import { createWindowFactory } from './window-factory';

export type ElectronDeps = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'ipcMain'
  | 'protocol'
  | 'session'
  | 'shell'
  | 'Tray'
  | 'Menu'
  | 'nativeImage'
  | 'Notification'
  | 'safeStorage'
  | 'powerMonitor'
  | 'utilityProcess'
>;

/** Passed by the login item; the window still follows the start-minimised setting. */
export const HIDDEN_ARG = '--login';

export interface StartOptions {
  rendererDir: string;
  preloadPath: string;
  log: Parameters<typeof configureLogging>[0];
  makeCore: (ports: {
    logger: Logger;
    notifier: Notifier;
    badge: BadgePort;
    safeStorage: SafeStoragePort;
    idle: IdlePort;
    keychainProbe: ProbeRunner;
    /** the window for the control channel's `open` (teleworker open INC-1, a teleworker:// link) */
    ticketWindow: TicketWindow;
    updater: UpdaterPort | null;
  }) => Promise<Core> | Core;
  /** electron-updater behind its port (electron/app/updater.ts); null in development and tests */
  loadUpdater?: (logger: Logger) => Promise<UpdaterPort | null>;
  /** keychain-probe.cjs as the app ships it (resources/ when packaged, the source tree in development) */
  keychainProbePath: string;
  /** https origins links may open in the user's browser (policy can add the office's intranet). */
  externalOrigins?: readonly string[];
  /** hand-off schemes IT allowed (tel, sip, mailto) */
  externalSchemes?: readonly string[];
  /** electron-vite's dev server during `npm run dev`; never set in a packaged app. */
  devServerUrl?: string;
  platform?: NodeJS.Platform;
}

/** The OS's idle time and screen lock, from powerMonitor, as the services' idle port. */
export function idlePort(powerMonitor: ElectronDeps['powerMonitor']): IdlePort {
  return {
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    onLockChange(listener) {
      const locked = () => listener(true);
      const unlocked = () => listener(false);
      powerMonitor.on('lock-screen', locked);
      powerMonitor.on('unlock-screen', unlocked);
      return () => {
        powerMonitor.removeListener('lock-screen', locked);
        powerMonitor.removeListener('unlock-screen', unlocked);
      };
    },
  };
}

/**
 * The keychain probe as an Electron utilityProcess: the packaged app has the RunAsNode fuse off,
 * so `process.execPath` can no longer be started as Node (it would be a second Teleworker).
 */
export function utilityProbeRunner(utilityProcess: ElectronDeps['utilityProcess'], scriptPath: string): ProbeRunner {
  return (env) => {
    const child = utilityProcess.fork(scriptPath, [], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
      serviceName: 'Teleworker keychain probe',
    });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => void child.kill(),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      onError: (listener) => void child.on('error', (type, location) => listener(new Error(`${type} at ${location}`))),
    };
  };
}

export function startApp(electron: ElectronDeps, options: StartOptions): { primary: boolean; ready: Promise<void> } {
  const { app, BrowserWindow, protocol } = electron;
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  if (!app.requestSingleInstanceLock()) {
    // A second launch hands over to the running app (which focuses its window) and leaves.
    app.quit();
    return { primary: false, ready: Promise.resolve() };
  }

  const logger = configureLogging(options.log);
  const warn = (message: string) => logger.warn(message);
  const devOrigin = originOf(options.devServerUrl);
  const trustedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
  const externalOrigins = options.externalOrigins ?? [];

  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, {
      trustedOrigins,
      externalOrigins,
      externalSchemes: options.externalSchemes ?? [],
      // hardenWebContents calls this only for allow-listed https origins.
      openExternal: (url) => electron.shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
      warn,
    }),
  );

  let mainWindow: Electron.BrowserWindow | null = null;
  let showWindow: (() => Electron.BrowserWindow | null) | null = null;
  // teleworker://ticket/INC-1 links: registered with the OS, read from a second launch's arguments,
  // from macOS's open-url, and from the first launch's own arguments once the window exists.
  let openTicket: ((ticket: string) => void) | null = null;
  const links = ticketLinks(
    app,
    () => showWindow?.() ?? null,
    logger,
    () => openTicket,
  );
  app.on('second-instance', (_event, argv) => {
    // Electron passes the second launch's arguments; a link among them opens its ticket
    if (Array.isArray(argv) && links.fromArgv(argv)) return;
    // any other second launch brings the window up (created now if the app started in the tray)
    showWindow?.();
  });
  app.on('window-all-closed', () => {
    if ((options.platform ?? process.platform) !== 'darwin') app.quit();
  });

  const ready = app.whenReady().then(async () => {
    hardenSession(electron.session.defaultSession, warn);
    registerAppProtocol(protocol, options.rendererDir, buildCsp());
    const notifier: Notifier = {
      notify(title, body, onClick) {
        if (!electron.Notification.isSupported()) return;
        const notification = new electron.Notification({ title, body });
        notification.on('click', () => {
          // bring the window up first, then open what the notification is about in it
          if (mainWindow && !mainWindow.isDestroyed()) {
            if (mainWindow.isMinimized()) mainWindow.restore();
            mainWindow.show();
            mainWindow.focus();
          }
          onClick?.();
        });
        notification.show();
      },
    };
    const core = await options.makeCore({
      logger,
      notifier,
      badge: { setCount: (count) => void app.setBadgeCount(count) },
      safeStorage: electron.safeStorage,
      idle: idlePort(electron.powerMonitor),
      keychainProbe: utilityProbeRunner(electron.utilityProcess, options.keychainProbePath),
      ticketWindow: links.window,
      updater: options.loadUpdater ? await options.loadUpdater(logger) : null,
    });
    openTicket = (ticket) => core.navigation.open({ section: 'inbox', item: ticket });
    registerContractIpc(electron.ipcMain, core.dispatcher, trustedOrigins, warn);
    core.attach(createIpcEmitter(() => BrowserWindow.getAllWindows().map((w) => w.webContents), warn));
    core.start();
    // After sleep the office socket is dead even if nobody noticed: reconnect and flush at once.
    electron.powerMonitor.on('resume', () => core.office.resumed());
    app.on('before-quit', () => void (core.dispose ? core.dispose() : core.stop()));

    const createWindow = createWindowFactory(BrowserWindow, options.preloadPath);
    const url = options.devServerUrl ?? APP_URL;
    const showMainWindow = () => {
      if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow({ url });
      else {
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.show();
        mainWindow.focus();
      }
    };
    showWindow = () => {
      showMainWindow();
      return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
    };
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow({ url });
    });

    // Start at login (policy or the user): the OS's login items; only an installed app registers itself.
    const applyLoginItem = () => {
      if (!app.isPackaged) return;
      if ((options.platform ?? process.platform) === 'linux') {
        try {
          setLinuxAutostart(core.settings.get('startAtLogin'), process.execPath, [HIDDEN_ARG]);
        } catch (error) {
          logger.warn('start at login: the autostart entry could not be written', error);
        }
        return;
      }
      app.setLoginItemSettings({ openAtLogin: core.settings.get('startAtLogin'), args: [HIDDEN_ARG] });
    };
    applyLoginItem();
    core.settings.onChange((key) => key === 'startAtLogin' && applyLoginItem());

    let hasTray = false;
    try {
      const tray = createStatusTray(electron, {
        open: showMainWindow,
        checkNow: () => void core.connectivity.checkNow(),
        quit: () => app.quit(),
      });
      const renderTray = () => tray.render(core.connectivity.current(), core.preferences.locale());
      renderTray();
      core.connectivity.onChange(renderTray);
      core.preferences.onChange(renderTray);
      hasTray = true;
    } catch (error) {
      // Some Linux desktops have no tray; the window's status bar still says everything.
      logger.warn('no tray icon on this desktop', error);
    }
    // Start minimised to the tray (policy or the user), only where there is a tray to come back from.
    const minimised = hasTray && core.settings.get('startMinimized');
    if (!minimised) mainWindow = createWindow({ url });
    // a teleworker:// link the app was launched with opens its ticket (and the window, even when minimised)
    links.fromArgv(process.argv);
    logger.info(`Teleworker ${app.getVersion()} started${minimised ? ' in the tray' : ''}`);
  });
  return { primary: true, ready };
}
