// Each SQLite repository on its own, over a real database file in a temp dir: the seam a
// PostgreSQL backend implements, so every behaviour the routes rely on is pinned here per area.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../office-server/data/sqlite';
import { SqliteChatRepository } from '../../../office-server/data/sqlite/chat-repository';
import { SqliteDatabase } from '../../../office-server/data/sqlite/database';
import { SqliteEventsRepository } from '../../../office-server/data/sqlite/events-repository';
import { SqliteIdempotencyRepository } from '../../../office-server/data/sqlite/idempotency-repository';
import { SqlitePresenceRepository } from '../../../office-server/data/sqlite/presence-repository';
import { SqliteSessionsRepository } from '../../../office-server/data/sqlite/sessions-repository';
import { SqliteSummariesRepository } from '../../../office-server/data/sqlite/summaries-repository';
import { SqliteTicketsRepository } from '../../../office-server/data/sqlite/tickets-repository';
import { SqliteUsersRepository } from '../../../office-server/data/sqlite/users-repository';
import type { NewTicket, SummaryRecord, UserRecord } from '../../../office-server/data/store';
import { tempDir } from './helpers';

const NOW = Date.parse('2025-06-02T08:00:00.000Z');
const tokens = (n: number) => ({
  accessHash: `access-${n}`,
  accessExpiresAt: NOW + 15 * 60_000,
  refreshHash: `refresh-${n}`,
  refreshExpiresAt: NOW + 30 * 86_400_000,
});
const summary = (id: string, userId: string, date: string): SummaryRecord => ({
  id,
  userId,
  date,
  workedMinutes: 450,
  breakMinutes: 60,
  segments: [{ start: `${date}T01:00:00.000Z`, end: `${date}T08:30:00.000Z`, kind: 'work' }],
  tickets: [{ id: 'INC-1001', outcome: 'resolved' }],
  slaBreaches: [],
  notes: 'steady day',
  receivedAt: NOW,
});

