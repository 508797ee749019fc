// The office plan and desk bookings over real HTTP, on SQLite and (office-pg) PostgreSQL alike: the
// plan drawn by an admin and imported from JSON and CSV, bookings for a day, a range and recurring
// weekdays, cancelling one day of a range, the policy's limits, colleagues' office days without
// their desks, team days, and the race for the last desks decided by the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BookingRefusal,
  BookingResponse,
  BookingsResponse,
  CheckOutResponse,
  DeskResponse,
  FloorPlanResponse,
  FloorResponse,
  ImportFloorResponse,
  OfficeDaysResponse,
  SiteResponse,
  SitesResponse,
  TeamDaysResponse,
  type LoginResponse,
} from '../../../shared/office-api';
import {
  ENGINE,
  createTestDatabase,
  databaseFor,
  expectBody,
  rememberDatabase,
  sleep,
  sqlOn,
  startTestServer,
  tempDir,
  type TestServer,
} from './helpers';
import { makePeople } from './desk-people';

// Monday 7 December 2026, 09:00 in Jakarta
const T0 = Date.parse('2026-12-07T02:00:00.000Z');
const TODAY = '2026-12-07';

describe('office server: the office plan and desk bookings', () => {
  let s: TestServer;
  let admin: LoginResponse;
  let budi: LoginResponse;
  let rudi: LoginResponse;
  let siti: LoginResponse;
  let floorId: string;
  const deskIds = new Map<string, string>();

  const post = (path: string, who: LoginResponse, body: unknown) => s.api.post(path, who.accessToken, body);
  const get = (path: string, who: LoginResponse) => s.api.get(path, who.accessToken);
  const book = (who: LoginResponse, body: unknown) => post('/api/v1/bookings', who, body);
  const desk = (label: string) => {
    const id = deskIds.get(label);
    if (!id) throw new Error(`no desk ${label}`);
    return id;
  };

  beforeAll(async () => {
    s = await startTestServer({ now: () => T0, deskPolicy: { daysAhead: 14, perWeek: 3 } });
    admin = await s.api.login('admin');
    budi = await s.api.login('budi');
    rudi = await s.api.login('rudi');
    siti = await s.api.login('siti');
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('lets an admin draw a floor and import desks from JSON and CSV, all lines or none', async () => {
    const site = expectBody(
      SiteResponse,
      await post('/api/v1/admin/sites', admin, { name: 'Surabaya', timeZone: 'Asia/Jakarta' }),
      201,
    ).site;
    expect((await post('/api/v1/admin/sites', admin, { name: 'Elsewhere', timeZone: 'Mars/Olympus' })).status).toBe(
      400,
    );
    expect((await post('/api/v1/admin/sites', budi, { name: 'Mine', timeZone: 'Asia/Jakarta' })).status).toBe(403);
    const floor = expectBody(
      FloorResponse,
      await post('/api/v1/admin/floors', admin, { siteId: site.id, name: 'Floor 5', width: 1000, height: 500 }),
      201,
    ).floor;
    floorId = floor.id;

    const json = expectBody(
      ImportFloorResponse,
      await post(`/api/v1/admin/floors/${floorId}/import`, admin, {
        desks: Array.from({ length: 20 }, (_, i) => ({
          label: `5-${String(i + 1).padStart(2, '0')}`,
          x: 40 * i,
          y: 100,
          zone: i < 10 ? 'North' : 'South',
          equipment: ['docking-station', 'two-screens'],
        })),
      }),
    );
    expect(json).toMatchObject({ created: 20, updated: 0 });

    // a bad line anywhere: a clear error naming it, and nothing of the file is written
    const bad = await post(`/api/v1/admin/floors/${floorId}/import`, admin, {
      csv: 'label,x,y,zone,equipment,bookable\n5-21,10,10,South,ip-phone,yes\n5-22,10,9999,South,,yes\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('CSV desk 2');
    expect(bad.text).toContain('outside the floor');
    const badEquipment = await post(`/api/v1/admin/floors/${floorId}/import`, admin, {
      csv: 'label,x,y,equipment\n5-21,10,10,espresso-machine\n',
    });
    expect(badEquipment.status).toBe(400);

    const csv = expectBody(
      ImportFloorResponse,
      await post(`/api/v1/admin/floors/${floorId}/import`, admin, {
        csv: 'label,x,y,zone,equipment,bookable\n5-20,800,300,South,ip-phone;docking-station,no\n5-21,820,100,South,,yes\n',
      }),
    );
    expect(csv).toMatchObject({ created: 1, updated: 1 });
    expect(csv.desks).toHaveLength(21);
    for (const d of csv.desks) deskIds.set(d.label, d.id);
    expect(csv.desks.find((d) => d.label === '5-20')).toMatchObject({ bookable: false, x: 800, y: 300 });

    // one desk by the API, then moved
    const added = expectBody(
      DeskResponse,
      await post(`/api/v1/admin/floors/${floorId}/desks`, admin, { label: '5-22', x: 900, y: 400, zone: 'South' }),
      201,
    ).desk;
    deskIds.set('5-22', added.id);
    const moved = await s.api.request('PATCH', `/api/v1/admin/desks/${added.id}`, {
      token: admin.accessToken,
      body: { x: 950, equipment: ['ip-phone'] },
    });
    expect(expectBody(DeskResponse, moved).desk).toMatchObject({ x: 950, y: 400, equipment: ['ip-phone'] });

    const sites = expectBody(SitesResponse, await get('/api/v1/sites', budi));
    expect(sites.floors.map((f) => f.name)).toContain('Floor 5');
  });

  it('books a day, a range and recurring weekdays, each all or nothing', async () => {
    const one = expectBody(BookingsResponse, await book(budi, { deskId: desk('5-01'), day: '2026-12-08' }), 201);
    expect(one.bookings).toMatchObject([{ day: '2026-12-08', deskLabel: '5-01', seriesId: null }]);

    // Mon–Fri of next week, only Monday, Wednesday and Friday
    const weekly = expectBody(
      BookingsResponse,
      await book(budi, { deskId: desk('5-02'), from: '2026-12-14', to: '2026-12-18', weekdays: [1, 3, 5] }),
      201,
    );
    expect(weekly.bookings.map((b) => b.day)).toEqual(['2026-12-14', '2026-12-16', '2026-12-18']);
    expect(new Set(weekly.bookings.map((b) => b.seriesId)).size).toBe(1);

    // a range that meets Rudi's day on that desk: refused whole, with the day and a free desk
    expectBody(BookingsResponse, await book(rudi, { deskId: desk('5-03'), day: '2026-12-10' }), 201);
    const clash = await book(siti, { deskId: desk('5-03'), from: '2026-12-09', to: '2026-12-11' });
    const refusal = expectBody(BookingRefusal, clash, 409);
    expect(refusal.error.code).toBe('desk_taken');
    expect(refusal.error.days).toEqual(['2026-12-10']);
    expect(refusal.error.message).toContain('5-03');
    // the first free desk of that day, in the same zone first: Budi's 5-01 is free on the 10th
    expect(refusal.error.nextFreeDesk?.label).toBe('5-01');
    const sitiHas = expectBody(BookingsResponse, await get(`/api/v1/bookings?from=${TODAY}&to=2026-12-31`, siti));
    expect(sitiHas.bookings).toEqual([]);

    // one desk a person a day
    const twice = expectBody(BookingRefusal, await book(budi, { deskId: desk('5-05'), day: '2026-12-08' }), 409);
    expect(twice.error.code).toBe('already_booked');

    // a desk that is not bookable
    expect((await book(budi, { deskId: desk('5-20'), day: '2026-12-09' })).status).toBe(409);
  });

  it('keeps to the policy: days ahead and desk-days a week', async () => {
    const far = expectBody(BookingRefusal, await book(rudi, { deskId: desk('5-06'), day: '2026-12-22' }), 409);
    expect(far.error).toMatchObject({ code: 'booking_limit', days: ['2026-12-22'] });
    expect(far.error.message).toContain('14 days ahead');
    const past = expectBody(BookingRefusal, await book(rudi, { deskId: desk('5-06'), day: '2026-12-04' }), 409);
    expect(past.error.code).toBe('booking_limit');
    // Budi has 8 Dec this week; three a week: two more fit, a third does not
    const week = expectBody(
      BookingRefusal,
      await book(budi, { deskId: desk('5-07'), from: '2026-12-09', to: '2026-12-11' }),
      409,
    );
    expect(week.error).toMatchObject({ code: 'booking_limit', days: ['2026-12-11'] });
    expect(week.error.message).toContain('at most 3');
    expectBody(BookingsResponse, await book(budi, { deskId: desk('5-07'), from: '2026-12-09', to: '2026-12-10' }), 201);
  });

  it('cancels one day of a range, then the rest of it', async () => {
    const mine = expectBody(BookingsResponse, await get('/api/v1/bookings?from=2026-12-14&to=2026-12-18', budi));
    const wednesday = mine.bookings.find((b) => b.day === '2026-12-16');
    expect(wednesday).toBeDefined();
    // not someone else's
    expect(
      (await s.api.request('DELETE', `/api/v1/bookings/${wednesday!.id}`, { token: rudi.accessToken })).status,
    ).toBe(404);
    const del = await s.api.request('DELETE', `/api/v1/bookings/${wednesday!.id}`, { token: budi.accessToken });
    expect(expectBody(BookingsResponse, del).bookings.map((b) => b.day)).toEqual(['2026-12-16']);
    const left = expectBody(BookingsResponse, await get('/api/v1/bookings?from=2026-12-14&to=2026-12-18', budi));
    expect(left.bookings.map((b) => b.day)).toEqual(['2026-12-14', '2026-12-18']);

    // the freed day can be booked by someone else
    expectBody(BookingsResponse, await book(rudi, { deskId: desk('5-02'), day: '2026-12-16' }), 201);

    const rest = expectBody(
      BookingsResponse,
      await post('/api/v1/bookings/cancel', budi, { seriesId: left.bookings[0]!.seriesId }),
    );
    expect(rest.bookings.map((b) => b.day)).toEqual(['2026-12-14', '2026-12-18']);
    const range = expectBody(
      BookingsResponse,
      await post('/api/v1/bookings/cancel', budi, { from: '2026-12-09', to: '2026-12-09' }),
    );
    expect(range.bookings.map((b) => b.day)).toEqual(['2026-12-09']);
  });

  it('shows who of my team is in on a day, never their desk unless they allow it; team days from the manager', async () => {
    const days = expectBody(OfficeDaysResponse, await get('/api/v1/office-days?from=2026-12-07&to=2026-12-13', budi));
    const rudiDays = days.people.find((p) => p.userId === rudi.user.id)?.days ?? [];
    expect(rudiDays).toContain('2026-12-10');
    expect(JSON.stringify(days)).not.toContain(desk('5-03'));

    const planFor = async (who: LoginResponse) =>
      expectBody(FloorPlanResponse, await get(`/api/v1/floors/${floorId}/plan?day=2026-12-10`, who));
    const d503 = (p: FloorPlanResponse) => p.desks.find((d) => d.label === '5-03');
    expect(d503(await planFor(budi))).toMatchObject({ state: 'booked', occupant: null });
    expect(d503(await planFor(rudi))).toMatchObject({ state: 'mine', occupant: { userId: rudi.user.id } });
    expect((await planFor(budi)).desks.find((d) => d.label === '5-20')?.state).toBe('unavailable');

    expect(
      (await s.api.request('PUT', '/api/v1/desks/sharing', { token: rudi.accessToken, body: { shareDesk: true } }))
        .status,
    ).toBe(200);
    expect(d503(await planFor(budi))).toMatchObject({
      state: 'booked',
      occupant: { userId: rudi.user.id, displayName: 'Rudi Hartono' },
    });

    expect((await post('/api/v1/team-days', budi, { days: ['2026-12-09'] })).status).toBe(403);
    const proposed = expectBody(
      TeamDaysResponse,
      await post('/api/v1/team-days', siti, { days: ['2026-12-09', '2026-12-11'] }),
    );
    expect(proposed.teamDays).toEqual(['2026-12-09', '2026-12-11']);
    const seen = expectBody(OfficeDaysResponse, await get('/api/v1/office-days?from=2026-12-07&to=2026-12-13', budi));
    expect(seen.teamDays).toEqual(['2026-12-09', '2026-12-11']);
    const gone = await s.api.request('DELETE', '/api/v1/team-days/2026-12-11', { token: siti.accessToken });
    expect(gone.status).toBe(200);
    const after = expectBody(OfficeDaysResponse, await get('/api/v1/office-days?from=2026-12-07&to=2026-12-13', budi));
    expect(after.teamDays).toEqual(['2026-12-09']);
  });

  it('gives the last 10 desks to exactly 10 of 200 people booking at once; the rest a 409 with the reason', async () => {
    const day = '2026-12-15';
    const engine = await databaseFor(s.dataDir);
    const people = await makePeople(s.dataDir, engine.database, 211, T0);
    // all but the last 10 bookable desks are taken that day, by 11 other people
    const bookable = [...deskIds.entries()].filter(([label]) => label !== '5-20').map(([, id]) => id);
    expect(bookable).toHaveLength(21);
    const last = bookable.slice(11);
    for (const [i, id] of bookable.slice(0, 11).entries())
      expect((await s.api.post('/api/v1/bookings', people[200 + i]!.token, { deskId: id, day })).status).toBe(201);

    // 200 people, 20 on each of the 10 desks, all at once
    const results = await Promise.all(
      people.slice(0, 200).map((p, i) => s.api.post('/api/v1/bookings', p.token, { deskId: last[i % 10], day })),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(190);
    for (const r of lost) {
      const body = BookingRefusal.parse(r.body);
      expect(body.error.code).toBe('desk_taken');
      expect(body.error.days).toEqual([day]);
      expect(body.error.message).toMatch(/^desk 5-\d\d is already booked on 2026-12-15/);
    }
    const counts = await sqlOn<{ desk_id: string; n: number }>(
      s.dataDir,
      'SELECT desk_id, COUNT(*) AS n FROM desk_bookings WHERE day = ? AND released_at IS NULL GROUP BY desk_id',
      [day],
    );
    for (const id of last) expect(Number(counts.rows.find((r) => r.desk_id === id)?.n)).toBe(1);
    expect(counts.rows.every((r) => Number(r.n) === 1)).toBe(true);
  });
});

describe.skipIf(ENGINE !== 'postgres')('office server: the last desks across two nodes on one PostgreSQL', () => {
  const nodes: TestServer[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.cleanup();
  });

  it('gives 10 desks to exactly 10 of 200 people whose requests land on either node', async () => {
    const url = await createTestDatabase();
    // one after the other: the first seeds the demo office, the second finds it
    for (let i = 0; i < 2; i++)
      nodes.push(await startTestServer({ now: () => T0, database: { url, maxConnections: 10 }, dataDir: tempDir() }));
    const [a, b] = nodes as [TestServer, TestServer];
    rememberDatabase(a.dataDir, url);
    const budi = await a.api.login('budi');
    const sites = expectBody(SitesResponse, await b.api.get('/api/v1/sites', budi.accessToken));
    const floor = sites.floors[0]!;
    const day = '2026-12-15';
    const plan = expectBody(
      FloorPlanResponse,
      await a.api.get(`/api/v1/floors/${floor.id}/plan?day=${day}`, budi.accessToken),
    );
    const free = plan.desks.filter((d) => d.state === 'free').map((d) => d.id);
    const people = await makePeople(a.dataDir, { url }, 200 + free.length - 10, T0);
    // all but 10 free desks are taken first
    for (const [i, id] of free.slice(10).entries())
      expect((await a.api.post('/api/v1/bookings', people[200 + i]!.token, { deskId: id, day })).status).toBe(201);
    const last = free.slice(0, 10);
    const results = await Promise.all(
      people
        .slice(0, 200)
        .map((p, i) => (i % 2 === 0 ? a : b).api.post('/api/v1/bookings', p.token, { deskId: last[i % 10], day })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409)).toHaveLength(190);
    const counts = await sqlOn<{ n: number }>(
      a.dataDir,
      'SELECT COUNT(*) AS n FROM desk_bookings WHERE day = ? AND released_at IS NULL GROUP BY desk_id HAVING COUNT(*) > 1',
      [day],
    );
    expect(counts.rows).toEqual([]);
  });
});

describe('office server: checking in and out of a desk, and desks released unused at the check-in hour', () => {
  let s: TestServer;
  // Monday 7 December 2026, 09:00 in Jakarta; the test moves the clock
  let now = T0;
  afterAll(async () => {
    await s.cleanup();
  });

  it('checks in today only, releases the unchecked at 10:00, and a check-out frees the desk with the checklist', async () => {
    s = await startTestServer({ now: () => now, deskSweepMs: 25, accessTokenTtlMs: 24 * 3600_000 });
    const [budi, rudi, ayu] = [await s.api.login('budi'), await s.api.login('rudi'), await s.api.login('ayu')];
    const sites = expectBody(SitesResponse, await s.api.get('/api/v1/sites', budi.accessToken));
    const floorId = sites.floors[0]!.id;
    const plan = async () =>
      expectBody(FloorPlanResponse, await s.api.get(`/api/v1/floors/${floorId}/plan?day=${TODAY}`, ayu.accessToken));
    const [a, b] = (await plan()).desks.filter((d) => d.state === 'free');
    const mine = expectBody(
      BookingsResponse,
      await s.api.post('/api/v1/bookings', budi.accessToken, { deskId: a!.id, day: TODAY }),
      201,
    ).bookings[0]!;
    expectBody(
      BookingsResponse,
      await s.api.post('/api/v1/bookings', rudi.accessToken, { deskId: b!.id, day: TODAY }),
      201,
    );
    const later = expectBody(
      BookingsResponse,
      await s.api.post('/api/v1/bookings', budi.accessToken, { deskId: a!.id, day: '2026-12-08' }),
      201,
    ).bookings[0]!;

    expect((await s.api.post(`/api/v1/bookings/${later.id}/check-in`, budi.accessToken, {})).status).toBe(409);
    expect((await s.api.post(`/api/v1/bookings/${mine.id}/check-in`, rudi.accessToken, {})).status).toBe(404);
    const checked = expectBody(
      BookingResponse,
      await s.api.post(`/api/v1/bookings/${mine.id}/check-in`, budi.accessToken, {}),
    );
    expect(checked.booking.checkedInAt).toBe(new Date(T0).toISOString());

    // 10:00 in Jakarta: Rudi never came in, so his desk is free again; Budi's stays his
    now = Date.parse('2026-12-07T03:00:00.000Z');
    for (let i = 0; i < 600 && (await plan()).desks.find((d) => d.id === b!.id)?.state !== 'free'; i++) await sleep(25);
    expect((await plan()).desks.find((d) => d.id === b!.id)?.state).toBe('free');
    expect((await plan()).desks.find((d) => d.id === a!.id)?.state).toBe('booked');

    const out = expectBody(
      CheckOutResponse,
      await s.api.post(`/api/v1/bookings/${mine.id}/check-out`, budi.accessToken, {}),
    );
    expect(out.cleanDesk).toEqual(['Lock the screen', 'Take your documents with you', 'Log the IP phone out']);
    expect((await plan()).desks.find((d) => d.id === a!.id)?.state).toBe('free');
    // free for the rest of the day: someone else takes it
    expect((await s.api.post('/api/v1/bookings', ayu.accessToken, { deskId: a!.id, day: TODAY })).status).toBe(201);
  });
});

describe('office server: the weekly limit holds when one person books many days at once', () => {
  let s: TestServer;
  afterAll(async () => {
    await s.cleanup();
  });

  it('gives each of 6 people racing 7 single days of one week exactly 3 of them (3 a week); the rest 409', async () => {
    s = await startTestServer({ now: () => T0, deskPolicy: { daysAhead: 14, perWeek: 3 } });
    const budi = await s.api.login('budi');
    const sites = expectBody(SitesResponse, await s.api.get('/api/v1/sites', budi.accessToken));
    const plan = expectBody(
      FloorPlanResponse,
      await s.api.get(`/api/v1/floors/${sites.floors[0]!.id}/plan?day=2026-12-14`, budi.accessToken),
    );
    const free = plan.desks.filter((d) => d.state === 'free').map((d) => d.id);
    const people = await makePeople(s.dataDir, (await databaseFor(s.dataDir)).database, 6, T0);
    expect(free.length).toBeGreaterThanOrEqual(people.length);
    // Monday 14 to Sunday 20 December: each person on a desk of their own, every request at once
    const week = ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-19', '2026-12-20'];
    const results = await Promise.all(
      people.flatMap((p, i) => [
        ...week.map((day) =>
          s.api.post('/api/v1/bookings', p.token, { deskId: free[i], day }).then((r) => ({ who: p.id, r })),
        ),
      ]),
    );
    for (const p of people) {
      const theirs = results.filter((x) => x.who === p.id);
      expect(theirs.filter((x) => x.r.status === 201)).toHaveLength(3);
      const refused = theirs.filter((x) => x.r.status === 409).map((x) => BookingRefusal.parse(x.r.body).error);
      expect(refused).toHaveLength(4);
      for (const e of refused) expect(e).toMatchObject({ code: 'booking_limit', nextFreeDesk: null });
    }
    const held = await sqlOn<{ user_id: string; n: number }>(
      s.dataDir,
      `SELECT user_id, COUNT(*) AS n FROM desk_bookings WHERE day >= ? AND day <= ? AND released_at IS NULL
       GROUP BY user_id`,
      [week[0], week[6]],
    );
    expect(held.rows.map((r) => Number(r.n))).toEqual(people.map(() => 3));
  });
});
