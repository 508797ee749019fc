// Every change to an account, append-only (the schema's triggers refuse UPDATE, DELETE and TRUNCATE).
import { toAccountEvent, type AccountEventRow } from '../rows';
import type { AccountEventRecord, AccountEventsRepository } from '../store';
import type { PgConnection } from './database';

export class PostgresAccountEventsRepository implements AccountEventsRepository {
  constructor(private readonly conn: PgConnection) {}

  async append(e: Omit<AccountEventRecord, 'seq'>): Promise<AccountEventRecord> {
    const [r] = await this.conn.query<{ seq: number }>(
      'INSERT INTO account_events (at, actor, action, user_id, detail) VALUES ($1, $2, $3, $4, $5) RETURNING seq',
      [e.at, e.actor, e.action, e.userId, e.detail],
    );
    if (!r) throw new Error('account_events: the insert returned no row');
    return { ...e, seq: Number(r.seq) };
  }

  async list(filter: { userId?: string; beforeSeq?: number; limit: number }): Promise<AccountEventRecord[]> {
    const before = filter.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const rows =
      filter.userId !== undefined
        ? await this.conn.query<AccountEventRow>(
            'SELECT * FROM account_events WHERE user_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3',
            [filter.userId, before, filter.limit],
          )
        : await this.conn.query<AccountEventRow>(
            'SELECT * FROM account_events WHERE seq < $1 ORDER BY seq DESC LIMIT $2',
            [before, filter.limit],
          );
    return rows.map(toAccountEvent);
  }
}
