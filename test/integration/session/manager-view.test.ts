// A worker's app and their manager's, both composed as the composition root does it, over a real
// office on loopback. The timer's state: budi starts, pauses, resumes and stops; siti's Team
// follows each change from the event stream (no refresh); budi's own view says exactly what is
// shared; a colleague's app gets none of it. The acknowledgement: siti acknowledges budi's
// summary through her outbox; budi's app shows who and when and notifies him; a correction
// waits for a new acknowledgement. The day's report as the office's spreadsheet matches the app's CSV.
// The office lost: budi's monitor loses the office mid-session and finds it again; once back, his
// app sends the stretch with the timer's state and siti's Team has it, ayu's app nothing.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toCsv } from '../../../shared/domain/summary-csv';
import type { TeamToday } from '../../../shared/contract/session';
import { composeCore } from '../../../electron/services/core';
import { silentLogger } from '../../../electron/services/logger';
import { appModules } from '../../../electron/services/modules';
import { createNavigation, createNotifications } from '../../../electron/services/notifications';
import { createPreferences } from '../../../electron/services/preferences';
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

function app() {
  const connectivity = manualConnectivity(statusFixture({ status: 'office-via-vpn' }));
  const office = testOffice(connectivity);
  const navigation = createNavigation();
  const notifier = { notify: vi.fn() };
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
  const teams: TeamToday[] = [];
  const detach = core.attach((area, event, payload) => {
    if (area === 'session' && event === 'teamChanged') teams.push(payload as TeamToday);
  });
  core.start();
  return {
    connectivity,
    office,
    core,
    teams,
    notifier,
    close: () => {
      detach();
      core.stop();
    },
  };
}

