// A timer left running past the timerStopAt hour (default 19:00), on a hand-driven clock against a
// real office on loopback: before the hour nothing happens; at the hour the app asks "Still
// working?" (a notification and the view's question); unanswered for 30 minutes it stops at the
// last input, the office shows the manager the day as closed, and after a restart the stretch
// since the last input is offered as the idle prompt offers it. An answer keeps the timer going.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { composeCore } from '../../../electron/services/core';
import { silentLogger } from '../../../electron/services/logger';
import { appModules } from '../../../electron/services/modules';
import { createNavigation, createNotifications } from '../../../electron/services/notifications';
import { createPreferences } from '../../../electron/services/preferences';
import { sessionModuleWith } from '../../../electron/services/session/session-module';
import { createSettings, memorySettingsStore } from '../../../electron/services/settings/settings';
import { featureSchema } from '../../../electron/services/store/feature-schema';
import type { Policy } from '../../../shared/domain/policy';
import { WorkStateListResponse } from '../../../shared/office-api';
import { manualConnectivity, statusFixture, testAccountSettings, testOffice } from '../../fixtures/core';
import { expectBody, startTestServer, type TestServer } from '../office-server/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.cleanup();
});

const MIN = 60_000;
const TODAY = new Date().toISOString().slice(0, 10);
const at = (hhmm: string) => Date.parse(`${TODAY}T${hhmm}:00.000Z`);

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never: ${what}`);
};

function world(policy: Policy = {}) {
  const t = { wall: at('18:50'), lastInput: at('18:50') };
  const connectivity = manualConnectivity(statusFixture({ status: 'office-via-vpn' }));
  const office = testOffice(connectivity);
  const notifier = { notify: vi.fn() };
  const settings = createSettings({ policy, store: memorySettingsStore(), logger: silentLogger });
  const idle = { idleSeconds: () => (t.wall - t.lastInput) / 1000, onLockChange: () => () => {} };
  const compose = () => {
    const navigation = createNavigation();
    const modules = appModules.map((m) =>
      m.name === 'session'
        ? sessionModuleWith({
            timeZone: 'UTC',
            mono: () => t.wall,
            timers: { setInterval: () => 0, clearInterval: () => {} },
          })
        : m,
    );
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
      clock: () => new Date(t.wall),
      preferences: createPreferences('en'),
      connectivityMonitor: connectivity,
      office,
      account: testAccountSettings,
      notifications: createNotifications(notifier, { idle: null, navigation }),
      navigation,
      badge: { setCount: () => {} },
      localDb: featureSchema(office.cache.db),
      settings,
      updater: null,
      idle,
    });
    core.start();
    return core;
  };
  return { t, office, notifier, compose };
}

const ctx = { host: 'browser' } as const;

describe('a timer forgotten at the end of the day', () => {
  it('asks at 19:00, stops at the last input when nobody answers, and asks about the stretch after a restart', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = world();
    let core = w.compose();
    try {
      await w.office.signIn(server.url, 'budi', 'teleworker');
      await until(() => w.office.cache.list('ticket').length > 0, 'tickets cached');
      const s = () => core.handlers.session;
      await s().start({ ticketId: 'INC-1001' }, ctx);

      // 18:59: not yet
      w.t.wall = at('18:59');
      w.t.lastInput = at('18:58');
      vi.advanceTimersByTime(MIN);
      expect((await s().getState(undefined, ctx)).stillWorking).toBeNull();
      expect(w.notifier.notify).not.toHaveBeenCalledWith('Still working?', expect.anything(), expect.anything());

      // 19:01, the user went quiet at 19:00: the question, once
      w.t.wall = at('19:01');
      w.t.lastInput = at('19:00');
      vi.advanceTimersByTime(MIN);
      const asked = await s().getState(undefined, ctx);
      expect(asked.mode).toBe('working');
      expect(asked.stillWorking).toEqual({ askedAt: at('19:01'), stopAt: at('19:00') });
      expect(w.notifier.notify).toHaveBeenCalledWith('Still working?', expect.any(String), expect.anything());
      w.t.wall = at('19:20');
      vi.advanceTimersByTime(MIN);
      expect((await s().getState(undefined, ctx)).mode).toBe('working');
      expect(w.notifier.notify.mock.calls.filter(([title]) => title === 'Still working?')).toHaveLength(1);

      // 19:31, no answer: stopped; the stretch from the last input is a gap to answer
      w.t.wall = at('19:31');
      vi.advanceTimersByTime(MIN);
      const stopped = await s().getState(undefined, ctx);
      expect(stopped.mode).toBe('stopped');
      expect(stopped.stillWorking).toBeNull();
      expect(stopped.gaps).toEqual([{ from: at('19:00'), to: at('19:31'), reason: 'idle' }]);
      expect(stopped.shared).toMatchObject({ mode: 'closed', since: null });

      // the manager's office has the day closed
      const siti = await server.api.login('siti');
      await until(async () => {
        const list = expectBody(
          WorkStateListResponse,
          await server.api.get(`/api/v1/team/work-states?date=${TODAY}`, siti.accessToken),
        );
        return list.items.some((x) => x.userId === w.office.me()!.id && x.mode === 'closed');
      }, 'the office shows the day closed');

      // the app restarts: the stretch is still asked about, as the idle prompt does
      core.stop();
      w.t.wall = at('20:10');
      core = w.compose();
      const reopened = await s().getState(undefined, ctx);
      expect(reopened.mode).toBe('stopped');
      expect(reopened.gaps).toEqual([{ from: at('19:00'), to: at('19:31'), reason: 'idle' }]);
      const before = reopened.workedMs;
      const answered = await s().answerGap({ from: at('19:00'), to: at('19:31'), as: 'discard' }, ctx);
      expect(answered.gaps).toEqual([]);
      expect(before - answered.workedMs).toBe(31 * MIN);
      // no second question after the restart: the timer is not running
      vi.advanceTimersByTime(MIN);
      expect(w.notifier.notify.mock.calls.filter(([title]) => title === 'Still working?')).toHaveLength(1);
    } finally {
      core.stop();
      vi.useRealTimers();
    }
  }, 60_000);

  it('keeps running until tomorrow once the user answers "still working"', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = world();
    const core = w.compose();
    try {
      await w.office.signIn(server.url, 'ayu', 'teleworker');
      await until(() => w.office.cache.list('ticket').length > 0, 'tickets cached');
      const s = core.handlers.session;
      await s.start({ ticketId: null }, ctx);
      w.t.wall = at('19:05');
      w.t.lastInput = at('19:05');
      vi.advanceTimersByTime(MIN);
      expect((await s.getState(undefined, ctx)).stillWorking).not.toBeNull();
      const yes = await s.stillWorking(undefined, ctx);
      expect(yes.stillWorking).toBeNull();
      w.t.wall = at('20:30');
      vi.advanceTimersByTime(MIN);
      const later = await s.getState(undefined, ctx);
      expect(later.mode).toBe('working');
      expect(later.stillWorking).toBeNull();
      expect(later.gaps).toEqual([]);
    } finally {
      core.stop();
      vi.useRealTimers();
    }
  }, 60_000);

  it('waits as long as IT’s timerStopWaitMinutes says before it stops the timer (45 here, not 30)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = world({ timerStopWaitMinutes: 45 });
    const core = w.compose();
    try {
      await w.office.signIn(server.url, 'budi', 'teleworker');
      await until(() => w.office.cache.list('ticket').length > 0, 'tickets cached');
      const s = core.handlers.session;
      await s.start({ ticketId: null }, ctx);
      w.t.wall = at('19:01');
      w.t.lastInput = at('19:00');
      vi.advanceTimersByTime(MIN);
      expect((await s.getState(undefined, ctx)).stillWorking).toEqual({ askedAt: at('19:01'), stopAt: at('19:00') });
      // past the built-in 30 minutes: still running
      w.t.wall = at('19:45');
      vi.advanceTimersByTime(MIN);
      expect((await s.getState(undefined, ctx)).mode).toBe('working');
      // 45 minutes after the question: stopped at the last input
      w.t.wall = at('19:46');
      vi.advanceTimersByTime(MIN);
      const stopped = await s.getState(undefined, ctx);
      expect(stopped.mode).toBe('stopped');
      expect(stopped.gaps).toEqual([{ from: at('19:00'), to: at('19:46'), reason: 'idle' }]);
    } finally {
      core.stop();
      vi.useRealTimers();
    }
  }, 60_000);
});
