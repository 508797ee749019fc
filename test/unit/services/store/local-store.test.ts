import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE, openLocalStore } from '../../../../electron/services/store/local-store';
import { Outbox } from '../../../../electron/services/outbox/outbox';
import { silentLogger } from '../../../../electron/services/logger';
import { anyBodyRegistry, enqueueRaw } from '../../../fixtures/outbox/test-commands';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tw-store-'));

describe('local store', () => {
  it('creates a WAL database at the current schema and reopens it with its data', () => {
    const dir = tempDir();
    const first = openLocalStore({ dir, logger: silentLogger });
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('user_version', { simple: true })).toBe(2);
    first.db.prepare("INSERT INTO kv (key, value) VALUES ('a', 'b')").run();
    first.close();
    const second = openLocalStore({ dir, logger: silentLogger });
    expect(second.recovery).toBeNull();
    expect(second.db.prepare("SELECT value FROM kv WHERE key = 'a'").pluck().get()).toBe('b');
    second.close();
  });

  it('moves a file that is not a database aside, says so, and starts fresh', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DATABASE_FILE), 'this is not sqlite '.repeat(400));
    const logger = { ...silentLogger, error: vi.fn() };
    const store = openLocalStore({ dir, logger, now: () => Date.parse('2026-11-28T10:00:00Z') });
    expect(store.recovery).toMatchObject({ salvagedOutboxItems: 0 });
    expect(store.recovery!.reason).toMatch(/not a database/);
    expect(existsSync(store.recovery!.movedTo)).toBe(true);
    expect(readdirSync(dir).some((f) => f.startsWith(`${DATABASE_FILE}.unreadable-2026-11-28T10-00-00`))).toBe(true);
    expect(logger.error).toHaveBeenCalled();
    expect(store.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
    store.close();
  });

  it('salvages the outbox from a damaged database instead of dropping it', () => {
    const dir = tempDir();
    const original = openLocalStore({ dir, logger: silentLogger });
    const outbox = new Outbox({
      commands: anyBodyRegistry(),
      db: original.db,
      deliver: async () => ({ ok: true }),
      logger: silentLogger,
    });
    const queued = [1, 2, 3].map((n) =>
      enqueueRaw(outbox, { kind: 'chat-message', queue: 'chat:team', method: 'POST', path: '/x', body: { n } }),
    );
    outbox.stop();
    // Damage the cache table's pages only: the outbox stays readable, the integrity check fails.
    original.db.exec(
      'CREATE TABLE filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(2000)) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 50) SELECT i FROM c);',
    );
    original.db.pragma('wal_checkpoint(TRUNCATE)');
    const rootPage = original.db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'filler'")
      .pluck()
      .get() as number;
    const pageSize = original.db.pragma('page_size', { simple: true }) as number;
    original.close();
    const fd = openSync(join(dir, DATABASE_FILE), 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (rootPage - 1) * pageSize);
    closeSync(fd);

    const reopened = openLocalStore({ dir, logger: silentLogger });
    expect(reopened.recovery).not.toBeNull();
    expect(reopened.recovery!.salvagedOutboxItems).toBe(3);
    const ids = reopened.db.prepare('SELECT id FROM outbox ORDER BY seq').pluck().all();
    expect(ids).toEqual(queued.map((q) => q.id));
    reopened.close();
  });

  it('refuses a database from a newer version instead of destroying it', () => {
    const dir = tempDir();
    const db = new Database(join(dir, DATABASE_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openLocalStore({ dir, logger: silentLogger })).toThrow(/newer Teleworker/);
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(true);
  });
});

describe('migrating a version-1 file', () => {
  it('keeps every queued change and adds the error code column empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-store-v1-'));
    const v1 = new Database(join(dir, DATABASE_FILE));
    v1.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, owner TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, queue TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, body TEXT, state TEXT NOT NULL CHECK (state IN ('pending', 'failed')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT, created_at INTEGER NOT NULL);
      CREATE INDEX outbox_queue ON outbox (queue, seq);
      CREATE TABLE cache (kind TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (kind, id));
      CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO outbox (id, kind, queue, method, path, body, state, attempts, last_error, created_at) VALUES ('old-1', 'presence', 'presence', 'PUT', '/presence', '{"status":"busy"}', 'failed', 3, 'refused', 1);`);
    v1.pragma('user_version = 1');
    v1.close();
    const store = openLocalStore({ dir, logger: silentLogger });
    expect(store.recovery).toBeNull();
    expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    expect(store.db.prepare('SELECT id, state, last_error, last_error_code FROM outbox').all()).toEqual([
      { id: 'old-1', state: 'failed', last_error: 'refused', last_error_code: null },
    ]);
    store.close();
  });
});
