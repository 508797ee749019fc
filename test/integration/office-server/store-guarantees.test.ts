// What every store engine guarantees, checked on the engine of the run (SQLite in `node`,
// PostgreSQL in `office-pg`): one summary for 30 concurrent POSTs with one Idempotency-Key, a stale
// ticket version refused, and (PostgreSQL, several pools as several nodes) event ids that every
// node's feed hands over once and in order while writers race, and that a node reads the events
// table once per wake-up however many notifications woke it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Summary, type LoginResponse } from '../../../shared/office-api';
import { migratePostgres, PostgresStore } from '../../../office-server/data/postgres';
import { SqliteStore } from '../../../office-server/data/sqlite';
import { PostgresDatabase, type PgConnection } from '../../../office-server/data/postgres/database';
import { PostgresEventsRepository } from '../../../office-server/data/postgres/events-repository';
import { PostgresEventFeed } from '../../../office-server/data/postgres/feed';
import type { LiveEvent, OfficeStore, UserRecord } from '../../../office-server/data/store';
import { DATABASE_FILE } from '../../../office-server/server';
import { ENGINE, createTestDatabase, sqlOn, startTestServer, tempDir, type TestServer } from './helpers';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

describe(`office server on ${ENGINE}: idempotency and optimistic updates`, () => {
  let s: TestServer;
  let budi: LoginResponse;

  beforeAll(async () => {
    s = await startTestServer();
    budi = await s.api.login('budi');
  });
  afterAll(() => s.cleanup());

  it('stores one summary for 30 concurrent POSTs with one Idempotency-Key, and answers each with it', async () => {
    const body = {
      date: '2025-05-05',
      workedMinutes: 400,
      breakMinutes: 30,
      segments: [],
      tickets: [],
      slaBreaches: [],
      notes: 'thirty at once',
    };
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => s.api.post('/api/v1/summaries', budi.accessToken, body, 'same-key-30')),
    );
    // each is the first result: created (201), or that one replayed; none is "in flight" (the key waits for the first to commit)
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(201));
    const ids = new Set(answers.map((r) => Summary.parse(r.body).id));
    expect(ids.size).toBe(1);
    const { rows } = await sqlOn<{ n: number | string }>(
      s.dataDir,
      'SELECT COUNT(*) AS n FROM summaries WHERE user_id = ? AND idempotency_key = ?',
      [budi.user.id, 'same-key-30'],
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('a ticket update at a stale version is refused: of 10 racing updates at one version exactly one wins', async () => {
    await s.close();
    const store: OfficeStore =
      ENGINE === 'postgres'
        ? new PostgresStore({ url: await databaseUrl(s.dataDir) })
        : new SqliteStore(join(s.dataDir, DATABASE_FILE));
    try {
      const [ticket] = await store.tickets.list({ limit: 1 });
      if (!ticket) throw new Error('the demo has tickets');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.tickets.update(ticket.id, ticket.version, { pausedMs: i + 1 }, Date.now()),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners.length).toBe(1);
      expect(winners[0]?.version).toBe(ticket.version + 1);
      expect(await store.tickets.update(ticket.id, ticket.version, { pausedMs: 99 }, Date.now())).toBeNull();
      expect((await store.tickets.get(ticket.id))?.pausedMs).toBe(winners[0]?.pausedMs);
    } finally {
      await store.close();
    }
  });

  it('a chat message and its event commit together: of 10 racing posts of one clientId, one message and one event', async () => {
    const store: OfficeStore =
      ENGINE === 'postgres'
        ? new PostgresStore({ url: await databaseUrl(s.dataDir) })
        : new SqliteStore(join(s.dataDir, DATABASE_FILE));
    try {
      const [sender, other] = await store.users.list({ teamId: budi.user.teamId ?? undefined });
      if (!sender || !other) throw new Error('the demo team has members');
      const since = await store.events.lastId();
      const at = Date.now();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.postMessage({
            message: {
              channelId: `team:${sender.teamId}`,
              senderId: sender.id,
              clientId: 'race-1',
              body: 'hi',
              createdAt: at,
            },
            event: {
              payload: (m) => JSON.stringify({ type: 'chat.message', id: m.id }),
              recipients: [sender.id, other.id, other.id],
              at,
            },
          }),
        ),
      );
      expect(results.filter((r) => r.created).length).toBe(1);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(results.filter((r) => r.event !== null).length).toBe(1);
      const id = results[0]?.message.id;
      for (const who of [sender.id, other.id]) {
        const events = await store.events.listSince(who, since, 100);
        expect(events.map((e) => e.payload)).toEqual([JSON.stringify({ type: 'chat.message', id })]);
      }
      const [stored] = await store.chat.listMessages(`team:${sender.teamId}`, { limit: 1 });
      expect(stored?.id).toBe(id);
    } finally {
      await store.close();
    }
  });
});

