// The office-days module through the app's core, against the real office server on loopback with
// real SQLite files, following a hand-driven connection: today's booking checked in on the office
// LAN (once, however often the state changes) with presence "Office" for colleagues; the release
// question over the VPN before the check-in hour (asked once a day); the clean-desk checklist on
// leaving the LAN and a check-out queued while the office is out of reach; bookings made offline
// waiting in the outbox, delivered on return or refused with the office's reason and a free desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookResult, CheckOutResult, OfficeDaysLive, OfficeWeeks } from '../../../shared/contract/office-days';
import type { MyPresence, Person } from '../../../shared/contract/presence';
import type { FloorPlanResponse } from '../../../shared/office-api';
import type { ConnectivityState } from '../../../shared/domain/connectivity';
import { statusFixture } from '../../fixtures/core';
import { ctx, officeApp, reachable, unreachable, until } from '../../fixtures/office-app';
import type { OfficeApp } from '../../fixtures/office-app';
import { OfficeError } from '../../../electron/services/office-client/http';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

// Monday 7 December 2026, 08:00 in Jakarta (the check-in hour is 10:00)
const T0 = Date.parse('2026-12-07T01:00:00.000Z');
const TODAY = '2026-12-07';
const TOMORROW = '2026-12-08';
const WEDNESDAY = '2026-12-09';

let now = T0;
let server: TestServer;
const apps: OfficeApp[] = [];

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
});
afterAll(async () => {
  for (const a of apps) a.close();
  await server?.cleanup();
});

async function app(username: string) {
  const a = await officeApp(server.url, username, { clock: () => new Date(now) });
  apps.push(a);
  // every request the module makes to the office, for counting check-ins
  const requests: string[] = [];
  const request = a.office.request;
  a.office.request = ((method, path, options) => {
    requests.push(`${method} ${path}`);
    return request(method, path, options);
  }) as typeof request;
  return { ...a, requests };
}

type App = Awaited<ReturnType<typeof app>>;
const od = (a: App) =>
  a.h.officeDays as unknown as {
    weeks(r: { from: string; to: string }, c: typeof ctx): Promise<OfficeWeeks>;
    plan(r: { floorId: string; day: string }, c: typeof ctx): Promise<FloorPlanResponse & { savedAt: number | null }>;
    book(r: unknown, c: typeof ctx): Promise<BookResult>;
    live(r: undefined, c: typeof ctx): OfficeDaysLive;
    answerRelease(r: { bookingId: string; release: boolean }, c: typeof ctx): Promise<OfficeDaysLive>;
    checkOut(r: { bookingId: string }, c: typeof ctx): Promise<CheckOutResult>;
    dismissRefused(r: { outboxId: string }, c: typeof ctx): OfficeDaysLive;
  };
const set = (a: App, status: ConnectivityState) =>
  a.connectivity.set(status === 'office-via-vpn' ? reachable() : statusFixture({ status }));
const weeks = (a: App) => od(a).weeks({ from: TODAY, to: '2026-12-13' }, ctx);
const todays = async (a: App) => (await weeks(a)).bookings.find((b) => b.day === TODAY);
const live = (a: App) => od(a).live(undefined, ctx);
const checkIns = (a: App) => a.requests.filter((r) => r.endsWith('/check-in')).length;

let floorId = '';
const deskId = async (a: App, label: string, day = TODAY) => {
  if (!floorId) floorId = (await weeks(a)).sites.floors[0]!.id;
  return (await od(a).plan({ floorId, day }, ctx)).desks.find((d) => d.label === label)!.id;
};
const bookToday = async (a: App, label: string) => {
  const r = await od(a).book({ deskId: await deskId(a, label), day: TODAY }, ctx);
  expect(r.state).toBe('booked');
};

