// The session module composed with the others as the composition root does it, against a real
// office server on loopback: the office-loss notification now fires while a session runs; a
// summary is drafted from the log and the tickets cache, refused tickets stay out, and its state
// follows the outbox to delivered; a correction is version 2.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { composeCore } from '../../../electron/services/core';
import { silentLogger } from '../../../electron/services/logger';
import { appModules } from '../../../electron/services/modules';
import { createNavigation, createNotifications } from '../../../electron/services/notifications';
import { createPreferences } from '../../../electron/services/preferences';
import { sessionModuleWith } from '../../../electron/services/session/session-module';
import { createSettings, memorySettingsStore } from '../../../electron/services/settings/settings';
import { featureSchema } from '../../../electron/services/store/feature-schema';
import { manualConnectivity, statusFixture, testAccountSettings, testOffice } from '../../fixtures/core';
import { startTestServer, type TestServer } from '../office-server/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.cleanup();
});

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never: ${what}`);
};

describe('session module in the core', () => {
  it('runs a session, fires the office-loss notification while it runs, and sends the day summary through the outbox', async () => {
    const connectivity = manualConnectivity(statusFixture({ status: 'office-via-vpn' }));
    const office = testOffice(connectivity);
    const notifier = { notify: vi.fn() };
    const navigation = createNavigation();
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
      clock: () => new Date(),
      preferences: createPreferences('en'),
      connectivityMonitor: connectivity,
      office,
      account: testAccountSettings,
      notifications: createNotifications(notifier, { idle: null, navigation }),
      navigation,
      badge: { setCount: () => {} },
      localDb: featureSchema(office.cache.db),
      settings: createSettings({ policy: {}, store: memorySettingsStore(), logger: silentLogger }),
      updater: null,
      idle: null,
    });
    const events: string[] = [];
    const detach = core.attach((area, event) => events.push(`${area}.${event}`));
    core.start();
    try {
      const h = core.handlers.session;
      const ctx = { host: 'browser' } as const;
      await expect(Promise.resolve().then(() => h.start({ ticketId: 'INC-1001' }, ctx))).rejects.toThrow(/Sign in/);
      await office.signIn(server.url, 'budi', 'teleworker');
      await until(() => office.cache.list('ticket').length > 0, 'tickets cached');

      const started = await h.start({ ticketId: 'INC-1001' }, ctx);
      expect(started).toMatchObject({ mode: 'working', ticketId: 'INC-1001' });
      expect(events).toContain('session.changed');

      // the office goes away mid-session: the office-loss module's notification fires now
      connectivity.set(statusFixture({ status: 'offline', reason: { code: 'no-network' } }));
      expect(notifier.notify).toHaveBeenCalledWith('The office is no longer reachable', expect.any(String), undefined);
      connectivity.set(statusFixture({ status: 'office-via-vpn' }));

      expect((await h.takeBreak({ kind: 'lunch' }, ctx)).mode).toBe('break');
      expect((await h.resume(undefined, ctx)).mode).toBe('working');
      await expect(Promise.resolve().then(() => h.resume(undefined, ctx))).rejects.toThrow(/cannot follow/);

      const draft = await h.getSummary(undefined, ctx);
      expect(draft.status).toBe('draft');
      expect(draft.tickets.map((t) => t.id)).toContain('INC-1001');
      // only the user's own tickets are offered
      expect(draft.tickets.map((t) => t.id)).not.toContain('INC-1002');
      await expect(
        Promise.resolve().then(() =>
          h.sendSummary({ date: draft.date, notes: 'x', tickets: [{ id: 'INC-1002', outcome: 'resolved' }] }, ctx),
        ),
      ).rejects.toThrow(/not yours/);

      const sent = await h.sendSummary(
        { date: draft.date, notes: 'first', tickets: [{ id: 'INC-1001', outcome: 'in-progress' }] },
        ctx,
      );
      expect(sent.status).toBe('queued');
      await until(async () => (await h.getSummary(undefined, ctx)).status === 'delivered', 'delivered');
      const correction = await h.sendSummary(
        { date: draft.date, notes: 'second', tickets: [{ id: 'INC-1001', outcome: 'in-progress' }] },
        ctx,
      );
      expect(correction.status).toBe('queued');
      await until(async () => {
        const d = await h.getSummary(undefined, ctx);
        return d.status === 'delivered' && d.sentVersions === 2;
      }, 'correction delivered as version 2');
      expect(events).toContain('session.summaryChanged');

      // the office's limits on corrections, refused here before anything is queued: 10 versions a day…
      const ticket = [{ id: 'INC-1001', outcome: 'in-progress' as const }];
      for (let v = 3; v <= 10; v++) await h.sendSummary({ date: draft.date, notes: `v${v}`, tickets: ticket }, ctx);
      await expect(
        Promise.resolve().then(() => h.sendSummary({ date: draft.date, notes: 'v11', tickets: ticket }, ctx)),
      ).rejects.toThrow(/sent 10 times.*cannot be corrected again/);
      await until(async () => (await h.getSummary(undefined, ctx)).sentVersions === 10, 'ten versions delivered');
      // …and only within 7 days: an old day may be sent once, not corrected
      const old = new Date(Date.parse(`${draft.date}T00:00:00Z`) - 9 * 86_400_000).toISOString().slice(0, 10);
      expect((await h.sendSummary({ date: old, notes: 'late', tickets: ticket }, ctx)).status).toBe('queued');
      await expect(
        Promise.resolve().then(() => h.sendSummary({ date: old, notes: 'again', tickets: ticket }, ctx)),
      ).rejects.toThrow(/corrected for 7 days/);
      expect(office.outbox.summary().failed).toBe(0);

      // a worker has no team view
      await expect(Promise.resolve().then(() => h.getTeam(undefined, ctx))).rejects.toThrow(/manager/);
      expect((await h.stop(undefined, ctx)).mode).toBe('stopped');
      // no session runs now (the work-session port says so): losing the office again notifies nobody
      connectivity.set(statusFixture({ status: 'offline', reason: { code: 'no-network' } }));
      expect(notifier.notify).toHaveBeenCalledTimes(1);
    } finally {
      detach();
      core.stop();
    }
  }, 60_000);

  it('reminds once at the end of the day when a worked day has no summary', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    // midday today, running: after the end of the day set below (00:00), before the hour the timer is
    // asked "Still working?" (19:00), whatever the hour the suite runs at
    const midday = new Date();
    midday.setHours(12, 0, 0, 0);
    const startedAt = Date.now();
    const middayClock = () => new Date(midday.getTime() + (Date.now() - startedAt));
    const connectivity = manualConnectivity(statusFixture({ status: 'office-via-vpn' }));
    const office = testOffice(connectivity);
    const notifier = { notify: vi.fn() };
    const navigation = createNavigation();
    // the end of the day at midnight: any moment of today is after it
    const modules = appModules.map((m) => (m.name === 'session' ? sessionModuleWith({ endOfDay: '00:00' }) : m));
    const core = composeCore(modules, {
      info: {
        name: 'Teleworker',
        version: '1.2.3',
        platform: 'linux',
        arch: 'x64',
        host: 'browser',
        electronVersion: null,
      },
      logger: silentLogger,
      clock: middayClock,
      preferences: createPreferences('en'),
      connectivityMonitor: connectivity,
      office,
      account: testAccountSettings,
      notifications: createNotifications(notifier, { idle: null, navigation }),
      navigation,
      badge: { setCount: () => {} },
      localDb: featureSchema(office.cache.db),
      settings: createSettings({ policy: {}, store: memorySettingsStore(), logger: silentLogger }),
      updater: null,
      idle: null,
    });
    core.start();
    try {
      const ctx = { host: 'browser' } as const;
      await office.signIn(server.url, 'ayu', 'teleworker');
      // nothing worked yet: no reminder
      vi.advanceTimersByTime(60_000);
      expect(notifier.notify).not.toHaveBeenCalled();
      await core.handlers.session.start({ ticketId: null }, ctx);
      await new Promise((r) => setTimeout(r, 20));
      vi.advanceTimersByTime(60_000);
      expect(notifier.notify).toHaveBeenCalledTimes(1);
      expect(notifier.notify).toHaveBeenCalledWith(
        'Time to send your day summary',
        'You have not sent today’s summary yet.',
        expect.any(Function),
      );
      vi.advanceTimersByTime(120_000);
      expect(notifier.notify).toHaveBeenCalledTimes(1);
    } finally {
      core.stop();
      vi.useRealTimers();
    }
  }, 60_000);
});
