// The core as both hosts build it: embedded demo office, local store, credential store, monitor.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppCore } from '../../../electron/services/app-core';
import { silentLogger } from '../../../electron/services/logger';
import { DATABASE_FILE } from '../../../electron/services/store/local-store';

const make = (dataDir: string, policy?: Parameters<typeof createAppCore>[0]['policy']) =>
  createAppCore({ host: 'browser', appVersion: '9.9.9', electronVersion: null, logger: silentLogger, dataDir, env: {}, ...(policy ? { policy } : {}) });

describe('app core', () => {
  it('starts a demo office on loopback and tells the user when their local data had to be rebuilt', { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-appcore-'));
    writeFileSync(join(dataDir, DATABASE_FILE), 'not a database '.repeat(500));
    const core = await make(dataDir);
    try {
      expect(core.demoServerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${core.demoServerUrl}/healthz`)).status).toBe(200);
      const state = await core.dispatcher.dispatch('tw:account:getState', undefined, { host: 'browser' });
      expect(state).toMatchObject({ ok: true, value: { status: 'signed-out', server: core.demoServerUrl, demo: true, serverLocked: false } });
      const reason = (state as { value: { reason: string } }).value.reason;
      expect(reason).toMatch(/local data could not be read, so it was rebuilt/);
      expect(reason).toContain(`${DATABASE_FILE}.unreadable-`);
    } finally {
      await core.dispose!();
    }
  });

  it('puts a broken policy file in front of the user instead of ignoring it', { timeout: 30_000 }, async () => {
    const core = await make(mkdtempSync(join(tmpdir(), 'tw-appcore-')), { ok: false, path: '/etc/teleworker/policy.json', error: 'The policy file /etc/teleworker/policy.json is not valid JSON.' });
    try {
      const state = await core.dispatcher.dispatch('tw:account:getState', undefined, { host: 'browser' });
      expect(state).toMatchObject({ ok: true, value: { reason: 'The policy file /etc/teleworker/policy.json is not valid JSON. Please tell your IT department.' } });
    } finally {
      await core.dispose!();
    }
  });
});