async function databaseUrl(dataDir: string): Promise<string> {
  const { rows } = await sqlOn<{ db: string }>(dataDir, 'SELECT current_database() AS db');
  const admin = new URL((await import('./helpers')).testPostgres() as string);
  admin.pathname = `/${rows[0]?.db ?? ''}`;
  return admin.toString();
}

// PostgreSQL only (the office-pg project); not registered at all on SQLite, where it has no meaning
if (ENGINE === 'postgres')
  describe('PostgreSQL: event ids across nodes', () => {
    it('two pools appending at once: a third node’s feed gets every event once, in id order, and resume reads match', async () => {
      const url = await createTestDatabase();
      await migratePostgres({ url });
      const writers = [new PostgresStore({ url, maxConnections: 8 }), new PostgresStore({ url, maxConnections: 8 })];
      const follower = new PostgresStore({ url, maxConnections: 4 });
      const seen: LiveEvent[] = [];
      try {
        await follower.feed.follow({
          event: (e) => seen.push(e),
          sessionEnded: () => undefined,
          error: () => undefined,
        });
        const appended = (
          await Promise.all(
            writers.flatMap((w, n) =>
              Array.from({ length: 150 }, (_, i) =>
                // some writers sit in a transaction a while after taking their id: later ids commit first
                i % 10 === 0
                  ? w.transaction(async (tx) => {
                      const id = await tx.events.append(`{"n":${n},"i":${i}}`, ['u1', 'u2'], i);
                      await new Promise((r) => setTimeout(r, 30));
                      return id;
                    })
                  : w.events.append(`{"n":${n},"i":${i}}`, ['u1'], i),
              ),
            ),
          )
        ).sort((x, y) => x - y);
        const deadline = Date.now() + 10_000;
        while (seen.length < appended.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(seen.map((e) => e.id)).toEqual(appended);
        expect(seen.filter((e) => e.recipients.includes('u2')).length).toBe(30);
        expect((await follower.events.listSince('u1', 0, 1000)).map((e) => e.id)).toEqual(appended);
        expect(await follower.events.lastId()).toBe(appended.at(-1));
        // an abandoned id (rolled back) leaves a gap the feed steps over
        await expect(
          writers[0]?.transaction(async (tx) => {
            await tx.events.append('{"rolled":"back"}', ['u1'], 0);
            throw new Error('abandon');
          }),
        ).rejects.toThrow('abandon');
        const after = await writers[1]?.events.append('{"after":"gap"}', ['u1'], 0);
        const until = Date.now() + 5_000;
        while (seen.at(-1)?.id !== after && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        expect(seen.at(-1)?.id).toBe(after);
        expect(seen.length).toBe(appended.length + 1);
      } finally {
        await Promise.all([...writers, follower].map((w) => w.close()));
      }
    });

    it('the horizon never passes an id still in flight: what a read finds up to it is all that ever commits there', async () => {
      const url = await createTestDatabase();
      await migratePostgres({ url });
      const writers = [new PostgresStore({ url, maxConnections: 8 }), new PostgresStore({ url, maxConnections: 8 })];
      const reader = new PostgresDatabase({ url, maxConnections: 1 });
      // each read as a node's feed does it: one call that reads the horizon, then the ids up to it
      const reads: { horizon: number; ids: Set<number> }[] = [];
      let writing = true;
      const reading = (async () => {
        while (writing) {
          const rows = await reader.connection.query<{ horizon: number; id: number | null }>(
            'SELECT horizon, id FROM office_feed_read(0, 1000000)',
          );
          const horizon = rows[0]?.horizon ?? 0;
          reads.push({ horizon, ids: new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id]))) });
        }
      })();
      try {
        const results = await Promise.all(
          writers.flatMap((w, n) =>
            Array.from({ length: 200 }, async (_, i) => {
              // most sit in their transaction a while after taking their id, so that later ids commit
              // first; some roll back, leaving a gap
              if (i % 3 === 0) return w.events.append(`{"n":${n},"i":${i}}`, ['u1'], i);
              return w
                .transaction(async (tx) => {
                  const id = await tx.events.append(`{"n":${n},"i":${i}}`, ['u1'], i);
                  await new Promise((r) => setTimeout(r, (i * 7) % 25));
                  if (i % 11 === 0) throw new Error('abandon');
                  return id;
                })
                .catch(() => null);
            }),
          ),
        );
        writing = false;
        await reading;
        const committed = results.filter((id): id is number => id !== null);
        expect(committed.length).toBeGreaterThan(300);
        expect(reads.length).toBeGreaterThan(5);
        for (const [i, r] of reads.entries()) {
          expect(committed.filter((id) => id <= r.horizon && !r.ids.has(id))).toEqual([]);
          if (i > 0) expect(r.horizon).toBeGreaterThanOrEqual((reads[i - 1] as { horizon: number }).horizon);
        }
        expect(reads.some((r) => r.horizon > 0 && r.horizon < Math.max(...committed))).toBe(true);
        const [last] = await reader.connection.query<{ h: number }>('SELECT office_event_horizon() AS h');
        // nothing in flight any more: the horizon is at the last id taken
        expect(last?.h).toBeGreaterThanOrEqual(Math.max(...committed));
      } finally {
        writing = false;
        await reading;
        await Promise.all(writers.map((w) => w.close()));
        await reader.close();
      }
    });
  });

