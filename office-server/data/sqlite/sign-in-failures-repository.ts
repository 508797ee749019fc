// Failed sign-ins per throttle rule and key (auth/sign-in-throttle.ts decides what they mean).
import type { SignInFailuresRepository, ThrottleCounter } from '../store';
import type { SqliteConnection } from './database';

interface CounterRow {
  failures: number;
  last_failure: number;
  blocked_until: number;
}
const toCounter = (r: CounterRow): ThrottleCounter => ({
  failures: r.failures,
  lastFailure: r.last_failure,
  blockedUntil: r.blocked_until,
});

export class SqliteSignInFailuresRepository implements SignInFailuresRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      get: db.prepare<[string, string], CounterRow>(
        'SELECT failures, last_failure, blocked_until FROM sign_in_failures WHERE rule = ? AND key = ?',
      ),
      upsert: db.prepare(
        `INSERT INTO sign_in_failures (rule, key, failures, last_failure, blocked_until) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (rule, key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure, blocked_until = excluded.blocked_until`,
      ),
      delete: db.prepare('DELETE FROM sign_in_failures WHERE rule = ? AND key = ?'),
      prune: db.prepare('DELETE FROM sign_in_failures WHERE last_failure < ? AND blocked_until < ?'),
    };
  }

  async get(rule: string, key: string): Promise<ThrottleCounter | null> {
    const r = this.stmts.get.get(rule, key);
    return r ? toCounter(r) : null;
  }

  update(
    rule: string,
    key: string,
    update: (current: ThrottleCounter | null) => ThrottleCounter,
  ): Promise<ThrottleCounter> {
    return this.conn.write((): ThrottleCounter => {
      const r = this.stmts.get.get(rule, key);
      const next = update(r ? toCounter(r) : null);
      this.stmts.upsert.run(rule, key, next.failures, next.lastFailure, next.blockedUntil);
      return next;
    });
  }

  delete(rule: string, key: string): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.delete.run(rule, key);
    });
  }

  prune(before: number): Promise<number> {
    return this.conn.write((): number => this.stmts.prune.run(before, before).changes);
  }
}
