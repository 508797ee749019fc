// The timer's state, one row per person (who may read it is services/work-state.ts).
import type { WorkMode } from '../../../shared/office-api';
import type { WorkStateRecord, WorkStatesRepository } from '../store';
import { lostJson, lostOf } from '../work-state-rows';
import type { SqliteConnection } from './database';

interface WorkStateRow {
  user_id: string;
  date: string;
  mode: WorkMode;
  ticket_id: string | null;
  since: number | null;
  worked_ms: number;
  at: number;
  received_at: number;
  office_lost: string;
}
const toRecord = (r: WorkStateRow): WorkStateRecord => ({
  userId: r.user_id,
  date: r.date,
  mode: r.mode,
  ticketId: r.ticket_id,
  since: r.since,
  workedMs: r.worked_ms,
  at: r.at,
  receivedAt: r.received_at,
  officeLost: lostOf(r.office_lost),
});

export class SqliteWorkStatesRepository implements WorkStatesRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      get: db.prepare<[string], WorkStateRow>('SELECT * FROM work_states WHERE user_id = ?'),
      upsert: db.prepare(
        `INSERT INTO work_states (user_id, date, mode, ticket_id, since, worked_ms, at, received_at, office_lost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET date = excluded.date, mode = excluded.mode, ticket_id = excluded.ticket_id,
           since = excluded.since, worked_ms = excluded.worked_ms, at = excluded.at, received_at = excluded.received_at,
           office_lost = excluded.office_lost`,
      ),
    };
  }

  async get(userId: string): Promise<WorkStateRecord | null> {
    const r = this.stmts.get.get(userId);
    return r ? toRecord(r) : null;
  }

  upsert(s: WorkStateRecord): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.upsert.run(
        s.userId,
        s.date,
        s.mode,
        s.ticketId,
        s.since,
        s.workedMs,
        s.at,
        s.receivedAt,
        lostJson(s.officeLost),
      );
    });
  }

  async list(userIds: string[], date: string): Promise<WorkStateRecord[]> {
    if (!userIds.length) return [];
    const rows = this.conn.db
      .prepare(
        `SELECT * FROM work_states WHERE date = ? AND user_id IN (${userIds.map(() => '?').join(',')}) ORDER BY user_id`,
      )
      .all(date, ...userIds) as WorkStateRow[];
    return rows.map(toRecord);
  }
}
