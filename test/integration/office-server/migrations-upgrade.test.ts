// An upgrade, not a fresh install: a database at schema version 1, filled with a row in every
// table, is migrated to the latest version on the engine this project names (SQLite in `node`,
// PostgreSQL in `office-pg`). Every row is still there with every value, and the server started on
// the upgraded database serves them through the API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../office-server/auth/passwords';
import { MIGRATIONS } from '../../../office-server/data/migrations';
import { migratePostgres } from '../../../office-server/data/postgres/database';
import { migrate as migrateSqlite } from '../../../office-server/data/sqlite/database';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../../office-server/data/sqlite/migrations';
import { DATABASE_FILE } from '../../../office-server/server';
import {
  MessagesResponse,
  PresenceListResponse,
  SummaryListResponse,
  TicketDetailResponse,
  WaitlistResponse,
  WorkStateListResponse,
} from '../../../shared/office-api';
import {
  ENGINE,
  createTestDatabase,
  expectBody,
  rememberDatabase,
  sqlOn,
  startTestServer,
  tempDir,
  type TestServer,
} from './helpers';

const T0 = Date.parse('2025-05-05T08:00:00Z');
const bool = (b: boolean) => (ENGINE === 'postgres' ? b : b ? 1 : 0);

/** one row for every table of version 1; text with line breaks, quotes, emoji and Indonesian */
async function rows(): Promise<Record<string, Record<string, unknown>[]>> {
  const hash = await hashPassword('upgrade-password-1', { N: 1024, r: 8, p: 1 });
  return {
    meta: [{ key: 'upgrade-test', value: 'v1' }],
    teams: [{ id: 'team_up', name: 'Tim "Dukungan" 😀', created_at: T0 }],
    users: [
      {
        id: 'u_mgr',
        username: 'dewi',
        display_name: 'Dewi Kartika',
        role: 'manager',
        team_id: 'team_up',
        password_hash: hash,
        demo: bool(false),
        created_at: T0,
      },
      {
        id: 'u_wrk',
        username: 'eko',
        display_name: 'Eko Prasetyo',
        role: 'worker',
        team_id: 'team_up',
        password_hash: hash,
        demo: bool(false),
        created_at: T0 + 1,
      },
    ],
    auth_sessions: [
      {
        id: 'sess_1',
        user_id: 'u_wrk',
        access_hash: 'ah1',
        access_expires_at: T0 + 1000,
        refresh_hash: 'rh1',
        refresh_expires_at: T0 + 2000,
        created_at: T0,
        revoked_at: null,
      },
    ],
    idempotency: [
      {
        user_id: 'u_wrk',
        key: 'k1',
        fingerprint: 'fp',
        state: 'done',
        status: 201,
        body: '{"ok":true}',
        created_at: T0,
        lease_until: T0 + 1,
      },
    ],
    tickets: [
      {
        id: 'INC-7001',
        title: 'Printer di cabang\nmacet',
        description: 'Kertas "A4", lagi',
        requester: 'Cabang Bandung',
        priority: 'P2',
        status: 'in-progress',
        escalation_level: 'L1',
        team_id: 'team_up',
        assignee_id: 'u_wrk',
        created_by: 'u_mgr',
        created_at: T0,
        updated_at: T0 + 60_000,
        responded_at: T0 + 30_000,
        resolved_at: null,
        closed_at: null,
        paused_ms: 0,
        paused_since: null,
        version: 3,
      },
    ],
    ticket_comments: [
      {
        id: 'cm_1',
        ticket_id: 'INC-7001',
        author_id: 'u_wrk',
        kind: 'comment',
        body: 'Sudah saya cek, toner habis.',
        created_at: T0 + 40_000,
      },
    ],
    messages: [
      {
        id: 'm_1',
        channel_id: 'team:team_up',
        sender_id: 'u_wrk',
        client_id: 'c-1',
        body: 'Selamat pagi 😀\nsiap kerja',
        created_at: T0 + 50_000,
      },
    ],
    presence: [
      {
        user_id: 'u_wrk',
        status: 'busy',
        location: 'home',
        status_text: 'Rapat sampai 10:00',
        connected: bool(false),
        updated_at: T0 + 5,
      },
    ],
    summaries: [
      {
        id: 'sum_1',
        user_id: 'u_wrk',
        date: '2025-05-05',
        worked_minutes: 420,
        break_minutes: 45,
        segments: '[]',
        tickets: '[{"id":"INC-7001","outcome":"in-progress"}]',
        sla_breaches: '[]',
        notes: 'Catatan: "semua" baik',
        received_at: T0 + 9 * 3_600_000,
        idempotency_key: 'sum-k-1',
      },
    ],
    events: [{ id: 1, at: T0 + 50_000, payload: '{"type":"noop"}' }],
    event_recipients: [{ user_id: 'u_wrk', event_id: 1 }],
  };
}