if (ENGINE === 'postgres')
  describe('PostgreSQL: summaries submitted together', () => {
    let url: string;
    let store: PostgresStore;
    let userId: string;
    const submission = (i: number, user: string, key = `k-${i}`) => ({
      summary: {
        id: `sum_${key}_${i}`,
        userId: user,
        date: '2025-06-02',
        workedMinutes: 400 + i,
        breakMinutes: 30,
        segments: [],
        tickets: [],
        slaBreaches: [],
        notes: `n${i}`,
        receivedAt: 1,
      },
      idempotencyKey: key,
      fingerprint: `f-${key}`,
      now: 1,
      event: { payload: () => '{"type":"summary.created"}', recipients: [user], managersOf: null, at: 1 },
    });

    beforeAll(async () => {
      url = await createTestDatabase();
      await migratePostgres({ url });
      store = new PostgresStore({ url, maxConnections: 4 });
      const team = await store.users.createTeam('Batch', 1);
      userId = (
        await store.users.create(
          { username: 'batch', displayName: 'Batch', role: 'worker', teamId: team.id, passwordHash: 'x' },
          1,
        )
      ).id;
    });
    afterAll(() => store?.close());

    it('a burst commits in one transaction, each with its own answer and version, a repeated key replayed', async () => {
      const results = await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => store.submitSummary(submission(i, userId))),
        store.submitSummary(submission(0, userId)),
      ]);
      expect(results.map((r) => r.state)).toEqual([...Array<string>(12).fill('new'), 'done']);
      const versions = results.slice(0, 12).map((r) => (r.state === 'new' ? r.summary.version : 0));
      expect([...versions].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const { rows } = await sqlOnUrl(
        url,
        'SELECT COUNT(DISTINCT xmin::text)::int AS n, COUNT(*)::int AS c FROM summaries',
      );
      // one transaction (one WAL flush) for the burst, not twelve
      expect(rows[0]).toEqual({ n: 1, c: 12 });
      expect(await store.events.listSince(userId, 0, 100)).toHaveLength(12);
    });

    it('one bad submission in a burst fails alone: the others are stored', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.submitSummary(submission(i, i === 3 ? 'u_nobody' : userId, `b-${i}`)),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([
        ...Array<string>(3).fill('fulfilled'),
        'rejected',
        ...Array<string>(4).fill('fulfilled'),
      ]);
      expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/foreign key/);
      const { rows } = await sqlOnUrl(url, "SELECT COUNT(*)::int AS c FROM summaries WHERE idempotency_key LIKE 'b-%'");
      expect(rows[0]?.c).toBe(7);
    });
  });

