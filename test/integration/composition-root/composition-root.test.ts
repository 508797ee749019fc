// The core as both hosts build it: local store, credential store, monitor, every module; and the
// embedded demo office the browser host starts beside it when no office is configured.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDemoOffice } from '../../../electron/browser-host/demo-office';
import { configuredOfficeUrl, createAppCore } from '../../../electron/services/composition-root';
import { silentLogger } from '../../../electron/services/logger';
import { loadPolicy } from '../../../electron/services/policy';
import { DATABASE_FILE } from '../../../electron/services/store/local-store';

const make = (
  dataDir: string,
  policy?: Parameters<typeof createAppCore>[0]['policy'],
  demoOfficeUrl?: Promise<string>,
) =>
  createAppCore({
    host: 'browser',
    appVersion: '9.9.9',
    electronVersion: null,
    logger: silentLogger,
    dataDir,
    env: {},
    ...(policy ? { policy } : {}),
    ...(demoOfficeUrl ? { demoOfficeUrl } : {}),
  });

describe('the composition root', () => {
  it(
    'takes the demo office the host started and tells the user when their local data had to be rebuilt',
    { timeout: 30_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tw-appcore-'));
      writeFileSync(join(dataDir, DATABASE_FILE), 'not a database '.repeat(500));
      const demo = startDemoOffice(dataDir);
      const core = await make(
        dataDir,
        undefined,
        demo.then((d) => d.url),
      );
      const demoUrl = (await demo).url;
      try {
        expect(demoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await fetch(`${demoUrl}/healthz`)).status).toBe(200);
        const state = await core.dispatcher.dispatch('tw:account:getState', undefined, { host: 'browser' });
        expect(state).toMatchObject({
          ok: true,
          value: { status: 'signed-out', server: demoUrl, demo: true, serverLocked: false },
        });
        const reason = (state as { value: { reason: string } }).value.reason;
        expect(reason).toMatch(/local data could not be read, so it was rebuilt/);
        expect(reason).toContain(`${DATABASE_FILE}.unreadable-`);
        expect((state as { value: { notice: unknown } }).value.notice).toMatchObject({
          code: 'data-rebuilt',
          params: { movedTo: expect.stringContaining(`${DATABASE_FILE}.unreadable-`), salvaged: 0 },
        });
      } finally {
        await core.dispose!();
        await (await demo).close();
      }
    },
  );

  it('leaves the address empty for the user to type when no office is configured and no demo runs', async () => {
    const core = await make(mkdtempSync(join(tmpdir(), 'tw-appcore-')));
    try {
      const state = await core.dispatcher.dispatch('tw:account:getState', undefined, { host: 'browser' });
      expect(state).toMatchObject({
        ok: true,
        value: { status: 'signed-out', server: null, demo: false, serverLocked: false },
      });
      expect(core.modules).toContain('presence');
    } finally {
      await core.dispose!();
    }
  });

  it('takes the office from policy before the environment', () => {
    const policy = { policy: { officeUrl: 'https://office.bank.example' }, origin: {}, sources: [], problems: [] };
    expect(configuredOfficeUrl(policy, { TELEWORKER_OFFICE_URL: 'https://other.example' })).toBe(
      'https://office.bank.example',
    );
    expect(configuredOfficeUrl(undefined, { TELEWORKER_OFFICE_URL: ' https://other.example ' })).toBe(
      'https://other.example',
    );
    expect(configuredOfficeUrl(undefined, {})).toBeNull();
  });

  it('puts a broken policy file in front of the user instead of ignoring it', { timeout: 30_000 }, async () => {
    const core = await make(mkdtempSync(join(tmpdir(), 'tw-appcore-')), {
      policy: {},
      origin: {},
      sources: [],
      problems: [{ location: '/etc/teleworker/policy.json', key: null, message: 'is not valid JSON' }],
    });
    try {
      const state = await core.dispatcher.dispatch('tw:account:getState', undefined, { host: 'browser' });
      expect(state).toMatchObject({
        ok: true,
        value: {
          reason:
            'The policy in /etc/teleworker/policy.json is not valid: is not valid JSON. Please tell your IT department.',
          notice: { code: 'policy-invalid', params: { path: '/etc/teleworker/policy.json' } },
        },
      });
    } finally {
      await core.dispose!();
    }
  });
  it(
    'starts with a malformed certificate pin in policy, and the banner names the key',
    { timeout: 30_000 },
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'tw-appcore-policy-'));
      mkdirSync(join(root, 'etc/teleworker'), { recursive: true });
      // 64 characters, one pair not hex: a typo the old length check let through to the monitor
      const typo = `${'ab'.repeat(31)}zz`;
      writeFileSync(
        join(root, 'etc/teleworker/policy.json'),
        JSON.stringify({ officeUrl: 'https://127.0.0.1:9', certPin: typo, certPins: ['cd'.repeat(32), 'nope'] }),
      );
      const policy = loadPolicy({ platform: 'linux', root, env: {} });
      const core = await make(mkdtempSync(join(tmpdir(), 'tw-appcore-')), policy);
      try {
        core.start();
        const settings = await core.dispatcher.dispatch('tw:settings:get', undefined, { host: 'browser' });
        expect(settings).toMatchObject({ ok: true });
        const problems = (settings as { value: { policyProblems: Array<{ key: string | null }> } }).value
          .policyProblems;
        expect(problems.map((p) => p.key)).toEqual(['certPin', 'certPins']);
        const account = await core.dispatcher.dispatch('tw:account:getState', undefined, { host: 'browser' });
        expect(account).toMatchObject({
          ok: true,
          value: { reason: expect.stringMatching(/certPin: .*SHA-256.*certPins\.1: "nope"/) },
        });
      } finally {
        await core.dispose!();
      }
    },
  );
});