describe('the timer state between a worker’s app and the manager’s', () => {
  it('reaches the manager’s Team live on start, pause, resume and stop, and no colleague', async () => {
    const ctx = { host: 'browser' } as const;
    const budi = app();
    const siti = app();
    const ayu = app();
    try {
      await siti.office.signIn(server.url, 'siti', 'teleworker');
      await ayu.office.signIn(server.url, 'ayu', 'teleworker');
      await budi.office.signIn(server.url, 'budi', 'teleworker');
      await until(() => budi.office.cache.list('ticket').length > 0, 'budi’s tickets cached');
      const budiId = budi.office.me()!.id;
      const team = await siti.core.handlers.session.getTeam(undefined, ctx);
      // budi has not started: nothing shared, and siti's Team says so
      expect(team.members.find((m) => m.userId === budiId)?.live).toBeNull();
      expect((await budi.core.handlers.session.getState(undefined, ctx)).shared).toBeNull();

      const liveOf = () => siti.teams.at(-1)?.members.find((m) => m.userId === budiId)?.live ?? null;
      const started = await budi.core.handlers.session.start({ ticketId: 'INC-1001' }, ctx);
      expect(started.shared).toMatchObject({ mode: 'working', ticketId: 'INC-1001' });
      await until(() => liveOf()?.mode === 'working', 'siti sees budi working');
      expect(liveOf()).toMatchObject({ ticketId: 'INC-1001', since: started.shared!.since });

      const paused = await budi.core.handlers.session.pause(undefined, ctx);
      expect(paused.shared).toMatchObject({ mode: 'paused', ticketId: null });
      await until(() => liveOf()?.mode === 'paused', 'siti sees budi paused');
      await budi.core.handlers.session.resume(undefined, ctx);
      await until(() => liveOf()?.mode === 'working', 'siti sees budi working again');
      const stopped = await budi.core.handlers.session.stop(undefined, ctx);
      await until(() => liveOf()?.mode === 'stopped', 'siti sees budi stopped');
      expect(liveOf()?.workedMs).toBe(stopped.shared!.workedMs);
      expect(liveOf()?.since).toBeNull();

      // four changes, four deliveries: nothing failed and nothing waits
      await until(
        () => budi.office.outbox.list().filter((i) => i.kind === 'work-state').length === 0,
        'the outbox delivered every timer state',
      );
      expect(budi.office.outbox.summary().failed).toBe(0);
      // a colleague's app has no team view and got no timer state
      await expect(Promise.resolve().then(() => ayu.core.handlers.session.getTeam(undefined, ctx))).rejects.toThrow(
        /manager/,
      );
      expect(ayu.office.cache.list('work-state')).toEqual([]);
      // siti's own app, after a fresh sign-in, reads the state from the office's list
      siti.close();
      const again = app();
      try {
        await again.office.signIn(server.url, 'siti', 'teleworker');
        await until(async () => {
          const t = await again.core.handlers.session.getTeam(undefined, ctx);
          return t.members.find((m) => m.userId === budiId)?.live?.mode === 'stopped';
        }, 'the list after sign-in has budi stopped');
      } finally {
        again.close();
      }
    } finally {
      budi.close();
      siti.close();
      ayu.close();
    }
  }, 60_000);

  it('carries the stretch the worker’s app lost the office to the manager once it is back', async () => {
    const ctx = { host: 'browser' } as const;
    const budi = app();
    const siti = app();
    const ayu = app();
    try {
      await siti.office.signIn(server.url, 'siti', 'teleworker');
      await ayu.office.signIn(server.url, 'ayu', 'teleworker');
      await budi.office.signIn(server.url, 'budi', 'teleworker');
      await until(() => budi.office.cache.list('ticket').length > 0, 'budi’s tickets cached');
      const budiId = budi.office.me()!.id;
      const memberOf = () => siti.teams.at(-1)?.members.find((m) => m.userId === budiId);
      await budi.core.handlers.session.start({ ticketId: 'INC-1001' }, ctx);
      await until(() => memberOf()?.live?.mode === 'working', 'siti sees budi working');
      expect(memberOf()?.officeLost).toEqual([]);

      const before = Date.now();
      budi.connectivity.set(
        statusFixture({ status: 'internet', reason: { code: 'vpn-down', params: { host: 'office.test' } } }),
      );
      // a change made while the office is away waits in the outbox; the stretch is not known yet
      await budi.core.handlers.session.pause(undefined, ctx);
      await new Promise((r) => setTimeout(r, 60));
      expect(memberOf()?.live?.mode).toBe('working');
      budi.connectivity.set(statusFixture({ status: 'office-via-vpn' }));
      const after = Date.now();

      await until(() => (memberOf()?.officeLost ?? []).length === 1, 'siti’s Team has the stretch');
      const [lost] = memberOf()!.officeLost!;
      expect(lost!.end - lost!.start).toBeGreaterThanOrEqual(50);
      expect(lost!.start).toBeGreaterThanOrEqual(before - 5);
      expect(lost!.end).toBeLessThanOrEqual(after + 5);
      expect(memberOf()?.live?.mode).toBe('paused');
      // budi's own view says what is shared, the stretch included
      const mine = await budi.core.handlers.session.getState(undefined, ctx);
      expect(mine.shared?.officeLost).toEqual([
        { start: new Date(lost!.start).toISOString(), end: new Date(lost!.end).toISOString() },
      ]);
      // a second loss adds to the day's list; the first is kept
      budi.connectivity.set(statusFixture({ status: 'offline', reason: { code: 'no-network', params: {} } }));
      await new Promise((r) => setTimeout(r, 20));
      budi.connectivity.set(statusFixture({ status: 'office-via-vpn' }));
      await until(() => (memberOf()?.officeLost ?? []).length === 2, 'siti’s Team has both stretches');
      expect(memberOf()!.officeLost![0]).toEqual(lost);
      expect(ayu.office.cache.list('work-state')).toEqual([]);
    } finally {
      budi.close();
      siti.close();
      ayu.close();
    }
  }, 60_000);

  it('acknowledges a summary from the manager’s outbox; the worker sees who and when; a correction waits again', async () => {
    const ctx = { host: 'browser' } as const;
    const budi = app();
    const siti = app();
    try {
      await siti.office.signIn(server.url, 'siti', 'teleworker');
      await budi.office.signIn(server.url, 'budi', 'teleworker');
      await until(() => budi.office.cache.list('ticket').length > 0, 'budi’s tickets cached');
      const budiId = budi.office.me()!.id;
      const s = budi.core.handlers.session;
      await s.start({ ticketId: 'INC-1001' }, ctx);
      await s.stop(undefined, ctx);
      const draft = await s.getSummary(undefined, ctx);
      await s.sendSummary(
        { date: draft.date, notes: 'day one', tickets: [{ id: 'INC-1001', outcome: 'in-progress' }] },
        ctx,
      );
      await until(async () => (await s.getSummary(undefined, ctx)).status === 'delivered', 'delivered');
      expect((await s.getSummary(undefined, ctx)).acknowledgement).toBeNull();

      const memberOf = (t: TeamToday | undefined) => t?.members.find((m) => m.userId === budiId);
      await until(() => memberOf(siti.teams.at(-1))?.summary?.notes === 'day one', 'siti has the summary');
      const summaryId = memberOf(siti.teams.at(-1))!.summary!.id;
      const queued = await siti.core.handlers.session.acknowledgeSummary({ summaryId, reply: 'Thanks, Budi.' }, ctx);
      // queued at once: the Team says it is on its way, not waiting
      expect(memberOf(queued)?.ackPending).toBe(true);
      await until(() => !!memberOf(siti.teams.at(-1))?.summary?.acknowledgedAt, 'siti’s Team has it acknowledged');

      await until(
        async () => (await s.getSummary(undefined, ctx)).acknowledgement !== null,
        'budi sees the acknowledgement',
      );
      const seen = (await s.getSummary(undefined, ctx)).acknowledgement!;
      expect(seen).toMatchObject({ byName: 'Siti Rahayu', reply: 'Thanks, Budi.', correctionRequested: false });
      expect(budi.notifier.notify).toHaveBeenCalledWith(
        'Summary acknowledged',
        `\u2068Siti Rahayu\u2069 acknowledged your summary of ${draft.date}.`,
        expect.anything(),
      );

      // a correction is a new version: nothing acknowledged until siti does it again
      await s.sendSummary(
        { date: draft.date, notes: 'day one, fixed', tickets: [{ id: 'INC-1001', outcome: 'in-progress' }] },
        ctx,
      );
      await until(async () => (await s.getSummary(undefined, ctx)).sentVersions >= 2, 'correction delivered');
      expect((await s.getSummary(undefined, ctx)).acknowledgement).toBeNull();
      await until(() => memberOf(siti.teams.at(-1))?.summary?.notes === 'day one, fixed', 'siti has the correction');
      expect(memberOf(siti.teams.at(-1))?.summary?.acknowledgedAt).toBeNull();
      expect(memberOf(siti.teams.at(-1))?.ackPending).toBe(false);

      // the report of the day: the office's spreadsheet holds the rows of the app's CSV, one for one
      const range = { from: draft.date, to: draft.date };
      const csv = await siti.core.handlers.session.exportTeamCsv(range, ctx);
      const xlsx = await siti.core.handlers.session.exportTeamSpreadsheet(range, ctx);
      expect(xlsx.filename).toBe(`team-summaries-${draft.date}-${draft.date}.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(Buffer.from(xlsx.base64, 'base64')).buffer);
      const days: Array<Array<string | number>> = [];
      book.getWorksheet('Days')!.eachRow((row) => {
        days.push(Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1).value as string | number));
      });
      expect(toCsv(days)).toBe(csv.text);
      expect(days.map((row) => row[9])).toEqual(['notes', 'day one, fixed']);
      await expect(
        Promise.resolve().then(() => budi.core.handlers.session.exportTeamSpreadsheet(range, ctx)),
      ).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      budi.close();
      siti.close();
    }
  }, 60_000);
});