async function sqlOnUrl(url: string, sql: string): Promise<{ rows: Array<Record<string, unknown>> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

/** a connection that counts its statements and can hold the next one until released */
function countingConnection(inner: PgConnection) {
  const state = { statements: 0, gate: null as Promise<void> | null };
  const conn: PgConnection = {
    inTransaction: false,
    async query<R>(sql: string, args?: readonly unknown[]) {
      state.statements++;
      const gate = state.gate;
      state.gate = null;
      if (gate) await gate;
      return inner.query<R>(sql, args);
    },
    run: (sql, args) => inner.run(sql, args),
    atomic: (fn) => inner.atomic(fn),
  };
  return { conn, state };
}

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

if (ENGINE === 'postgres')
  describe('PostgreSQL: the event feed reads once per wake-up', () => {
    let url: string;
    let db: PostgresDatabase;
    let notifier: pg.Client;
    let feed: PostgresEventFeed;
    let counting: ReturnType<typeof countingConnection>;
    const seen: LiveEvent[] = [];
    /** appends without notifying: the test sends the notifications itself */
    let events: PostgresEventsRepository;

    beforeAll(async () => {
      url = await createTestDatabase();
      await migratePostgres({ url });
      db = new PostgresDatabase({ url, maxConnections: 4 });
      events = new PostgresEventsRepository(db.connection, () => undefined);
      counting = countingConnection(db.connection);
      // no safety poll during the test: every read is a notification's
      feed = new PostgresEventFeed({ url }, counting.conn, 3_600_000);
      await feed.follow({ event: (e) => seen.push(e), sessionEnded: () => undefined, error: () => undefined });
      // the catch-up the listener starts with
      await until('the first read', () => feed.stats().reads === 1);
      await new Promise((r) => setTimeout(r, 100));
      notifier = new pg.Client({ connectionString: url });
      await notifier.connect();
    });
    afterAll(async () => {
      await notifier?.end();
      await feed?.stop();
      await db?.close();
    });

    /**
     * n NOTIFYs committed together (distinct payloads: PostgreSQL folds identical ones of a
     * transaction), without an event id (as an older node sends them): each is a reason to read
     */
    const burst = (n: number) =>
      notifier.query(Array.from({ length: n }, (_, i) => `NOTIFY office_events, 'w${i}'`).join('; '));

    it('20 notifications arriving together: one read, which hands over every new event in order', async () => {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await events.append(`{"i":${i}}`, ['u1'], i));
      const before = { ...feed.stats(), statements: counting.state.statements, seen: seen.length };
      await burst(20);
      await until('the 20 notifications', () => feed.stats().notifications === before.notifications + 20);
      await until('the events', () => seen.length === before.seen + 5);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.slice(before.seen).map((e) => e.id)).toEqual(ids);
      expect(feed.stats().wakeUps - before.wakeUps).toBe(1);
      expect(feed.stats().reads - before.reads).toBe(1);
      // the horizon and the events up to it: one statement, one round trip
      expect(counting.state.statements - before.statements).toBe(1);
    });

    it('notifications arriving while a read runs: one more read after it, not one each', async () => {
      const before = { ...feed.stats(), statements: counting.state.statements, seen: seen.length };
      let release = () => undefined as void;
      counting.state.gate = new Promise<void>((r) => (release = r));
      const first = await events.append('{"held":1}', ['u1'], 0);
      await burst(1);
      // the read has begun and is held: these arrive during it
      await until('the held read', () => counting.state.gate === null);
      const later = [];
      for (let i = 0; i < 3; i++) later.push(await events.append(`{"during":${i}}`, ['u1'], i));
      for (let i = 0; i < 10; i++) await burst(3);
      await until('the 31 notifications', () => feed.stats().notifications === before.notifications + 31);
      release();
      await until('the events', () => seen.length === before.seen + 4);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.slice(before.seen).map((e) => e.id)).toEqual([first, ...later]);
      expect(feed.stats().reads - before.reads).toBe(2);
      // the held read, then one more: nothing new below the horizon
      expect(counting.state.statements - before.statements).toBe(2);
    });

    it('a notification naming an id the feed has read past starts no read; one naming a newer id does', async () => {
      const first = await events.append('{"named":0}', ['u1'], 0);
      await notifier.query(`NOTIFY office_events, '${first}'`);
      await until('the event', () => seen.at(-1)?.id === first);
      await new Promise((r) => setTimeout(r, 100));
      const before = { ...feed.stats(), seen: seen.length };
      // ids at or below what was read (another node's commits this feed has already handed over)
      // (each its own transaction: PostgreSQL folds a transaction's identical notifications)
      for (const id of [first, first - 1, first, first - 2, first - 1, first])
        await notifier.query(`NOTIFY office_events, '${id}'`);
      await until('the 6 notifications', () => feed.stats().notifications === before.notifications + 6);
      await new Promise((r) => setTimeout(r, 200));
      expect(feed.stats().wakeUps - before.wakeUps).toBe(0);
      expect(feed.stats().reads - before.reads).toBe(0);
      const next = await events.append('{"named":1}', ['u1'], 0);
      await notifier.query(`NOTIFY office_events, '${next}'`);
      await until('the newer event', () => seen.at(-1)?.id === next);
      expect(feed.stats().reads - before.reads).toBe(1);
      expect(seen.length - before.seen).toBe(1);
    });

    it('an event this node committed is read at once, without a notification; one already read starts nothing', async () => {
      const before = { ...feed.stats(), seen: seen.length };
      const id = await events.append('{"own":1}', ['u1'], 0);
      feed.committed(id);
      await until('the event', () => seen.at(-1)?.id === id);
      feed.committed(id);
      feed.committed(id - 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(feed.stats().notifications).toBe(before.notifications);
      expect(feed.stats().reads - before.reads).toBe(1);
      expect(seen.slice(before.seen).map((e) => e.id)).toEqual([id]);
    });
  });

