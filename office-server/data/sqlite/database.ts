// The one SQLite connection every repository shares (better-sqlite3, WAL). better-sqlite3 is
// synchronous, which makes every write atomic within the process; writes are group-committed (see
// write()) and a transaction() may span several repositories.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { MIGRATIONS as ENGINE_MIGRATIONS } from '../migrations';
import type { Migration } from './migrations';
import type { DatabaseOperation } from '../store';

/** the SQLite text of the one list of migrations (data/migrations.ts) */
const MIGRATIONS: readonly Migration[] = ENGINE_MIGRATIONS.map((m) => ({
  version: m.version,
  name: m.name,
  sql: m.sqlite,
}));

/** runs `fn` (synchronous SQL) atomically; resolves with its result once that is durable */
export type Write = <T>(fn: () => T) => Promise<T>;

/** what a repository is built on: the database for reads, and how its writes run */
export interface SqliteConnection {
  readonly db: Database.Database;
  readonly write: Write;
}

interface Batch {
  readonly committed: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
  /** its turn of the event loop is over, but a transaction() was open: that one commits it when it ends */
  due: boolean;
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `the database schema (version ${current}) is newer than this server (version ${latest}); upgrade the server`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}

export class SqliteDatabase {
  readonly db: Database.Database;
  /** for the store's repositories: every write joins the current group commit */
  readonly connection: SqliteConnection;
  /** for the repositories handed to a transaction(): their writes run inside it */
  readonly transactionConnection: SqliteConnection;
  private readonly checkpointer: Checkpointer | null;
  /** BEGIN/COMMIT/SAVEPOINT prepared once: write() runs on every request */
  private readonly tx;
  private batch: Batch | null = null;
  /** reports how long each group commit took (metrics.ts); null: not measured */
  timed: ((operation: DatabaseOperation, seconds: number) => void) | null = null;
  /** settles when the open transaction() ends; null while none is open */
  private txOpen: Promise<void> | null = null;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    const db = (this.db = new Database(file));
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a committed transaction survives a process crash; only an OS crash or power
    // loss may lose the last moments, which the clients' outboxes resend.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // every write runs in a savepoint (see write()): its sub-journal stays in memory instead of a temp
    // file, which halves the cost of a write
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32768'); // KiB: the default 2 MiB page cache misses under a steady write load
    migrate(db);
    this.checkpointer = startCheckpointer(file, () => {
      if (db.open) db.pragma('wal_autocheckpoint = 8000');
    });
    // with the background checkpointer, none inline; without it, fewer and larger ones
    db.pragma(`wal_autocheckpoint = ${this.checkpointer ? 0 : 8000}`);
    this.tx = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT office_write'),
      release: db.prepare('RELEASE office_write'),
      rollbackTo: db.prepare('ROLLBACK TO office_write'),
    };
    this.connection = { db, write: (fn) => this.write(fn) };
    this.transactionConnection = { db, write: (fn) => this.writeInTransaction(fn) };
  }

  async close(): Promise<void> {
    await this.quiesce();
    await this.checkpointer?.stop();
    // writes that came in meanwhile (a socket's last presence change as the server stops) commit first:
    // a checkpoint inside an open batch fails with "database table is locked"
    await this.quiesce();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  /** waits until no transaction() runs and no batch is open, however many started while it waited */
  private async quiesce(): Promise<void> {
    for (;;) {
      if (this.txOpen) await this.txOpen;
      else if (this.batch) await this.batch.committed.catch(() => undefined);
      else return;
    }
  }

  /**
   * Group commit. Writes made in the same turn of the event loop share one transaction, committed
   * on setImmediate; each write runs in its own savepoint (atomic on its own) and its promise
   * resolves only after the COMMIT, so nothing is acknowledged before it is durable. Under load
   * this turns one commit per statement into one commit per batch of requests.
   */
  write<T>(fn: () => T): Promise<T> {
    // an open transaction() owns the connection: a write from outside it would land inside it
    if (this.txOpen) return this.txOpen.then(() => this.write(fn));
    const committed = this.joinBatch();
    let result: T;
    try {
      result = this.inSavepoint(fn);
    } catch (err) {
      return Promise.reject(err);
    }
    return committed.then(() => result);
  }

  /**
   * One atomic unit across repositories: `fn` runs in a savepoint of the current batch while every
   * other write waits, and the result is returned after the batch commits. Reads from outside see
   * its writes before that commit, as they see any write of an uncommitted batch: the one
   * connection is shared.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    while (this.txOpen) await this.txOpen;
    let end!: () => void;
    this.txOpen = new Promise<void>((resolve) => (end = resolve));
    let committed: Promise<void>;
    let result: T;
    try {
      committed = this.joinBatch();
      this.tx.savepoint.run();
      try {
        result = await fn();
        this.tx.release.run();
      } catch (err) {
        if (this.db.inTransaction) {
          this.tx.rollbackTo.run();
          this.tx.release.run();
        }
        throw err;
      }
    } finally {
      this.txOpen = null;
      end();
      if (this.batch?.due) this.commit(this.batch);
    }
    await committed;
    return result;
  }

  /** a write through a transaction's repositories: atomic on its own, committed with the transaction */
  private writeInTransaction<T>(fn: () => T): Promise<T> {
    // a repository of `tx` used after its transaction() ended would otherwise commit on its own
    if (!this.txOpen) return Promise.reject(new Error('a transaction repository was used outside its transaction'));
    try {
      return Promise.resolve(this.inSavepoint(fn));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private inSavepoint<T>(fn: () => T): T {
    this.tx.savepoint.run();
    try {
      const result = fn();
      this.tx.release.run();
      return result;
    } catch (err) {
      if (this.db.inTransaction) {
        this.tx.rollbackTo.run();
        this.tx.release.run();
      }
      throw err;
    }
  }

  private joinBatch(): Promise<void> {
    if (this.batch) return this.batch.committed;
    this.tx.begin.run();
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // every writer holds its own branch of this promise; a batch whose only writer failed has none
    committed.catch(() => undefined);
    const batch: Batch = { committed, resolve, reject, due: false };
    this.batch = batch;
    setImmediate(() => {
      if (this.txOpen) batch.due = true;
      else this.commit(batch);
    });
    return committed;
  }

  private commit(batch: Batch): void {
    if (this.batch !== batch) return;
    this.batch = null;
    try {
      if (this.timed) {
        const start = performance.now();
        this.tx.commit.run();
        this.timed('commit', (performance.now() - start) / 1000);
      } else {
        this.tx.commit.run();
      }
      batch.resolve();
    } catch (err) {
      if (this.db.inTransaction) this.tx.rollback.run();
      batch.reject(err);
    }
  }
}
