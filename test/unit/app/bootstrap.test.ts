import { describe, expect, it, vi } from 'vitest';
import { startApp } from '../../../electron/app/bootstrap';
import { LOG_MAX_BYTES } from '../../../electron/app/logging';
import { APP_URL } from '../../../electron/app/security';
import { createFakeElectron, fakeLog, fire, frame } from '../../fixtures/fake-electron';
import { testCore } from '../../fixtures/core';
import { createSettings, memorySettingsStore } from '../../../electron/services/settings/settings';
import { silentLogger } from '../../../electron/services/logger';

const start = (
  electron: ReturnType<typeof createFakeElectron>,
  extra: Partial<Parameters<typeof startApp>[1]> = {},
) => {
  const log = fakeLog();
  const started = startApp(electron as never, {
    rendererDir: '/opt/teleworker/renderer',
    preloadPath: '/opt/teleworker/preload/preload.cjs',
    keychainProbePath: '/opt/teleworker/resources/keychain-probe.cjs',
    log,
    makeCore: () => testCore(),
    platform: 'linux',
    ...extra,
  });
  return { ...started, log };
};

describe('Electron start-up', () => {
  it('a second instance hands over and quits without opening a window', async () => {
    const electron = createFakeElectron({ singleInstance: false });
    const { primary, ready } = start(electron);
    await ready;
    expect(primary).toBe(false);
    expect(electron.app.quitCalled).toBe(1);
    expect(electron.windows).toHaveLength(0);
  });

  it('opens one hardened window on app://, with the contract registered and a rotating log', async () => {
    const electron = createFakeElectron();
    const { ready, log } = start(electron);
    await ready;
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.protocol.handled.has('app')).toBe(true);
    expect(electron.windows).toHaveLength(1);
    const [win] = electron.windows;
    expect(win!.loadedUrl).toBe(APP_URL);
    expect(win!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/opt/teleworker/preload/preload.cjs',
    });
    expect(win!.options.show).toBe(false);
    win!.emit('ready-to-show');
    expect(win!.shown).toBe(true);
    // every webContents is hardened, including the window's
    expect(win!.webContents.windowOpenHandler!({ url: 'https://example.test/' })).toEqual({ action: 'deny' });
    expect(fire(win!.webContents, 'will-navigate', 'https://example.test/').defaultPrevented).toBe(true);
    // permissions denied, IPC answers only our origin
    // the handler must answer, and answer no: an assertion inside the callback would pass if it never ran
    const callback = vi.fn();
    electron.session.defaultSession.requestHandler!({}, 'media', callback);
    expect(callback.mock.calls).toEqual([[false]]);
    const ping = electron.ipcMain.handlers.get('tw:system:ping')!;
    await expect(ping(frame('app://teleworker/index.html'), { message: 'x' })).resolves.toMatchObject({ ok: true });
    await expect(ping(frame('https://evil.test/'), { message: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(log.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    // the tray shows the status in the renderer's language
    expect(electron.trays[0]!.tooltip).toBe('Teleworker: Office via VPN (23 ms)');
    await electron.ipcMain.handlers.get('tw:system:setLocale')!(frame('app://teleworker/index.html'), { locale: 'id' });
    expect(electron.trays[0]!.tooltip).toBe('Teleworker: Kantor lewat VPN (23 ms)');
  });

  it('focuses the existing window when a second instance starts', async () => {
    const electron = createFakeElectron();
    const { ready } = start(electron);
    await ready;
    const [win] = electron.windows;
    win!.minimized = true;
    electron.app.emit('second-instance');
    expect(win!.restored).toBe(1);
    expect(win!.focused).toBe(1);
  });

  it('hands safeStorage and a notifier to the core, and reconnects the office after sleep', async () => {
    const electron = createFakeElectron();
    const core = testCore();
    let ports: Parameters<Parameters<typeof startApp>[1]['makeCore']>[0] | null = null;
    const resumed = vi.spyOn(core.office, 'resumed');
    const { ready } = start(electron, {
      makeCore: (p) => {
        ports = p;
        return core;
      },
    });
    await ready;
    expect(ports!.safeStorage).toBe(electron.safeStorage);
    // the keychain probe goes through utilityProcess (the RunAsNode fuse is off), with the shipped script
    const child = ports!.keychainProbe({ TELEWORKER_KEYCHAIN_SERVICE: 'Teleworker' });
    child.kill();
    expect(electron.utilityProcess.forks[0]).toMatchObject({
      modulePath: '/opt/teleworker/resources/keychain-probe.cjs',
      options: { stdio: 'pipe' },
    });
    const clicked = vi.fn();
    ports!.notifier.notify('The office is no longer reachable', 'VPN is up but…', clicked);
    expect(electron.notifications).toEqual([{ title: 'The office is no longer reachable', body: 'VPN is up but…' }]);
    // a click brings the window up and opens what the notification is about
    const win = electron.windows[0]!;
    win.minimized = true;
    electron.shownNotifications[0]!.emit('click');
    expect(clicked).toHaveBeenCalledOnce();
    expect(win.restored).toBe(1);
    ports!.badge.setCount(4);
    expect(electron.app.badgeCount).toBe(4);
    electron.powerMonitor.emit('resume');
    expect(resumed).toHaveBeenCalledOnce();
  });

  it('adapts powerMonitor to the idle port: idle seconds and the screen lock', async () => {
    const electron = createFakeElectron();
    let ports: Parameters<Parameters<typeof startApp>[1]['makeCore']>[0] | null = null;
    const { ready } = start(electron, { makeCore: (p) => ((ports = p), testCore()) });
    await ready;
    electron.powerMonitor.idleSeconds = 312;
    expect(ports!.idle.idleSeconds()).toBe(312);
    const seen: boolean[] = [];
    const off = ports!.idle.onLockChange((locked) => seen.push(locked));
    electron.powerMonitor.emit('lock-screen');
    electron.powerMonitor.emit('unlock-screen');
    off();
    electron.powerMonitor.emit('lock-screen');
    expect(seen).toEqual([true, false]);
  });

  it('trusts the dev server origin only when one is given', async () => {
    const electron = createFakeElectron();
    const { ready } = start(electron, { devServerUrl: 'http://localhost:5173/' });
    await ready;
    expect(electron.windows[0]!.loadedUrl).toBe('http://localhost:5173/');
    const ping = electron.ipcMain.handlers.get('tw:system:ping')!;
    await expect(ping(frame('http://localhost:5173/'), { message: 'x' })).resolves.toMatchObject({ ok: true });
    await expect(ping(frame('http://localhost:5174/'), { message: 'x' })).resolves.toMatchObject({ ok: false });
  });

  it('starts in the tray without a window when policy says so, and a teleworker:// link brings the window up', async () => {
    const settings = createSettings({
      policy: { startMinimized: true },
      store: memorySettingsStore(),
      logger: silentLogger,
    });
    const electron = createFakeElectron();
    const { ready } = start(electron, { makeCore: () => testCore(undefined, undefined, undefined, settings) });
    await ready;
    expect(electron.trays).toHaveLength(1);
    expect(electron.windows).toHaveLength(0);
    electron.app.emit('second-instance', {}, ['/opt/Teleworker/teleworker', 'teleworker://open']);
    expect(electron.windows).toHaveLength(1);
  });

  it('opens its window at start when minimised start is off', async () => {
    const settings = createSettings({
      policy: {},
      store: memorySettingsStore({ startMinimized: false }),
      logger: silentLogger,
    });
    const electron = createFakeElectron();
    const { ready } = start(electron, { makeCore: () => testCore(undefined, undefined, undefined, settings) });
    await ready;
    expect(electron.windows).toHaveLength(1);
  });
});
