// Every change to an account, append-only (the schema's triggers refuse UPDATE and DELETE).
import { toAccountEvent, type AccountEventRow } from '../rows';
import type { AccountEventRecord, AccountEventsRepository } from '../store';
import type { SqliteConnection } from './database';

export class SqliteAccountEventsRepository implements AccountEventsRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      insert: db.prepare<[number, string, string, string, string]>(
        'INSERT INTO account_events (at, actor, action, user_id, detail) VALUES (?, ?, ?, ?, ?)',
      ),
      page: db.prepare<[number, number], AccountEventRow>(
        'SELECT * FROM account_events WHERE seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      pageOfUser: db.prepare<[string, number, number], AccountEventRow>(
        'SELECT * FROM account_events WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
    };
  }

  append(e: Omit<AccountEventRecord, 'seq'>): Promise<AccountEventRecord> {
    return this.conn.write((): AccountEventRecord => {
      const r = this.stmts.insert.run(e.at, e.actor, e.action, e.userId, e.detail);
      return { ...e, seq: Number(r.lastInsertRowid) };
    });
  }

  async list(filter: { userId?: string; beforeSeq?: number; limit: number }): Promise<AccountEventRecord[]> {
    const before = filter.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const rows =
      filter.userId !== undefined
        ? this.stmts.pageOfUser.all(filter.userId, before, filter.limit)
        : this.stmts.page.all(before, filter.limit);
    return rows.map(toAccountEvent);
  }
}
