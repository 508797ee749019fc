// The local store: one SQLite file (WAL) in the app's data folder with versioned migrations.
// It holds the outbox (what the user did that the server has not confirmed) and an offline cache
// of what the server sent (tickets, chat, team), so the app opens and reads without the office.
//
// A corrupt or unreadable file is moved aside, never deleted: the app starts on a fresh database,
// salvages the outbox rows it can still read from the old one, and says what happened.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger';

export const DATABASE_FILE = 'teleworker.sqlite';

const migrations: string[] = [
  // 1: outbox, cache, key-value
  `CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     owner TEXT NOT NULL DEFAULT '',
     kind TEXT NOT NULL,
     queue TEXT NOT NULL,
     method TEXT NOT NULL,
     path TEXT NOT NULL,
     body TEXT,
     state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX outbox_queue ON outbox (queue, seq);
   CREATE TABLE cache (
     kind TEXT NOT NULL,
     id TEXT NOT NULL,
     data TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (kind, id)
   );
   CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 2: why the last attempt failed, as a code the renderer words (the office's error code or ours)
  `ALTER TABLE outbox ADD COLUMN last_error_code TEXT;`,
];

export interface Recovery {
  /** where the unreadable file was moved */
  movedTo: string;
  reason: string;
  /** outbox rows copied from the old file into the new one */
  salvagedOutboxItems: number;
}

export interface OpenedStore {
  db: Database.Database;
  path: string;
  recovery: Recovery | null;
  close(): void;
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new Error(
      `the local database is from a newer Teleworker (schema ${version}, this version knows ${migrations.length})`,
    );
  }
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function openAndCheck(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Copies the outbox rows still readable from a damaged file; whatever cannot be read stays in the kept file. */
function salvageOutbox(oldPath: string, db: Database.Database): number {
  let old: Database.Database | null = null;
  try {
    old = new Database(oldPath, { readonly: true, fileMustExist: true });
    const rows = old
      .prepare(
        'SELECT id, owner, kind, queue, method, path, body, state, attempts, last_error, created_at FROM outbox ORDER BY seq',
      )
      .all() as Array<Record<string, unknown>>;
    const insert = db.prepare(
      `INSERT OR IGNORE INTO outbox (id, owner, kind, queue, method, path, body, state, attempts, next_attempt_at, last_error, created_at)
       VALUES (@id, @owner, @kind, @queue, @method, @path, @body, @state, @attempts, 0, @last_error, @created_at)`,
    );
    db.transaction(() => rows.forEach((row) => insert.run(row)))();
    return rows.length;
  } catch {
    return 0;
  } finally {
    old?.close();
  }
}

export function openLocalStore({
  dir,
  logger,
  now = Date.now,
}: {
  dir: string;
  logger: Logger;
  now?: () => number;
}): OpenedStore {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, DATABASE_FILE);
  let recovery: Recovery | null = null;
  let db: Database.Database;
  try {
    db = openAndCheck(path);
  } catch (error) {
    const reason = (error as Error).message;
    if (/newer Teleworker/.test(reason)) throw error; // a downgrade: keep the file, refuse to start on it
    const movedTo = `${path}.unreadable-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix);
    }
    logger.error(`local database unreadable (${reason}); moved to ${movedTo} and starting a new one`);
    db = openAndCheck(path);
    recovery = { movedTo, reason, salvagedOutboxItems: salvageOutbox(movedTo, db) };
  }
  return { db, path, recovery, close: () => db.close() };
}
