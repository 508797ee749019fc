// Session summaries. Segments, tickets and breaches are JSON text: they are only ever read whole.
import type { SummariesRepository, SummaryFilter, SummaryRecord } from '../store';
import type { SqliteConnection } from './database';

interface SummaryRow {
  id: string;
  user_id: string;
  date: string;
  worked_minutes: number;
  break_minutes: number;
  segments: string;
  tickets: string;
  sla_breaches: string;
  notes: string;
  received_at: number;
}

const toSummary = (r: SummaryRow): SummaryRecord => ({
  id: r.id,
  userId: r.user_id,
  date: r.date,
  workedMinutes: r.worked_minutes,
  breakMinutes: r.break_minutes,
  segments: JSON.parse(r.segments) as SummaryRecord['segments'],
  tickets: JSON.parse(r.tickets) as SummaryRecord['tickets'],
  slaBreaches: JSON.parse(r.sla_breaches) as string[],
  notes: r.notes,
  receivedAt: r.received_at,
});

export class SqliteSummariesRepository implements SummariesRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      // the (user_id, idempotency_key) constraint keeps a retry whose key record is gone from storing a second copy
      insert: db.prepare(
        `INSERT INTO summaries (id, user_id, date, worked_minutes, break_minutes, segments, tickets, sla_breaches, notes, received_at, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, idempotency_key) DO NOTHING`,
      ),
      byKey: db.prepare<[string, string], SummaryRow>('SELECT * FROM summaries WHERE user_id = ? AND idempotency_key = ?'),
      byId: db.prepare<[string], SummaryRow>('SELECT * FROM summaries WHERE id = ?'),
    };
  }

  insert(s: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }> {
    return this.conn.write((): { summary: SummaryRecord; created: boolean } => {
      const r = this.stmts.insert.run(
        s.id, s.userId, s.date, s.workedMinutes, s.breakMinutes, JSON.stringify(s.segments), JSON.stringify(s.tickets),
        JSON.stringify(s.slaBreaches), s.notes, s.receivedAt, idempotencyKey,
      );
      if (r.changes > 0) return { summary: s, created: true };
      return { summary: toSummary(this.stmts.byKey.get(s.userId, idempotencyKey) as SummaryRow), created: false };
    });
  }

  async get(id: string): Promise<SummaryRecord | null> {
    const r = this.stmts.byId.get(id);
    return r ? toSummary(r) : null;
  }

  async getByIdempotencyKey(userId: string, idempotencyKey: string): Promise<SummaryRecord | null> {
    const r = this.stmts.byKey.get(userId, idempotencyKey);
    return r ? toSummary(r) : null;
  }

  async list(f: SummaryFilter): Promise<SummaryRecord[]> {
    if (!f.userIds.length) return [];
    const rows = this.conn.db
      .prepare(
        `SELECT * FROM summaries WHERE user_id IN (${f.userIds.map(() => '?').join(',')}) AND date >= ? AND date <= ?
         ORDER BY date, user_id, seq`,
      )
      .all(...f.userIds, f.from, f.to) as SummaryRow[];
    return rows.map(toSummary);
  }
}
