// The waiting list for a desk and the live desk events, over real HTTP and WebSocket, on SQLite and
// (office-pg) PostgreSQL alike: joining only when no desk is free, a cancelled desk offered to the
// first waiting, the release of unused desks at the check-in hour (the server's own sweep, driven by
// a fake clock) offered to the next, an offer not taken in time passing on, and open plans told
// that a floor changed without being told who sits where.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BookingsResponse,
  FloorResponse,
  ImportFloorResponse,
  SiteResponse,
  WaitlistEntryResponse,
  WaitlistRefusal,
  WaitlistResponse,
  type LoginResponse,
  type OfficeEvent,
} from '../../../shared/office-api';
import { EventClient, databaseFor, expectBody, sleep, startTestServer, type TestServer } from './helpers';
import { makePeople } from './desk-people';

// Monday 7 December 2026, 09:00 in Jakarta; the tests move the clock
const T0 = Date.parse('2026-12-07T02:00:00.000Z');
const TODAY = '2026-12-07';
const AT_10 = Date.parse('2026-12-07T03:00:00.000Z');

describe('office server: the waiting list for a desk, and live desk events', () => {
  let s: TestServer;
  let now = T0;
  let admin: LoginResponse;
  let floorId: string;
  let desks: { id: string; label: string }[];
  let people: { id: string; token: string }[];
  const sockets: EventClient[] = [];

  const api = (method: string, path: string, token: string, body?: unknown) =>
    s.api.request(method, `/api/v1${path}`, { token, body });
  const mine = async (token: string) => expectBody(WaitlistResponse, await api('GET', '/waitlist', token)).entries;
  const listen = async (token: string) => {
    const c = await EventClient.connect(s.url, { token });
    sockets.push(c);
    await c.waitFor((f) => f.type === 'ready');
    return c;
  };
  const offered = (c: EventClient, label: string) =>
    c.waitFor((f) => f.type === 'event' && f.event.type === 'desks.offered' && f.event.desk.label === label);
  /** waits for the server's sweep (every 25 ms) to have done what `done` checks */
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 600 && !(await done()); i++) await sleep(25);
    expect(await done()).toBe(true);
  };

  beforeAll(async () => {
    s = await startTestServer({ now: () => now, deskSweepMs: 25, accessTokenTtlMs: 24 * 3600_000 });
    admin = await s.api.login('admin');
    const site = expectBody(
      SiteResponse,
      await api('POST', '/admin/sites', admin.accessToken, { name: 'Waitlist tower', timeZone: 'Asia/Jakarta' }),
      201,
    ).site;
    floorId = expectBody(
      FloorResponse,
      await api('POST', '/admin/floors', admin.accessToken, {
        siteId: site.id,
        name: 'Small',
        width: 400,
        height: 200,
      }),
      201,
    ).floor.id;
    desks = expectBody(
      ImportFloorResponse,
      await api('POST', `/admin/floors/${floorId}/import`, admin.accessToken, {
        csv: 'label,x,y\nW-1,0,0\nW-2,200,0',
      }),
    ).desks;
    people = await makePeople(s.dataDir, (await databaseFor(s.dataDir)).database, 6, T0);
  });
  afterAll(async () => {
    for (const c of sockets) await c.close();
    await s.cleanup();
  });

  it('lets people wait only when no desk is free, offers a freed desk to the first, and passes an offer on', async () => {
    const [p0, p1, p2, p3, p4, watcher] = people as [
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
    ];
    // a desk is free: book it rather than wait
    const free = expectBody(WaitlistRefusal, await api('POST', '/waitlist', p2.token, { floorId, day: TODAY }), 409);
    expect(free.error).toMatchObject({ code: 'desk_free', nextFreeDesk: { label: 'W-1' } });

    const watch = await listen(watcher.token);
    const [w1, w2] = desks.map((d) => d.id) as [string, string];
    const first = expectBody(
      BookingsResponse,
      await api('POST', '/bookings', p0.token, { deskId: w1, day: TODAY }),
      201,
    ).bookings[0]!;
    expectBody(BookingsResponse, await api('POST', '/bookings', p1.token, { deskId: w2, day: TODAY }), 201);

    // an open plan of that floor and day is told, and only where: no person, no desk
    const changed = await watch.waitFor(
      (f) => f.type === 'event' && f.event.type === 'desks.changed' && f.event.floorId === floorId,
    );
    expect(changed.type === 'event' && changed.event).toEqual({ type: 'desks.changed', floorId, day: TODAY });

    // the floor is full: three wait, in the order they joined; one with a desk cannot
    const sockets2 = await listen(p2.token);
    const sockets3 = await listen(p3.token);
    const sockets4 = await listen(p4.token);
    for (const [i, p] of [p2, p3, p4].entries()) {
      const joined = expectBody(
        WaitlistEntryResponse,
        await api('POST', '/waitlist', p.token, { floorId, day: TODAY }),
        201,
      );
      expect(joined.entry).toMatchObject({ floorId, day: TODAY, position: i + 1, offer: null });
    }
    expect(
      expectBody(WaitlistRefusal, await api('POST', '/waitlist', p0.token, { floorId, day: TODAY }), 409).error.code,
    ).toBe('already_booked');
    expect(
      expectBody(WaitlistRefusal, await api('POST', '/waitlist', p2.token, { floorId, day: '2026-12-01' }), 409).error
        .code,
    ).toBe('booking_limit');

    // a cancellation at 09:55: the desk goes to the first waiting
    now = AT_10 - 5 * 60_000;
    expect((await api('DELETE', `/bookings/${first.id}`, p0.token)).status).toBe(200);
    const offer = await offered(sockets2, 'W-1');
    expect(offer.type === 'event' && offer.event).toMatchObject({
      type: 'desks.offered',
      floorId,
      day: TODAY,
      desk: { id: w1, label: 'W-1' },
      until: new Date(AT_10 + 10 * 60_000).toISOString(),
    });
    expect((await mine(p2.token))[0]).toMatchObject({ position: 1, offer: { deskId: w1, deskLabel: 'W-1' } });
    expect((await mine(p3.token))[0]).toMatchObject({ position: 2, offer: null });

    // 10:00 in Jakarta: nobody checked in to W-2, so the server's sweep releases it for the next waiting
    now = AT_10;
    await offered(sockets3, 'W-2');
    expect((await mine(p3.token))[0]).toMatchObject({ offer: { deskId: w2, deskLabel: 'W-2' } });
    // p3 takes it, and waits no more
    expectBody(BookingsResponse, await api('POST', '/bookings', p3.token, { deskId: w2, day: TODAY }), 201);
    expect(await mine(p3.token)).toEqual([]);

    // p2 lets the offer (made at 09:55) lapse: after 15 minutes it passes to p4, and p2 goes to the back of the queue
    now = AT_10 + 16 * 60_000;
    await offered(sockets4, 'W-1');
    await until(async () => (await mine(p2.token))[0]?.offer === null);
    expect((await mine(p2.token))[0]).toMatchObject({ position: 2, offer: null });
    expect((await mine(p4.token))[0]).toMatchObject({ position: 1, offer: { deskId: w1 } });

    // leaving the list
    const entry = (await mine(p2.token))[0]!;
    expect(expectBody(WaitlistResponse, await api('DELETE', `/waitlist/${entry.id}`, p2.token)).entries).toEqual([]);
    expect((await api('DELETE', `/waitlist/${entry.id}`, p2.token)).status).toBe(404);

    // nobody but the first waiting person was offered anything, and no event names a person
    for (const c of [watch, sockets2, sockets3, sockets4])
      for (const e of c.events()) {
        const event: OfficeEvent = e.event;
        if (event.type === 'desks.changed') expect(Object.keys(event).sort()).toEqual(['day', 'floorId', 'type']);
      }
    expect(watch.events().filter((e) => e.event.type === 'desks.offered')).toEqual([]);
  });

  it('lets people wait for any floor of a site; a freed desk goes to the first in line whose wait contains it', async () => {
    const TOMORROW = '2026-12-08';
    now = T0;
    const site = expectBody(
      SiteResponse,
      await api('POST', '/admin/sites', admin.accessToken, { name: 'Two floors', timeZone: 'Asia/Jakarta' }),
      201,
    ).site;
    const floor = async (name: string, label: string) => {
      const id = expectBody(
        FloorResponse,
        await api('POST', '/admin/floors', admin.accessToken, { siteId: site.id, name, width: 200, height: 100 }),
        201,
      ).floor.id;
      const desk = expectBody(
        ImportFloorResponse,
        await api('POST', `/admin/floors/${id}/import`, admin.accessToken, { csv: `label,x,y\n${label},0,0` }),
      ).desks[0]!;
      return { id, desk: desk.id };
    };
    const a = await floor('A', 'A-1');
    const b = await floor('B', 'B-1');
    const [p0, p1, p2, p3, p4] = (await makePeople(s.dataDir, (await databaseFor(s.dataDir)).database, 5, T0)) as [
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
    ];
    const join = (p: { token: string }, body: unknown) => api('POST', '/waitlist', p.token, body);
    const first = expectBody(
      BookingsResponse,
      await api('POST', '/bookings', p0.token, { deskId: a.desk, day: TOMORROW }),
      201,
    ).bookings[0]!;
    // floor A is full, but a desk of the site is free on floor B: book that rather than wait
    expect(expectBody(WaitlistRefusal, await join(p2, { siteId: site.id, day: TOMORROW }), 409).error).toMatchObject({
      code: 'desk_free',
      nextFreeDesk: { label: 'B-1', floorId: b.id },
    });
    const second = expectBody(
      BookingsResponse,
      await api('POST', '/bookings', p1.token, { deskId: b.desk, day: TOMORROW }),
      201,
    ).bookings[0]!;

    // in line: p2 for floor B, p3 for any floor, p4 for floor A (p2's floor B is not ahead of p4)
    expect(
      expectBody(WaitlistEntryResponse, await join(p2, { floorId: b.id, day: TOMORROW }), 201).entry,
    ).toMatchObject({ siteId: site.id, floorId: b.id, position: 1 });
    expect(
      expectBody(WaitlistEntryResponse, await join(p3, { siteId: site.id, day: TOMORROW }), 201).entry,
    ).toMatchObject({ siteId: site.id, floorId: null, position: 2, offer: null });
    expect(
      expectBody(WaitlistEntryResponse, await join(p4, { floorId: a.id, day: TOMORROW }), 201).entry,
    ).toMatchObject({ floorId: a.id, position: 2 });
    expect((await join(p4, { siteId: 'site_nope', day: TOMORROW })).status).toBe(404);
    expect((await join(p4, { siteId: site.id, floorId: a.id, day: TOMORROW })).status).toBe(400);
    const [s2, s3, s4] = [await listen(p2.token), await listen(p3.token), await listen(p4.token)];

    // A-1 freed: p2 waits for floor B only, so the first whose wait contains it is p3 (any floor)
    expect((await api('DELETE', `/bookings/${first.id}`, p0.token)).status).toBe(200);
    const offerA = await offered(s3, 'A-1');
    expect(offerA.type === 'event' && offerA.event).toMatchObject({
      floorId: a.id,
      day: TOMORROW,
      desk: { id: a.desk },
    });
    expect((await mine(p3.token)).find((e) => e.day === TOMORROW)).toMatchObject({
      floorId: null,
      offer: { deskId: a.desk, deskLabel: 'A-1' },
    });
    // B-1 freed: p2, first in line, waits for floor B
    expect((await api('DELETE', `/bookings/${second.id}`, p1.token)).status).toBe(200);
    await offered(s2, 'B-1');
    expect((await mine(p2.token)).find((e) => e.day === TOMORROW)).toMatchObject({ offer: { deskId: b.desk } });
    await sleep(100);
    expect(s4.events().filter((e) => e.event.type === 'desks.offered')).toEqual([]);
    expect(s3.events().filter((e) => e.event.type === 'desks.offered')).toHaveLength(1);
  });
});
