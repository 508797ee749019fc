// Session summaries. Segments, tickets and breaches are JSON text: they are only ever read whole.
import type { SummariesRepository, SummaryAck, SummaryFilter, SummaryRecord } from '../store';
import type { SummaryRow } from '../rows';
import { WITH_VERSION, toSummary } from '../rows';
import type { SqliteConnection } from './database';

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
      byKey: db.prepare<[string, string], SummaryRow>(`${WITH_VERSION} WHERE s.user_id = ? AND s.idempotency_key = ?`),
      byId: db.prepare<[string], SummaryRow>(`${WITH_VERSION} WHERE s.id = ?`),
      acknowledge: db.prepare(
        `UPDATE summaries SET acknowledged_at = ?, acknowledged_by = ?, ack_reply = ?, ack_correction = ?
         WHERE id = ? AND acknowledged_at IS NULL`,
      ),
      countForDay: db.prepare<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM summaries WHERE user_id = ? AND date = ?',
      ),
    };
  }

  insert(s: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }> {
    return this.conn.write((): { summary: SummaryRecord; created: boolean } => {
      const r = this.stmts.insert.run(
        s.id,
        s.userId,
        s.date,
        s.workedMinutes,
        s.breakMinutes,
        JSON.stringify(s.segments),
        JSON.stringify(s.tickets),
        JSON.stringify(s.slaBreaches),
        s.notes,
        s.receivedAt,
        idempotencyKey,
      );
      if (r.changes > 0)
        return { summary: { ...s, version: this.stmts.countForDay.get(s.userId, s.date)!.n }, created: true };
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

  acknowledge(id: string, ack: SummaryAck): Promise<boolean> {
    return this.conn.write(
      (): boolean =>
        this.stmts.acknowledge.run(ack.at, ack.by, ack.reply, ack.correctionRequested ? 1 : 0, id).changes > 0,
    );
  }

  async countForDay(userId: string, date: string): Promise<number> {
    return this.stmts.countForDay.get(userId, date)!.n;
  }

  async dayVersions(
    userId: string,
    date: string,
    idempotencyKey: string,
  ): Promise<{ versions: number; keyStored: boolean }> {
    return {
      versions: this.stmts.countForDay.get(userId, date)!.n,
      keyStored: this.stmts.byKey.get(userId, idempotencyKey) !== undefined,
    };
  }

  async list(f: SummaryFilter): Promise<SummaryRecord[]> {
    if (!f.userIds.length) return [];
    const rows = this.conn.db
      .prepare(
        `${WITH_VERSION} WHERE s.user_id IN (${f.userIds.map(() => '?').join(',')}) AND s.date >= ? AND s.date <= ?
         ORDER BY s.date, s.user_id, s.seq`,
      )
      .all(...f.userIds, f.from, f.to) as SummaryRow[];
    return rows.map(toSummary);
  }
}