describe('check-in by the network', () => {
  let budi: App;
  let siti: App;
  beforeAll(async () => {
    budi = await app('budi');
    siti = await app('siti');
    await bookToday(budi, '3-14');
  });

  it('checks today’s booking in when the connection is the office LAN, once, and presence says Office to colleagues', async () => {
    expect((await todays(budi))?.checkedInAt).toBeNull();
    set(budi, 'office-lan');
    await until(async () => (await todays(budi))?.checkedInAt !== null);
    expect(checkIns(budi)).toBe(1);
    // the state changes again and again: no second check-in
    const from = budi.requests.length;
    for (const s of ['degraded', 'office-lan', 'office-via-vpn', 'office-lan', 'office-lan'] as const) set(budi, s);
    // each of the four LAN and VPN states asks the office for today's booking; a check-in would follow its answer
    await until(() => budi.requests.slice(from).filter((r) => r.startsWith('GET /bookings')).length >= 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(checkIns(budi)).toBe(1);
    expect((budi.h.presence.getMine(undefined, ctx) as MyPresence | null)?.location).toBe('office');
    await until(
      () =>
        (siti.h.presence.team(undefined, ctx) as { items: Person[] }).items.find((p) => p.username === 'budi')
          ?.location === 'office',
    );
    expect(live(budi).prompt).toBeNull();
    expect(live(budi).checkedIn).toBe((await todays(budi))!.id);
  });

  it('a desk booked for today from the office LAN is checked in at once, without waiting for a change of connection', async () => {
    set(siti, 'office-lan');
    await until(() => siti.requests.some((r) => r.startsWith('GET /bookings')));
    expect(checkIns(siti)).toBe(0);
    await bookToday(siti, '3-15');
    await until(async () => (await todays(siti))?.checkedInAt != null);
    expect(checkIns(siti)).toBe(1);
  });

  it('another person signing in on the same computer starts without the previous one’s check-in or questions', async () => {
    const sitiApp = await app('siti');
    set(sitiApp, 'office-lan');
    await until(() => live(sitiApp).checkedIn !== null);
    await sitiApp.office.signOut();
    await sitiApp.office.signIn(server.url, 'rina', 'teleworker');
    await until(() => sitiApp.office.me()?.username === 'rina');
    expect(live(sitiApp).checkedIn).toBeNull();
    expect(live(sitiApp).prompt).toBeNull();
    await sitiApp.office.signOut();
  });

  it('leaving the LAN while checked in shows the clean-desk checklist; a check-out offline waits, then frees the desk', async () => {
    const booking = (await todays(budi))!;
    set(budi, 'office-lan');
    budi.shown.length = 0;
    budi.connectivity.set(unreachable());
    set(budi, 'offline');
    await until(() => live(budi).prompt !== null);
    expect(live(budi).prompt).toEqual({
      kind: 'check-out',
      bookingId: booking.id,
      deskLabel: '3-14',
      day: TODAY,
      cleanDesk: ['Lock the screen', 'Take your documents with you', 'Log the IP phone out'],
    });
    expect(budi.shown).toContainEqual({
      title: 'You left the office network',
      body: 'Check out of desk 3-14? The clean-desk checklist is in Office days.',
      target: { section: 'office-days' },
    });
    expect(await od(budi).checkOut({ bookingId: booking.id }, ctx)).toEqual({ state: 'queued' });
    expect(live(budi).prompt).toBeNull();
    expect(live(budi).checkedIn).toBeNull();
    expect(budi.office.outbox.list().map((i) => i.kind)).toContain('desk-check-out');
    // siti sees desk 3-14 taken until the check-out arrives
    const planFor = async () =>
      (await od(siti).plan({ floorId, day: TODAY }, ctx)).desks.find((d) => d.label === '3-14')!.state;
    expect(await planFor()).toBe('booked');
    set(budi, 'office-via-vpn');
    await until(() => budi.office.outbox.list().length === 0);
    expect(await planFor()).toBe('free');
    expect(await todays(budi)).toBeUndefined();
    // back on the LAN later: no checklist for a booking already checked out
    set(budi, 'office-lan');
    set(budi, 'offline');
    await new Promise((r) => setTimeout(r, 200));
    expect(live(budi).prompt).toBeNull();
  });
});

describe('the release question over the VPN', () => {
  let dewi: App;
  let rudi: App;
  beforeAll(async () => {
    dewi = await app('dewi');
    rudi = await app('rudi');
    // reachable, but neither the LAN nor the VPN: nothing happens by itself yet
    set(dewi, 'degraded');
    set(rudi, 'degraded');
    await bookToday(dewi, '3-10');
    await bookToday(rudi, '3-11');
  });

  it('asks once before the check-in hour; No keeps the desk and is not asked again that day', async () => {
    dewi.shown.length = 0;
    set(dewi, 'office-via-vpn');
    await until(() => live(dewi).prompt !== null);
    const booking = (await todays(dewi))!;
    expect(live(dewi).prompt).toEqual({ kind: 'release', bookingId: booking.id, deskLabel: '3-10', day: TODAY });
    expect(dewi.shown).toEqual([
      {
        title: 'Your desk today',
        body: 'You booked desk 3-10 today. Release it?',
        target: { section: 'office-days' },
      },
    ]);
    const after = await od(dewi).answerRelease({ bookingId: booking.id, release: false }, ctx);
    expect(after.prompt).toBeNull();
    const from = dewi.requests.length;
    for (const s of ['internet', 'office-via-vpn', 'vpn-no-office', 'office-via-vpn'] as const) set(dewi, s);
    await until(() => dewi.requests.slice(from).filter((r) => r.startsWith('GET /bookings')).length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(live(dewi).prompt).toBeNull();
    expect(dewi.shown).toHaveLength(1);
    expect((await todays(dewi))?.id).toBe(booking.id);
  });

  it('Yes releases today’s desk; after the check-in hour nothing is asked', async () => {
    set(rudi, 'office-via-vpn');
    await until(() => live(rudi).prompt?.kind === 'release');
    const { bookingId } = live(rudi).prompt!;
    await od(rudi).answerRelease({ bookingId, release: true }, ctx);
    expect(await todays(rudi)).toBeUndefined();
    expect(live(rudi).prompt).toBeNull();

    // 10:30 in Jakarta: a new booking for today, and the VPN: no question
    now = T0 + 150 * 60_000;
    try {
      await bookToday(rudi, '3-12');
      rudi.office.cache.setSetting('officeDays.releaseAsked', null);
      set(rudi, 'degraded');
      set(rudi, 'office-via-vpn');
      const before = rudi.requests.length;
      await until(() => rudi.requests.slice(before).some((r) => r.startsWith('GET /bookings')));
      await new Promise((r) => setTimeout(r, 200));
      expect(live(rudi).prompt).toBeNull();
    } finally {
      now = T0;
    }
  });
});

describe('booking with the office out of reach', () => {
  let ayu: App;
  let eko: App;
  let budi: App;
  beforeAll(async () => {
    ayu = await app('ayu');
    eko = await app('eko');
    budi = apps.find((a) => a.office.me()?.username === 'budi') as App;
  });

  it('shows the last weeks and plans the office gave while it cannot be reached, saying when; never after a refusal', async () => {
    const fresh = await weeks(budi);
    expect(fresh.savedAt).toBeNull();
    const floor = fresh.sites.floors[0]!.id;
    expect((await od(budi).plan({ floorId: floor, day: WEDNESDAY }, ctx)).savedAt).toBeNull();
    const request = budi.office.request;
    const failing = (error: OfficeError) =>
      (async () => {
        throw error;
      }) as typeof request;
    budi.office.request = failing(new OfficeError('network', 'Cannot reach the office server (ECONNREFUSED).'));
    try {
      const saved = await weeks(budi);
      expect(saved).toEqual({ ...fresh, savedAt: now });
      const plan = await od(budi).plan({ floorId: floor, day: WEDNESDAY }, ctx);
      expect(plan.savedAt).toBe(now);
      expect(plan.desks.length).toBeGreaterThan(0);
      // a plan the office never gave is not made up
      await expect(od(budi).plan({ floorId: floor, day: '2026-12-10' }, ctx)).rejects.toMatchObject({
        code: 'unavailable',
      });
      // the office answering "no" is not the office out of reach: nothing kept stands in
      budi.office.request = failing(new OfficeError('http', 'the access token is unknown', 401));
      await expect(weeks(budi)).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      budi.office.request = request;
    }
  });

  it('queues the booking as pending and delivers it when the office is back', async () => {
    const desk = await deskId(budi, '3-20', WEDNESDAY);
    budi.connectivity.set(unreachable());
    const r = await od(budi).book({ deskId: desk, day: WEDNESDAY }, ctx);
    expect(r.state).toBe('queued');
    expect(live(budi).pending).toEqual([
      {
        outboxId: (r as { outboxId: string }).outboxId,
        deskId: desk,
        deskLabel: '3-20',
        day: WEDNESDAY,
        to: WEDNESDAY,
      },
    ]);
    budi.connectivity.set(reachable());
    await until(() => live(budi).pending.length === 0);
    expect(live(budi).refused).toEqual([]);
    expect((await weeks(budi)).bookings.find((b) => b.day === WEDNESDAY)?.deskLabel).toBe('3-20');
    expect(
      budi.events.some(([name, p]) => name === 'officeDays.liveChanged' && (p as OfficeDaysLive).pending.length === 1),
    ).toBe(true);
  });

  it('a refusal on arrival shows the office’s reason and a desk free that day', async () => {
    void ayu;
    const desk = await deskId(budi, '3-21', TOMORROW);
    budi.connectivity.set(unreachable());
    const r = await od(budi).book({ deskId: desk, day: TOMORROW }, ctx);
    expect(r.state).toBe('queued');
    // meanwhile a colleague takes the desk
    expect((await od(eko).book({ deskId: desk, day: TOMORROW }, ctx)).state).toBe('booked');
    budi.connectivity.set(reachable());
    await until(() => live(budi).refused.some((x) => x.suggestion !== null));
    const [refused] = live(budi).refused;
    expect(refused).toMatchObject({
      deskLabel: '3-21',
      day: TOMORROW,
      code: 'desk_taken',
      reason: expect.stringContaining('desk 3-21 is already booked'),
    });
    const plan = await od(budi).plan({ floorId, day: TOMORROW }, ctx);
    expect(plan.desks.find((d) => d.id === refused!.suggestion!.id)?.state).toBe('free');
    expect(live(budi).pending).toEqual([]);
    od(budi).dismissRefused({ outboxId: refused!.outboxId }, ctx);
    expect(live(budi).refused).toEqual([]);
    expect(budi.office.outbox.list()).toEqual([]);
  });
});

describe('a desk offered from the waiting list', () => {
  it('raises a desktop notification in the person’s language, opening Office days, with no window needed', async () => {
    // a floor of one desk: rina takes it tomorrow, siti and dewi wait for it
    const admin = await server.api.login('admin');
    const site = (
      await server.api.post('/api/v1/admin/sites', admin.accessToken, { name: 'Annex', timeZone: 'Asia/Jakarta' })
    ).body as { site: { id: string } };
    const floor = (
      await server.api.post('/api/v1/admin/floors', admin.accessToken, {
        siteId: site.site.id,
        name: 'Annex 1',
        width: 400,
        height: 200,
      })
    ).body as { floor: { id: string } };
    const only = (
      await server.api.post(`/api/v1/admin/floors/${floor.floor.id}/desks`, admin.accessToken, {
        label: 'A-1',
        x: 0,
        y: 0,
      })
    ).body as { desk: { id: string } };
    const rina = await app('rina');
    const siti = await app('siti');
    const dewi = await app('dewi');
    expect((await od(rina).book({ deskId: only.desk.id, day: TOMORROW }, ctx)).state).toBe('booked');
    const join = (a: App) =>
      (
        a.h.officeDays as unknown as { joinWaitlist(r: unknown, c: typeof ctx): Promise<{ state: string }> }
      ).joinWaitlist({ floorId: floor.floor.id, day: TOMORROW }, ctx);
    expect((await join(siti)).state).toBe('joined');
    expect((await join(dewi)).state).toBe('joined');
    (siti.h.system as unknown as { setLocale(r: { locale: string }, c: typeof ctx): void }).setLocale(
      { locale: 'id' },
      ctx,
    );
    siti.shown.length = 0;
    dewi.shown.length = 0;
    const mine = (await weeks(rina)).bookings.find((b) => b.day === TOMORROW)!;
    await (rina.h.officeDays as unknown as { cancel(r: unknown, c: typeof ctx): Promise<unknown> }).cancel(
      { bookingId: mine.id },
      ctx,
    );
    await until(() => siti.shown.length > 0);
    const until15 = new Intl.DateTimeFormat('id', { timeStyle: 'short' }).format(now + 15 * 60_000);
    expect(siti.shown).toEqual([
      {
        title: 'Ada meja kosong untuk Anda',
        body: `Meja A-1 kosong pada ${TOMORROW} dan Anda pertama di daftar tunggu sampai ${until15}. Pesan di Hari kantor.`,
        target: { section: 'office-days' },
      },
    ]);
    // only the first in line is told
    await new Promise((r) => setTimeout(r, 300));
    expect(dewi.shown).toEqual([]);
  });
});
