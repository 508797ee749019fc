// The update service's decisions over a scripted updater port: where the feed is, which channel,
// when it is off, and that the user is told a restart will install a verified download. The
// office server's feed read by electron-updater's own code is in
// test/integration/office-server/update-feed.test.ts.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import { createSettings, memorySettingsStore } from '../../../../electron/services/settings/settings';
import type { UpdaterEvent, UpdaterPort } from '../../../../electron/services/settings/update-service';
import { createUpdateService, updateFeedUrl } from '../../../../electron/services/settings/update-service';
import type { Policy } from '../../../../shared/domain/policy';
import type { SettingsState } from '../../../../shared/contract/settings';
import type { AccountSettings } from '../../../../electron/services/account/account-state';
import type { ModuleDeps } from '../../../../electron/services/module';
import { createPreferences } from '../../../../electron/services/preferences';
import { settingsModule } from '../../../../electron/services/settings/settings-module';
import { manualConnectivity, testAccountSettings, testOffice, testPorts } from '../../../fixtures/core';

function scriptedUpdater(script: UpdaterEvent[] = [{ type: 'checking' }, { type: 'not-available' }]) {
  const listeners = new Set<(e: UpdaterEvent) => void>();
  const port: UpdaterPort & { feeds: unknown[]; checks: number; installs: number; emit(e: UpdaterEvent): void } = {
    supported: true,
    feeds: [],
    checks: 0,
    installs: 0,
    configure: (feed) => void port.feeds.push(feed),
    async check() {
      port.checks++;
      for (const event of script) port.emit(event);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quitAndInstall: () => void port.installs++,
    emit: (e) => listeners.forEach((l) => l(e)),
  };
  return port;
}

function service(
  policy: Policy,
  updater: UpdaterPort | null,
  officeUrl: string | null = 'https://office.bank.example:8443',
  user = {},
  defaults = {},
) {
  const settings = createSettings({ policy, store: memorySettingsStore(user), logger: silentLogger, defaults });
  const told: string[] = [];
  const updates = createUpdateService({
    updater,
    settings,
    officeUrl: () => officeUrl,
    logger: silentLogger,
    clock: () => new Date('2026-11-28T09:00:00.000Z'),
    notifyReady: (v) => told.push(v),
  });
  return { settings, updates, told };
}

describe('updates', () => {
  it('derives the feed from the office address', () => {
    expect(updateFeedUrl('https://office.bank.example:8443')).toBe('https://office.bank.example:8443/updates/');
    expect(updateFeedUrl('https://office.bank.example/tw/?x=1')).toBe('https://office.bank.example/tw/updates/');
  });

  it('follows the office feed on the chosen channel and is idle when nothing is newer', async () => {
    const updater = scriptedUpdater();
    const { updates } = service({}, updater, 'https://office.bank.example:8443', { updateChannel: 'beta' });
    updates.start();
    await Promise.resolve();
    expect(updater.feeds).toEqual([{ url: 'https://office.bank.example:8443/updates/', channel: 'beta' }]);
    expect(updates.status()).toEqual({ state: 'idle', checkedAt: '2026-11-28T09:00:00.000Z' });
    updates.stop();
  });

  it("pins the channel policy names over the user's", async () => {
    const updater = scriptedUpdater();
    const { updates } = service({ updateChannel: 'latest' }, updater, 'https://office.bank.example', {
      updateChannel: 'beta',
    });
    await updates.check();
    expect(updater.feeds).toEqual([{ url: 'https://office.bank.example/updates/', channel: 'latest' }]);
  });

  it('never looks when policy or the user turned updates off, or no office is known', async () => {
    const byPolicy = scriptedUpdater();
    const a = service({ updatesEnabled: false }, byPolicy);
    await a.updates.check();
    expect(byPolicy.checks).toBe(0);
    expect(a.updates.status()).toEqual({ state: 'off', reason: 'policy' });

    const byUser = scriptedUpdater();
    const b = service({}, byUser, 'https://office.bank.example', { updatesEnabled: false });
    await b.updates.check();
    expect(byUser.checks).toBe(0);
    expect(b.updates.status()).toEqual({ state: 'off', reason: 'user' });

    const noOffice = scriptedUpdater();
    const c = service({}, noOffice, null);
    await c.updates.check();
    expect(noOffice.checks).toBe(0);
    expect(c.updates.status()).toEqual({ state: 'off', reason: 'no-office' });

    expect(service({}, null).updates.status()).toEqual({ state: 'off', reason: 'not-installed' });
  });

  it('a per-machine install leaves updates to IT unless policy turns them on (or its user does)', async () => {
    const perMachine = { updatesEnabled: false };
    const byIt = scriptedUpdater();
    const a = service({}, byIt, 'https://office.bank.example', {}, perMachine);
    await a.updates.check();
    expect(byIt.checks).toBe(0);
    expect(a.updates.status()).toEqual({ state: 'off', reason: 'by-it' });
    expect(a.settings.entries().find((e) => e.key === 'updatesEnabled')).toEqual({
      key: 'updatesEnabled',
      value: false,
      source: 'default',
    });

    const policyOn = scriptedUpdater();
    const b = service({ updatesEnabled: true }, policyOn, 'https://office.bank.example', {}, perMachine);
    await b.updates.check();
    expect(policyOn.checks).toBe(1);

    const userOn = scriptedUpdater();
    const c = service({}, userOn, 'https://office.bank.example', { updatesEnabled: true }, perMachine);
    await c.updates.check();
    expect(userOn.checks).toBe(1);
  });

  it('tells the user when a restart will install a downloaded update, and installs only then', async () => {
    const updater = scriptedUpdater([
      { type: 'checking' },
      { type: 'available', version: '0.2.0' },
      { type: 'downloaded', version: '0.2.0' },
    ]);
    const { updates, told } = service({}, updater);
    updates.install();
    expect(updater.installs).toBe(0);
    const seen: string[] = [];
    updates.onChange((s) => seen.push(s.state));
    updates.start();
    await Promise.resolve();
    expect(seen).toEqual(['checking', 'downloading', 'ready']);
    expect(told).toEqual(['0.2.0']);
    expect(updates.status()).toEqual({ state: 'ready', version: '0.2.0' });
    updates.install();
    expect(updater.installs).toBe(1);
    updates.stop();
  });

  it('reports a failed check (e.g. a sha512 mismatch) and looks again when the user turns updates back on', async () => {
    const updater = scriptedUpdater([{ type: 'checking' }, { type: 'error', message: 'sha512 checksum mismatch' }]);
    const { updates, settings } = service({}, updater, 'https://office.bank.example', { updatesEnabled: false });
    updates.start();
    expect(updater.checks).toBe(0);
    settings.set('updatesEnabled', true);
    await Promise.resolve();
    expect(updater.checks).toBe(1);
    expect(updates.status()).toEqual({ state: 'failed', message: 'sha512 checksum mismatch' });
    updates.stop();
  });
});

describe('the update feed in the settings area', () => {
  function settingsArea(account: Partial<AccountSettings>) {
    const updater = scriptedUpdater();
    const office = testOffice();
    const settings = createSettings({ policy: {}, store: memorySettingsStore(), logger: silentLogger });
    const area = settingsModule.create(
      {
        ...testPorts(office),
        info: {
          name: 'Teleworker',
          version: '1.2.3',
          platform: 'linux',
          arch: 'x64',
          host: 'electron',
          electronVersion: '39',
        },
        logger: silentLogger,
        clock: () => new Date('2026-11-28T09:00:00.000Z'),
        preferences: createPreferences(),
        connectivityMonitor: manualConnectivity(),
        office,
        account: { ...testAccountSettings, demo: false, ...account },
        settings,
        updater,
      } as ModuleDeps,
      {},
    );
    return { updater, area };
  }

  it('follows only the office policy names, never one the user typed or signed in to', async () => {
    const typed = settingsArea({ defaultServer: 'https://office.evil.example', serverLocked: false });
    typed.area.start?.();
    await Promise.resolve();
    expect(typed.updater.feeds).toEqual([]);
    expect(typed.updater.checks).toBe(0);
    expect((typed.area.handlers.get as () => SettingsState)().update).toEqual({ state: 'off', reason: 'no-office' });
    typed.area.stop?.();

    const locked = settingsArea({ defaultServer: 'https://office.bank.example', serverLocked: true });
    locked.area.start?.();
    await Promise.resolve();
    expect(locked.updater.feeds).toEqual([{ url: 'https://office.bank.example/updates/', channel: 'latest' }]);
    locked.area.stop?.();
  });
});
