// Idempotency-Keys, scoped per user: a claim while the request runs, then its result.
import type { IdempotencyBegin, IdempotencyRecord, IdempotencyRepository } from '../store';
import type { SqliteConnection } from './database';

interface IdempotencyRow {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  body: string | null;
  lease_until: number;
}

export class SqliteIdempotencyRepository implements IdempotencyRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      get: db.prepare<[string, string], IdempotencyRow>(
        'SELECT fingerprint, state, status, body, lease_until FROM idempotency WHERE user_id = ? AND key = ?',
      ),
      insert: db.prepare(
        `INSERT INTO idempotency (user_id, key, fingerprint, state, created_at, lease_until) VALUES (?, ?, ?, 'pending', ?, ?)`,
      ),
      release: db.prepare(`DELETE FROM idempotency WHERE user_id = ? AND key = ? AND state = 'pending'`),
      complete: db.prepare(
        `UPDATE idempotency SET state = 'done', status = ?, body = ?, lease_until = ? WHERE user_id = ? AND key = ?`,
      ),
      renewLease: db.prepare(`UPDATE idempotency SET lease_until = ? WHERE user_id = ? AND key = ?`),
      upsertDone: db.prepare(
        `INSERT INTO idempotency (user_id, key, fingerprint, state, status, body, created_at, lease_until)
         VALUES (?, ?, ?, 'done', ?, NULL, ?, ?)
         ON CONFLICT (user_id, key) DO UPDATE SET state = 'done', status = excluded.status, body = NULL, lease_until = excluded.lease_until`,
      ),
      prune: db.prepare('DELETE FROM idempotency WHERE created_at < ?'),
    };
  }

  begin(userId: string, key: string, fingerprint: string, now: number, leaseMs: number): Promise<IdempotencyBegin> {
    return this.conn.write((): IdempotencyBegin => {
      const row = this.stmts.get.get(userId, key);
      if (!row) {
        this.stmts.insert.run(userId, key, fingerprint, now, now + leaseMs);
        return { state: 'new' };
      }
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.state === 'done') return { state: 'done', status: row.status ?? 200, body: row.body ?? '{}' };
      if (row.lease_until < now) {
        // the first attempt died without finishing (crash, lost connection): let this one run
        this.stmts.renewLease.run(now + leaseMs, userId, key);
        return { state: 'new' };
      }
      return { state: 'in-flight' };
    });
  }

  complete(userId: string, key: string, status: number, body: string, now: number): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.complete.run(status, body, now, userId, key);
    });
  }

  release(userId: string, key: string): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.release.run(userId, key);
    });
  }

  prune(before: number): Promise<number> {
    return this.conn.write((): number => this.stmts.prune.run(before).changes);
  }

  async get(userId: string, key: string): Promise<IdempotencyRecord | null> {
    const r = this.stmts.get.get(userId, key);
    return r
      ? { fingerprint: r.fingerprint, state: r.state, status: r.status, body: r.body, leaseUntil: r.lease_until }
      : null;
  }

  recordDone(userId: string, key: string, fingerprint: string, status: number, now: number): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.upsertDone.run(userId, key, fingerprint, status, now, now);
    });
  }
}
