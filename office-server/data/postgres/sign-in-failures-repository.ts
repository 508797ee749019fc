// Failed sign-ins per throttle rule and key, shared by every node of the office.
import type { SignInFailuresRepository, ThrottleCounter } from '../store';
import type { PgConnection } from './database';

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

export class PostgresSignInFailuresRepository implements SignInFailuresRepository {
  constructor(private readonly conn: PgConnection) {}

  async get(rule: string, key: string): Promise<ThrottleCounter | null> {
    const [r] = await this.conn.query<CounterRow>(
      'SELECT failures, last_failure, blocked_until FROM sign_in_failures WHERE rule = $1 AND key = $2',
      [rule, key],
    );
    return r ? toCounter(r) : null;
  }

  update(
    rule: string,
    key: string,
    update: (current: ThrottleCounter | null) => ThrottleCounter,
  ): Promise<ThrottleCounter> {
    return this.conn.atomic(async (c) => {
      // the row exists (and is locked) before it is read: concurrent failures on two nodes both count
      const inserted = await c.run(
        `INSERT INTO sign_in_failures (rule, key, failures, last_failure, blocked_until) VALUES ($1, $2, 0, 0, 0) ON CONFLICT DO NOTHING`,
        [rule, key],
      );
      const [r] = await c.query<CounterRow>(
        'SELECT failures, last_failure, blocked_until FROM sign_in_failures WHERE rule = $1 AND key = $2 FOR UPDATE',
        [rule, key],
      );
      const next = update(inserted || !r ? null : toCounter(r));
      await c.run(
        'UPDATE sign_in_failures SET failures = $3, last_failure = $4, blocked_until = $5 WHERE rule = $1 AND key = $2',
        [rule, key, next.failures, next.lastFailure, next.blockedUntil],
      );
      return next;
    });
  }

  async delete(rule: string, key: string): Promise<void> {
    await this.conn.run('DELETE FROM sign_in_failures WHERE rule = $1 AND key = $2', [rule, key]);
  }

  prune(before: number): Promise<number> {
    return this.conn.run('DELETE FROM sign_in_failures WHERE last_failure < $1 AND blocked_until < $1', [before]);
  }
}
