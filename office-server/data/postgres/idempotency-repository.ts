// Idempotency-Keys, scoped per user. Inside a store transaction, get() first takes a lock on the
// (user, key) pair that lasts until the transaction ends: a concurrent repeat of the same request
// waits for the first to commit and then sees its result (a replay), as SQLite's one writer gives.
import type { IdempotencyBegin, IdempotencyRecord, IdempotencyRepository } from '../store';
import type { PgConnection } from './database';

interface IdempotencyRow {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  body: string | null;
  lease_until: number;
}

/** the first half of the advisory-lock key pair for idempotency keys (events use the one-bigint form) */
const KEY_LOCK = 1869571684;

export class PostgresIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly conn: PgConnection) {}

  begin(userId: string, key: string, fingerprint: string, now: number, leaseMs: number): Promise<IdempotencyBegin> {
    return this.conn.atomic(async (c): Promise<IdempotencyBegin> => {
      const inserted = await c.run(
        `INSERT INTO idempotency (user_id, key, fingerprint, state, created_at, lease_until) VALUES ($1, $2, $3, 'pending', $4, $5)
         ON CONFLICT (user_id, key) DO NOTHING`,
        [userId, key, fingerprint, now, now + leaseMs],
      );
      if (inserted) return { state: 'new' };
      const [row] = await c.query<IdempotencyRow>(
        'SELECT fingerprint, state, status, body, lease_until FROM idempotency WHERE user_id = $1 AND key = $2 FOR UPDATE',
        [userId, key],
      );
      // released between the two statements: this request may claim it
      if (!row) return this.begin(userId, key, fingerprint, now, leaseMs);
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.state === 'done') return { state: 'done', status: row.status ?? 200, body: row.body ?? '{}' };
      if (row.lease_until < now) {
        await c.run('UPDATE idempotency SET lease_until = $1 WHERE user_id = $2 AND key = $3', [
          now + leaseMs,
          userId,
          key,
        ]);
        return { state: 'new' };
      }
      return { state: 'in-flight' };
    });
  }

  async complete(userId: string, key: string, status: number, body: string, now: number): Promise<void> {
    await this.conn.run(
      `UPDATE idempotency SET state = 'done', status = $1, body = $2, lease_until = $3 WHERE user_id = $4 AND key = $5`,
      [status, body, now, userId, key],
    );
  }

  async release(userId: string, key: string): Promise<void> {
    await this.conn.run(`DELETE FROM idempotency WHERE user_id = $1 AND key = $2 AND state = 'pending'`, [userId, key]);
  }

  prune(before: number): Promise<number> {
    return this.conn.run('DELETE FROM idempotency WHERE created_at < $1', [before]);
  }

  async get(userId: string, key: string): Promise<IdempotencyRecord | null> {
    if (this.conn.inTransaction) {
      await this.conn.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KEY_LOCK, `${userId}\u0001${key}`]);
    }
    const [r] = await this.conn.query<IdempotencyRow>(
      'SELECT fingerprint, state, status, body, lease_until FROM idempotency WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    return r
      ? { fingerprint: r.fingerprint, state: r.state, status: r.status, body: r.body, leaseUntil: r.lease_until }
      : null;
  }

  async recordDone(userId: string, key: string, fingerprint: string, status: number, now: number): Promise<void> {
    await this.conn.run(
      `INSERT INTO idempotency (user_id, key, fingerprint, state, status, body, created_at, lease_until)
       VALUES ($1, $2, $3, 'done', $4, NULL, $5, $5)
       ON CONFLICT (user_id, key) DO UPDATE SET state = 'done', status = excluded.status, body = NULL, lease_until = excluded.lease_until`,
      [userId, key, fingerprint, status, now],
    );
  }
}