describe(`office server on ${ENGINE}: the correction limits are checked in the submission itself`, () => {
  let store: OfficeStore;
  let userId: string;
  let dir: string | null = null;
  const submit = (key: string, date: string) =>
    store.submitSummary({
      summary: {
        id: `sum_${key}`,
        userId,
        date,
        workedMinutes: 400,
        breakMinutes: 30,
        segments: [],
        tickets: [],
        slaBreaches: [],
        notes: key,
        receivedAt: 1,
      },
      idempotencyKey: key,
      fingerprint: `f-${key}`,
      now: 1,
      event: { payload: () => '{"type":"summary.created"}', recipients: [userId], managersOf: null, at: 1 },
      correction: { from: '2025-06-01', versionsPerDay: 2 },
    });
  const stored = async (date: string) =>
    (await store.summaries.list({ userIds: [userId], from: date, to: date })).length;

  beforeAll(async () => {
    if (ENGINE === 'postgres') {
      const url = await createTestDatabase();
      await migratePostgres({ url });
      store = new PostgresStore({ url, maxConnections: 4 });
    } else {
      dir = tempDir();
      store = new SqliteStore(join(dir, DATABASE_FILE));
    }
    const team = await store.users.createTeam('Limits', 1);
    userId = (
      await store.users.create(
        { username: 'limits', displayName: 'Limits', role: 'worker', teamId: team.id, passwordHash: 'x' },
        1,
      )
    ).id;
  });
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a version past the limit or a correction of a day before the window is refused and stores nothing; a repeat is answered as it was', async () => {
    expect((await submit('v1', '2025-06-02')).state).toBe('new');
    expect((await submit('v2', '2025-06-02')).state).toBe('new');
    // a day before the window may be sent once (a late first summary)
    expect((await submit('old-1', '2025-05-01')).state).toBe('new');
    // submitted together (on PostgreSQL: one batch), the refused ones do not take the others down
    const [third, oldAgain, other, repeat] = await Promise.all([
      submit('v3', '2025-06-02'),
      submit('old-2', '2025-05-01'),
      submit('other-1', '2025-06-03'),
      submit('v2', '2025-06-02'),
    ]);
    expect(third).toEqual({ state: 'too-many', versions: 2 });
    expect(oldAgain).toEqual({ state: 'too-old', versions: 1 });
    expect(other.state).toBe('new');
    expect(repeat.state).toBe('done');
    expect([await stored('2025-06-02'), await stored('2025-05-01'), await stored('2025-06-03')]).toEqual([2, 1, 1]);
    expect(await store.events.listSince(userId, 0, 100)).toHaveLength(4);
    // the refused keys were not recorded: the same key may be sent again once the limits allow it
    expect(await store.idempotency.get(userId, 'v3')).toBeNull();
  });
});