/** a value as the test wrote it: PostgreSQL's BIGINT comes back as text, SQLite's booleans as 0/1 */
const normal = (v: unknown) =>
  typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v === true ? 1 : v === false ? 0 : v;

describe(`office server (${ENGINE}): a filled version-1 database migrates to the latest with every row intact`, () => {
  let s: TestServer | undefined;
  afterAll(async () => {
    await s?.cleanup();
  });

  it(`upgrades from 1 to ${MIGRATIONS.at(-1)?.version}`, async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    let url: string | undefined;
    // version 1 exactly as a server of that version would have made it
    if (ENGINE === 'postgres') {
      url = await createTestDatabase();
      rememberDatabase(dataDir, url);
      expect(await migratePostgres({ url }, MIGRATIONS.slice(0, 1))).toBe(1);
    } else {
      const db = new Database(join(dataDir, DATABASE_FILE));
      expect(migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 1))).toBe(1);
      db.close();
    }
    const data = await rows();
    for (const [table, list] of Object.entries(data))
      for (const row of list) {
        const cols = Object.keys(row);
        await sqlOn(
          dataDir,
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          Object.values(row),
        );
      }

    // the latest server version's migrations
    if (url) expect(await migratePostgres({ url })).toBe(MIGRATIONS.at(-1)?.version);
    else {
      const db = new Database(join(dataDir, DATABASE_FILE));
      expect(migrateSqlite(db)).toBe(MIGRATIONS.at(-1)?.version);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
      db.close();
    }

    for (const [table, list] of Object.entries(data)) {
      const stored = (await sqlOn(dataDir, `SELECT * FROM ${table}`)).rows;
      expect(stored, table).toHaveLength(list.length);
      for (const row of list) {
        const key = Object.keys(row)[0] as string;
        const found = stored.find((r) => normal(r[key]) === normal(row[key]));
        expect(found, `${table} ${String(row[key])}`).toBeDefined();
        for (const [col, value] of Object.entries(row))
          expect(normal(found?.[col]), `${table}.${col}`).toEqual(normal(value));
      }
    }

    // and the server of today reads them
    s = await startTestServer({ dataDir, demo: false });
    const eko = await s.api.login('eko', 'upgrade-password-1');
    expect(eko.user).toMatchObject({ id: 'u_wrk', displayName: 'Eko Prasetyo', teamId: 'team_up' });
    const ticket = expectBody(TicketDetailResponse, await s.api.get('/api/v1/tickets/INC-7001', eko.accessToken));
    expect(ticket.ticket).toMatchObject({ title: 'Printer di cabang\nmacet', version: 3, assigneeId: 'u_wrk' });
    expect(ticket.comments.map((c) => c.body)).toContain('Sudah saya cek, toner habis.');
    const chat = expectBody(
      MessagesResponse,
      await s.api.get('/api/v1/chat/channels/team%3Ateam_up/messages', eko.accessToken),
    );
    expect(chat.items.map((m) => m.body)).toEqual(['Selamat pagi 😀\nsiap kerja']);
    const presence = expectBody(PresenceListResponse, await s.api.get('/api/v1/presence', eko.accessToken));
    expect(presence.items.find((p) => p.userId === 'u_wrk')).toMatchObject({
      status: 'busy',
      statusText: 'Rapat sampai 10:00',
    });
    const summaries = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/summaries?date=2025-05-05', eko.accessToken),
    );
    expect(summaries.items).toHaveLength(1);
    expect(summaries.items[0]).toMatchObject({ id: 'sum_1', notes: 'Catatan: "semua" baik', workedMinutes: 420 });
    // the tables of later versions are there and empty: the waiting list (15) answers
    expect(expectBody(WaitlistResponse, await s.api.get('/api/v1/waitlist', eko.accessToken)).entries).toEqual([]);
    expect(Number((await sqlOn<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM desk_waitlist')).rows[0]?.n)).toBe(0);
  }, 120_000);

  it('keeps a timer state of version 14 through the office-loss column (16), which reads as none', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    let url: string | undefined;
    if (ENGINE === 'postgres') {
      url = await createTestDatabase();
      rememberDatabase(dataDir, url);
      expect(await migratePostgres({ url }, MIGRATIONS.slice(0, 14))).toBe(14);
    } else {
      const db = new Database(join(dataDir, DATABASE_FILE));
      expect(migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 14))).toBe(14);
      db.close();
    }
    const data = await rows();
    for (const table of ['teams', 'users'])
      for (const row of data[table]!) {
        const cols = Object.keys(row);
        await sqlOn(
          dataDir,
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          Object.values(row),
        );
      }
    await sqlOn(
      dataDir,
      'INSERT INTO work_states (user_id, date, mode, ticket_id, since, worked_ms, at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ['u_wrk', '2025-05-05', 'working', null, T0, 3_600_000, T0 + 5, T0 + 6],
    );
    if (url) expect(await migratePostgres({ url })).toBe(MIGRATIONS.at(-1)?.version);
    else {
      const db = new Database(join(dataDir, DATABASE_FILE));
      expect(migrateSqlite(db)).toBe(MIGRATIONS.at(-1)?.version);
      db.close();
    }
    const [stored] = (await sqlOn(dataDir, 'SELECT * FROM work_states')).rows;
    expect(Object.fromEntries(Object.entries(stored!).map(([k, v]) => [k, normal(v)]))).toEqual({
      user_id: 'u_wrk',
      date: '2025-05-05',
      mode: 'working',
      ticket_id: null,
      since: T0,
      worked_ms: 3_600_000,
      at: T0 + 5,
      received_at: T0 + 6,
      office_lost: '[]',
    });
    const server = await startTestServer({ dataDir, demo: false });
    try {
      const dewi = await server.api.login('dewi', 'upgrade-password-1');
      const list = expectBody(
        WorkStateListResponse,
        await server.api.get('/api/v1/team/work-states?date=2025-05-05', dewi.accessToken),
      );
      expect(list.items).toMatchObject([{ userId: 'u_wrk', mode: 'working', workedMs: 3_600_000, officeLost: [] }]);
    } finally {
      await server.cleanup();
    }
  }, 120_000);

  it('keeps the waiting list of version 18 through the site-wide waits (21): each wait its floor, and now its site', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    let url: string | undefined;
    if (ENGINE === 'postgres') {
      url = await createTestDatabase();
      rememberDatabase(dataDir, url);
      expect(await migratePostgres({ url }, MIGRATIONS.slice(0, 18))).toBe(18);
    } else {
      const db = new Database(join(dataDir, DATABASE_FILE));
      expect(migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 18))).toBe(18);
      db.close();
    }
    const data = await rows();
    for (const table of ['teams', 'users'])
      for (const row of data[table]!) {
        const cols = Object.keys(row);
        await sqlOn(
          dataDir,
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          Object.values(row),
        );
      }
    await sqlOn(dataDir, 'INSERT INTO office_sites (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)', [
      'site_1',
      'Tower',
      'Asia/Jakarta',
      T0,
    ]);
    await sqlOn(
      dataDir,
      'INSERT INTO office_floors (id, site_id, name, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ['floor_1', 'site_1', 'Floor 1', 100, 100, T0],
    );
    await sqlOn(
      dataDir,
      'INSERT INTO desk_waitlist (id, user_id, floor_id, day, created_at, offered_desk_id, offered_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ['wait_1', 'u_wrk', 'floor_1', '2025-05-06', T0, null, null],
    );
    if (url) expect(await migratePostgres({ url })).toBe(MIGRATIONS.at(-1)?.version);
    else {
      const db = new Database(join(dataDir, DATABASE_FILE));
      expect(migrateSqlite(db)).toBe(MIGRATIONS.at(-1)?.version);
      db.close();
    }
    const [stored] = (await sqlOn(dataDir, 'SELECT * FROM desk_waitlist')).rows;
    expect(Object.fromEntries(Object.entries(stored!).map(([k, v]) => [k, normal(v)]))).toEqual({
      id: 'wait_1',
      user_id: 'u_wrk',
      site_id: 'site_1',
      floor_id: 'floor_1',
      day: '2025-05-06',
      created_at: T0,
      offered_desk_id: null,
      offered_at: null,
    });
    // one wait per person, site, floor (or none: the whole site) and day
    const again = sqlOn(
      dataDir,
      'INSERT INTO desk_waitlist (id, user_id, site_id, floor_id, day, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ['wait_2', 'u_wrk', 'site_1', 'floor_1', '2025-05-06', T0],
    );
    await expect(again).rejects.toThrow();
    await sqlOn(
      dataDir,
      'INSERT INTO desk_waitlist (id, user_id, site_id, floor_id, day, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ['wait_3', 'u_wrk', 'site_1', null, '2025-05-06', T0 + 1],
    );
    const twice = sqlOn(
      dataDir,
      'INSERT INTO desk_waitlist (id, user_id, site_id, floor_id, day, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ['wait_4', 'u_wrk', 'site_1', null, '2025-05-06', T0 + 2],
    );
    await expect(twice).rejects.toThrow();
  });
});
