// Effective settings: policy beats the user's choice beats the default; the user's choices live in
// a real settings.json; the contract area answers through the real dispatcher.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import { loadPolicy } from '../../../../electron/services/policy';
import {
  createSettings,
  fileSettingsStore,
  memorySettingsStore,
} from '../../../../electron/services/settings/settings';
import type { Logger } from '../../../../electron/services/logger';
import { composeCore } from '../../../../electron/services/core';
import { appModules } from '../../../../electron/services/modules';
import { createPreferences } from '../../../../electron/services/preferences';
import { manualConnectivity, testAccountSettings, testOffice, testPorts } from '../../../fixtures/core';

const ctx = { host: 'electron' as const };

function spyLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { logger, lines };
}

describe('effective settings', () => {
  it('takes policy, then the user, then the default, key by key', () => {
    const settings = createSettings({
      policy: { idleMinutes: 15, updatesEnabled: false },
      store: memorySettingsStore({ idleMinutes: 3, endOfDayReminder: '16:00' }),
      logger: silentLogger,
    });
    expect(settings.get('idleMinutes')).toBe(15);
    expect(settings.get('endOfDayReminder')).toBe('16:00');
    expect(settings.get('updateChannel')).toBe('latest');
    expect(settings.entries()).toEqual([
      { key: 'idleMinutes', value: 15, source: 'policy' },
      { key: 'endOfDayReminder', value: '16:00', source: 'user' },
      { key: 'timerStopAt', value: '19:00', source: 'default' },
      { key: 'updateChannel', value: 'latest', source: 'default' },
      { key: 'updatesEnabled', value: false, source: 'policy' },
      { key: 'startAtLogin', value: false, source: 'default' },
      { key: 'startMinimized', value: false, source: 'default' },
    ]);
  });

  it("refuses to change a locked key and keeps the user's value for later", () => {
    const store = memorySettingsStore();
    const settings = createSettings({ policy: { idleMinutes: 15 }, store, logger: silentLogger });
    expect(() => settings.set('idleMinutes', 5)).toThrow(/set by your organisation/);
    expect(store.saved).toEqual({});
    const changed: string[] = [];
    settings.onChange((key) => changed.push(key));
    settings.set('startAtLogin', true);
    expect(settings.get('startAtLogin')).toBe(true);
    expect(store.saved).toEqual({ startAtLogin: true });
    expect(changed).toEqual(['startAtLogin']);
  });

  it("keeps the user's choices in settings.json across restarts and drops a corrupt entry with a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-settings-'));
    const path = join(dir, 'settings.json');
    const first = createSettings({ policy: {}, store: fileSettingsStore(path, silentLogger), logger: silentLogger });
    first.set('endOfDayReminder', '18:15');
    first.set('updateChannel', 'beta');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ endOfDayReminder: '18:15', updateChannel: 'beta' });

    writeFileSync(path, JSON.stringify({ endOfDayReminder: '18:15', updateChannel: 'nightly', idleMinutes: 7 }));
    const { logger, lines } = spyLogger();
    const again = createSettings({ policy: {}, store: fileSettingsStore(path, logger), logger });
    expect(again.get('endOfDayReminder')).toBe('18:15');
    expect(again.get('idleMinutes')).toBe(7);
    expect(again.get('updateChannel')).toBe('latest');
    expect(lines.join('\n')).toMatch(/ignoring the stored updateChannel/);
  });

  it('answers the settings area through the dispatcher, with the policy problems', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tw-settings-policy-'));
    const policyFile = join(root, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ idleMinutes: 20, startMinimized: 'yes' }));
    const policy = loadPolicy({ platform: 'linux', env: { TELEWORKER_POLICY_FILE: policyFile } });
    const settings = createSettings({
      policy: policy.policy,
      problems: policy.problems,
      store: memorySettingsStore(),
      logger: silentLogger,
    });
    const connectivity = manualConnectivity();
    const office = testOffice(connectivity);
    const core = composeCore(appModules, {
      info: {
        name: 'Teleworker',
        version: '1.2.3',
        platform: 'linux',
        arch: 'x64',
        host: 'browser',
        electronVersion: null,
      },
      logger: silentLogger,
      clock: () => new Date('2026-11-28T09:00:00.000Z'),
      preferences: createPreferences(),
      connectivityMonitor: connectivity,
      office,
      account: testAccountSettings,
      ...testPorts(office),
      settings,
      updater: null,
    });
    const events: unknown[] = [];
    core.attach((area, event, payload) => area === 'settings' && events.push(payload));
    const got = await core.dispatcher.dispatch('tw:settings:get', undefined, ctx);
    expect(got).toMatchObject({
      ok: true,
      value: {
        settings: expect.arrayContaining([{ key: 'idleMinutes', value: 20, source: 'policy' }]),
        policyProblems: [
          { location: policyFile, key: 'startMinimized', message: expect.stringMatching(/startMinimized/) },
        ],
        update: { state: 'off', reason: 'not-installed' },
      },
    });
    expect(await core.dispatcher.dispatch('tw:settings:set', { key: 'idleMinutes', value: 5 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await core.dispatcher.dispatch('tw:settings:set', { key: 'idleMinutes', value: 'five' }, ctx)).toMatchObject(
      { ok: false, error: { code: 'invalid-request' } },
    );
    const set = await core.dispatcher.dispatch('tw:settings:set', { key: 'startAtLogin', value: true }, ctx);
    expect(set).toMatchObject({
      ok: true,
      value: { settings: expect.arrayContaining([{ key: 'startAtLogin', value: true, source: 'user' }]) },
    });
    expect(events).toHaveLength(1);
    expect(settings.get('idleMinutes')).toBe(20);
  });
});