describe('office server: SQLite repositories, each on its own', () => {
  let dir: string;
  let database: SqliteDatabase;
  let users: SqliteUsersRepository;
  let teamId: string;
  let siti: UserRecord;
  let budi: UserRecord;

  beforeEach(async () => {
    dir = tempDir();
    database = new SqliteDatabase(join(dir, 'office.sqlite'));
    users = new SqliteUsersRepository(database.connection);
    // the other areas' rows point at accounts (foreign keys): one team of two
    teamId = (await users.createTeam('IT Support', NOW)).id;
    siti = await users.create(
      { username: 'siti', displayName: 'Siti', role: 'manager', teamId, passwordHash: 'h' },
      NOW,
    );
    budi = await users.create(
      { username: 'budi', displayName: 'Budi', role: 'worker', teamId, passwordHash: 'h' },
      NOW,
    );
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('users: teams, accounts by name, members by display name, managers (a new manager is seen at once)', async () => {
    expect((await users.getByUsername('budi'))?.id).toBe(budi.id);
    expect(await users.getByUsername('nobody')).toBeNull();
    expect((await users.list({ teamId })).map((u) => u.username)).toEqual(['budi', 'siti']);
    expect((await users.getTeam(teamId))?.name).toBe('IT Support');
    expect(await users.listManagerIds(teamId)).toEqual([siti.id]);
    const ani = await users.create(
      { username: 'ani', displayName: 'Ani', role: 'manager', teamId, passwordHash: 'h' },
      NOW,
    );
    expect(await users.listManagerIds(teamId)).toEqual([ani.id, siti.id]);
    await expect(
      users.create({ username: 'budi', displayName: 'B2', role: 'worker', teamId, passwordHash: 'h' }, NOW),
    ).rejects.toThrow();
  });

  it('sessions: an access token finds its user until rotated or revoked; pruning drops revoked ones', async () => {
    const sessions = new SqliteSessionsRepository(database.connection);
    const id = await sessions.create(budi.id, tokens(1), NOW);
    expect(await sessions.findByAccessToken('access-1', NOW)).toMatchObject({
      sessionId: id,
      user: { username: 'budi' },
    });
    expect(await sessions.findByAccessToken('access-1', NOW + 16 * 60_000)).toBeNull();

    const rotated = await sessions.rotateRefreshToken('refresh-1', tokens(2), NOW);
    expect(rotated).toMatchObject({ state: 'rotated', session: { sessionId: id, user: { username: 'budi' } } });
    expect(await sessions.findByAccessToken('access-1', NOW)).toBeNull();
    expect(await sessions.findByRefreshToken('refresh-1', NOW)).toBeNull();
    expect(await sessions.findByRefreshToken('refresh-2', NOW)).toBe(id);
    expect(await sessions.findByAccessToken('access-2', NOW)).toMatchObject({
      sessionId: id,
      accessExpiresAt: NOW + 15 * 60_000,
    });
    expect(await sessions.isActive(id, NOW)).toBe(true);

    await sessions.revoke(id, NOW);
    expect(await sessions.findByAccessToken('access-2', NOW)).toBeNull();
    expect(await sessions.isActive(id, NOW)).toBe(false);
    expect(await sessions.prune(NOW)).toBe(1);
  });

  it('sessions: a rotated refresh token presented again ends its family, and only that one', async () => {
    const sessions = new SqliteSessionsRepository(database.connection);
    const id = await sessions.create(budi.id, tokens(1), NOW);
    const other = await sessions.create(budi.id, tokens(9), NOW);
    expect((await sessions.rotateRefreshToken('refresh-1', tokens(2), NOW)).state).toBe('rotated');
    expect((await sessions.rotateRefreshToken('refresh-2', tokens(3), NOW)).state).toBe('rotated');
    expect(await sessions.rotateRefreshToken('refresh-unknown', tokens(4), NOW)).toEqual({ state: 'unknown' });
    expect(await sessions.isActive(id, NOW)).toBe(true);
    // the first token of the chain, two rotations old
    expect(await sessions.rotateRefreshToken('refresh-1', tokens(5), NOW)).toEqual({
      state: 'reused',
      sessionId: id,
      userId: budi.id,
    });
    expect(await sessions.isActive(id, NOW)).toBe(false);
    expect(await sessions.findByAccessToken('access-3', NOW)).toBeNull();
    expect(await sessions.findByRefreshToken('refresh-3', NOW)).toBeNull();
    expect(await sessions.isActive(other, NOW)).toBe(true);
    // pruning the ended session takes its history with it
    expect(await sessions.prune(NOW)).toBe(1);
    const left = database.db.prepare('SELECT COUNT(*) AS n FROM refresh_token_history').get() as { n: number };
    expect(left.n).toBe(0);
  });

  it('sessions: remembers where a user signed in, for as long as asked', async () => {
    const sessions = new SqliteSessionsRepository(database.connection);
    expect(await sessions.knowsSignInAddress(budi.id, '10.8.0.5', 0)).toBe(false);
    await sessions.rememberSignInAddress(budi.id, '10.8.0.5', NOW);
    expect(await sessions.knowsSignInAddress(budi.id, '10.8.0.5', NOW - 1000)).toBe(true);
    expect(await sessions.knowsSignInAddress(budi.id, '10.8.0.6', NOW - 1000)).toBe(false);
    expect(await sessions.knowsSignInAddress(siti.id, '10.8.0.5', NOW - 1000)).toBe(false);
    expect(await sessions.knowsSignInAddress(budi.id, '10.8.0.5', NOW + 1)).toBe(false);
    await sessions.rememberSignInAddress(budi.id, '10.8.0.5', NOW + 5000);
    expect(await sessions.knowsSignInAddress(budi.id, '10.8.0.5', NOW + 1)).toBe(true);
    expect(await sessions.pruneSignInAddresses(NOW + 10_000)).toBe(1);
    expect(await sessions.knowsSignInAddress(budi.id, '10.8.0.5', 0)).toBe(false);
  });

  it('idempotency: claim, in flight, done with its response, mismatch, release, and a dead claim taken over', async () => {
    const keys = new SqliteIdempotencyRepository(database.connection);
    expect(await keys.begin(budi.id, 'k1', 'f1', NOW, 60_000)).toEqual({ state: 'new' });
    expect(await keys.begin(budi.id, 'k1', 'f1', NOW + 1, 60_000)).toEqual({ state: 'in-flight' });
    expect(await keys.begin(budi.id, 'k1', 'f2', NOW + 1, 60_000)).toEqual({ state: 'mismatch' });
    // another user's key of the same name is another key
    expect(await keys.begin(siti.id, 'k1', 'f2', NOW, 60_000)).toEqual({ state: 'new' });
    await keys.complete(budi.id, 'k1', 201, '{"ok":true}', NOW + 2);
    expect(await keys.begin(budi.id, 'k1', 'f1', NOW + 3, 60_000)).toEqual({
      state: 'done',
      status: 201,
      body: '{"ok":true}',
    });

    await keys.begin(budi.id, 'k2', 'f', NOW, 60_000);
    await keys.release(budi.id, 'k2');
    expect(await keys.get(budi.id, 'k2')).toBeNull();
    await keys.begin(budi.id, 'k3', 'f', NOW, 60_000);
    expect(await keys.begin(budi.id, 'k3', 'f', NOW + 60_001, 60_000)).toEqual({ state: 'new' });

    await keys.recordDone(budi.id, 'k3', 'f', 201, NOW);
    expect(await keys.get(budi.id, 'k3')).toEqual({
      fingerprint: 'f',
      state: 'done',
      status: 201,
      body: null,
      leaseUntil: NOW,
    });
    expect(await keys.prune(NOW + 1)).toBe(3);
  });

  it('tickets: numbered in order, optimistic updates, filters, comments in order', async () => {
    const tickets = new SqliteTicketsRepository(database.connection);
    const base: NewTicket = {
      title: 'VPN drops',
      description: 'd',
      requester: 'branch',
      priority: 'P2',
      status: 'new',
      escalationLevel: 'L1',
      teamId,
      assigneeId: budi.id,
      createdBy: siti.id,
      createdAt: NOW,
      respondedAt: null,
      resolvedAt: null,
      closedAt: null,
      pausedMs: 0,
      pausedSince: null,
    };
    const first = await tickets.create(base);
    const second = await tickets.create({ ...base, title: 'Printer', status: 'resolved', assigneeId: null });
    expect([first.id, second.id, first.version]).toEqual(['INC-1001', 'INC-1002', 1]);

    const updated = await tickets.update(first.id, 1, { status: 'acknowledged', respondedAt: NOW + 1 }, NOW + 1);
    expect(updated).toMatchObject({ status: 'acknowledged', respondedAt: NOW + 1, updatedAt: NOW + 1, version: 2 });
    expect(await tickets.update(first.id, 1, { status: 'in-progress' }, NOW + 2)).toBeNull();

    expect((await tickets.list({ limit: 10 })).map((t) => t.id)).toEqual(['INC-1002', 'INC-1001']);
    expect((await tickets.list({ open: true, limit: 10 })).map((t) => t.id)).toEqual(['INC-1001']);
    expect((await tickets.list({ assigneeId: budi.id, limit: 10 })).map((t) => t.id)).toEqual(['INC-1001']);
    expect((await tickets.list({ beforeSeq: second.seq, limit: 10 })).map((t) => t.id)).toEqual(['INC-1001']);

    await tickets.addComment({ ticketId: first.id, authorId: budi.id, kind: 'comment', body: 'one', createdAt: NOW });
    await tickets.addComment({ ticketId: first.id, authorId: budi.id, kind: 'system', body: 'two', createdAt: NOW });
    expect((await tickets.listComments(first.id)).map((c) => [c.kind, c.body])).toEqual([
      ['comment', 'one'],
      ['system', 'two'],
    ]);
  });

  it('chat: a resend keeps the first copy; history is newest first and pages backwards', async () => {
    const chat = new SqliteChatRepository(database.connection);
    const channelId = `team:${teamId}`;
    const a = await chat.insertMessage({ channelId, senderId: budi.id, clientId: 'c1', body: 'hello', createdAt: NOW });
    const again = await chat.insertMessage({
      channelId,
      senderId: budi.id,
      clientId: 'c1',
      body: 'changed',
      createdAt: NOW + 1,
    });
    expect(a.created).toBe(true);
    expect(again).toEqual({ message: a.message, created: false });
    const b = await chat.insertMessage({
      channelId,
      senderId: siti.id,
      clientId: 'c1',
      body: 'hi',
      createdAt: NOW + 2,
    });
    expect(b.created).toBe(true);

    expect((await chat.listMessages(channelId, { limit: 10 })).map((m) => m.body)).toEqual(['hi', 'hello']);
    expect((await chat.listMessages(channelId, { beforeSeq: b.message.seq, limit: 10 })).map((m) => m.body)).toEqual([
      'hello',
    ]);
    expect(await chat.listMessages('team:elsewhere', { limit: 10 })).toEqual([]);
  });

  it('presence: upsert, list, and a restart marks the connected not connected, keeping their status', async () => {
    const presence = new SqlitePresenceRepository(database.connection);
    await presence.upsert({
      userId: budi.id,
      status: 'busy',
      location: 'home',
      statusText: 'On a P1',
      connected: true,
      updatedAt: NOW,
    });
    await presence.upsert({
      userId: siti.id,
      status: 'away',
      location: 'office',
      statusText: '',
      connected: false,
      updatedAt: NOW,
    });
    expect((await presence.get(budi.id))?.status).toBe('busy');
    expect((await presence.list([budi.id, siti.id])).length).toBe(2);

    await presence.resetConnections(NOW + 5);
    expect(await presence.get(budi.id)).toEqual({
      userId: budi.id,
      status: 'busy',
      location: 'home',
      statusText: 'On a P1',
      connected: false,
      updatedAt: NOW + 5,
    });
    // not connected: left as it was
    expect((await presence.get(siti.id))?.status).toBe('away');
  });

  it('summaries: one per idempotency key, read back whole, listed by date range', async () => {
    const summaries = new SqliteSummariesRepository(database.connection);
    const first = await summaries.insert(summary('sum_1', budi.id, '2025-06-02'), 'key-1');
    const repeat = await summaries.insert(summary('sum_2', budi.id, '2025-06-02'), 'key-1');
    expect(first.created).toBe(true);
    // a new summary waits for its manager's acknowledgement
    expect(repeat).toEqual({
      summary: { ...summary('sum_1', budi.id, '2025-06-02'), version: 1, ack: null },
      created: false,
    });
    await summaries.insert(summary('sum_3', budi.id, '2025-06-03'), 'key-2');

    expect(await summaries.get('sum_1')).toEqual({ ...summary('sum_1', budi.id, '2025-06-02'), version: 1, ack: null });
    expect((await summaries.getByIdempotencyKey(budi.id, 'key-2'))?.id).toBe('sum_3');
    expect(
      (await summaries.list({ userIds: [budi.id], from: '2025-06-03', to: '2025-06-30' })).map((s) => s.id),
    ).toEqual(['sum_3']);
    expect(await summaries.list({ userIds: [], from: '0000-01-01', to: '9999-12-31' })).toEqual([]);
  });

  it('events: per-recipient replay in order, ids never reused after pruning', async () => {
    const events = new SqliteEventsRepository(database.connection);
    expect(await events.lastId()).toBe(0);
    const e1 = await events.append('{"n":1}', [budi.id, siti.id], NOW - 10 * 86_400_000);
    const e2 = await events.append('{"n":2}', [siti.id], NOW);
    expect(e2).toBeGreaterThan(e1);
    expect((await events.listSince(budi.id, 0, 10)).map((e) => e.payload)).toEqual(['{"n":1}']);
    expect((await events.listSince(siti.id, e1, 10)).map((e) => e.id)).toEqual([e2]);

    expect(await events.prune(NOW - 86_400_000)).toBe(1);
    expect(await events.prunedThrough()).toBe(e1);
    expect(await events.listSince(budi.id, 0, 10)).toEqual([]);
    expect(await events.lastId()).toBe(e2);
  });
});

describe('office server: the SQLite store across areas', () => {
  let dir: string;
  let store: SqliteStore;
  let userId: string;

  beforeEach(async () => {
    dir = tempDir();
    store = new SqliteStore(join(dir, 'office.sqlite'));
    const teamId = (await store.users.createTeam('IT Support', NOW)).id;
    userId = (
      await store.users.create(
        { username: 'budi', displayName: 'Budi', role: 'worker', teamId, passwordHash: 'h' },
        NOW,
      )
    ).id;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a transaction that throws leaves nothing of itself; writes from outside wait for it and land', async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      store.transaction(async (tx) => {
        await tx.summaries.insert(summary('sum_tx', userId, '2025-06-02'), 'key-tx');
        await tx.events.append('{"n":1}', [userId], NOW);
        // started while the transaction is open: must neither be rolled back with it nor land inside it
        outside = store.chat.insertMessage({
          channelId: 'team:x',
          senderId: userId,
          clientId: 'c1',
          body: 'hi',
          createdAt: NOW,
        });
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await outside;
    expect(await store.summaries.get('sum_tx')).toBeNull();
    expect(await store.events.listSince(userId, 0, 10)).toEqual([]);
    expect((await store.chat.listMessages('team:x', { limit: 10 })).map((m) => m.body)).toEqual(['hi']);
  });

  it('a transaction commits across areas and survives a reopen; its repositories refuse use after it ended', async () => {
    let leaked: Parameters<Parameters<SqliteStore['transaction']>[0]>[0] | undefined;
    const eventId = await store.transaction(async (tx) => {
      leaked = tx;
      await tx.summaries.insert(summary('sum_tx', userId, '2025-06-02'), 'key-tx');
      return tx.events.append('{"n":1}', [userId], NOW);
    });
    await expect(leaked?.events.append('{"n":2}', [userId], NOW)).rejects.toThrow(/outside its transaction/);
    await store.close();
    store = new SqliteStore(join(dir, 'office.sqlite'));
    expect((await store.summaries.get('sum_tx'))?.userId).toBe(userId);
    expect(await store.events.lastId()).toBe(eventId);
  });

  it('closes cleanly while writes keep arriving: one that starts a batch during close commits first', async () => {
    const file = join(dir, 'closing.sqlite');
    const closing = new SqliteStore(file);
    let late: Promise<unknown> | null = null;
    const first = closing.users.createTeam('Before close', NOW).then(() => {
      // runs after the first batch commits and before close() goes on: a new batch opens
      late = closing.users.createTeam('During close', NOW);
    });
    const closed = closing.close();
    await first;
    await expect(closed).resolves.toBeUndefined();
    await late;
    const reopened = new SqliteStore(file);
    expect((await reopened.users.listTeams()).map((t) => t.name).sort()).toEqual(['Before close', 'During close']);
    await reopened.close();
  });

  it('submitSummary: one summary, one event and one key record under concurrent repeats', async () => {
    const submission = {
      summary: summary('sum_a', userId, '2025-06-02'),
      idempotencyKey: 'key-a',
      fingerprint: 'f',
      now: NOW,
      event: { payload: () => '{"type":"summary.created"}', recipients: [userId, userId], managersOf: null, at: NOW },
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.submitSummary({ ...submission, summary: summary(`sum_${i}`, userId, '2025-06-02') }),
      ),
    );
    expect(results.map((r) => r.state)).toEqual(['new', 'done', 'done', 'done', 'done']);
    expect(await store.summaries.list({ userIds: [userId], from: '2025-06-02', to: '2025-06-02' })).toHaveLength(1);
    expect(await store.events.listSince(userId, 0, 10)).toHaveLength(1);
    expect(await store.submitSummary({ ...submission, fingerprint: 'other' })).toEqual({ state: 'mismatch' });
  });
});