if (ENGINE === 'postgres')
  describe('PostgreSQL: the NOTIFY after a commit', () => {
    it('names the event id committed; the node’s own feed hands its events over in order', async () => {
      const url = await createTestDatabase();
      await migratePostgres({ url });
      const store = new PostgresStore({ url, maxConnections: 2 });
      const other = new pg.Client({ connectionString: url });
      const heard: string[] = [];
      const seen: LiveEvent[] = [];
      try {
        const team = await store.users.createTeam('Notify', 1);
        const user = await store.users.create(
          { username: 'notify', displayName: 'Notify', role: 'worker', teamId: team.id, passwordHash: 'x' },
          1,
        );
        await store.feed.follow({ event: (e) => seen.push(e), sessionEnded: () => undefined, error: () => undefined });
        await other.connect();
        other.on('notification', (n) => n.channel === 'office_events' && heard.push(n.payload ?? ''));
        await other.query('LISTEN office_events');
        const posted = [];
        for (let i = 0; i < 3; i++)
          posted.push(
            await store.postMessage({
              message: {
                channelId: `team:${team.id}`,
                senderId: user.id,
                clientId: `c${i}`,
                body: `m${i}`,
                createdAt: 1,
              },
              event: { payload: () => `{"i":${i}}`, recipients: [user.id], at: 1 },
            }),
          );
        const ids = posted.map((p) => p.event?.id);
        await until('the events', () => seen.length === 3);
        expect(seen.map((e) => e.id)).toEqual(ids);
        await until('the notifications', () => heard.includes(String(ids[2])));
        // each names an id committed (pokes folded while one was sent name the highest)
        expect(heard.every((h) => ids.map(String).includes(h))).toBe(true);
      } finally {
        await other.end();
        await store.close();
      }
    });
  });

describe(`office server on ${ENGINE}: a team channel's message reaches the team as the store reads it`, () => {
  it('the team’s members are read in the same step as the write: each is a recipient, once, and a resend stores nothing', async () => {
    let dir: string | null = null;
    let store: OfficeStore;
    if (ENGINE === 'postgres') {
      const url = await createTestDatabase();
      await migratePostgres({ url });
      store = new PostgresStore({ url, maxConnections: 2 });
    } else {
      dir = tempDir();
      store = new SqliteStore(join(dir, DATABASE_FILE));
    }
    try {
      const team = await store.users.createTeam('Channel', 1);
      const elsewhere = await store.users.createTeam('Elsewhere', 1);
      const people = [];
      for (const [i, t] of [team, team, team, elsewhere].entries())
        people.push(
          await store.users.create(
            { username: `p${i}`, displayName: `P${i}`, role: 'worker', teamId: t.id, passwordHash: 'x' },
            1,
          ),
        );
      const [sender, , , outsider] = people as [UserRecord, UserRecord, UserRecord, UserRecord];
      const post = () =>
        store.postMessage({
          message: { channelId: `team:${team.id}`, senderId: sender.id, clientId: 'c1', body: 'hi', createdAt: 1 },
          // the sender named as well: stored once
          event: { payload: () => '{"type":"chat.message"}', recipients: [sender.id], membersOf: team.id, at: 1 },
        });
      const first = await post();
      const members = people.slice(0, 3).map((p) => p.id);
      expect([...(first.event?.recipients ?? [])].sort()).toEqual([...members].sort());
      for (const id of members) expect(await store.events.listSince(id, 0, 10)).toHaveLength(1);
      expect(await store.events.listSince(outsider.id, 0, 10)).toHaveLength(0);
      const again = await post();
      expect(again.created).toBe(false);
      expect(again.event).toBeNull();
      expect(await store.events.listSince(sender.id, 0, 10)).toHaveLength(1);
    } finally {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
