// Session summaries. Segments, tickets and breaches are JSON text: they are only ever read whole.
import type { SummariesRepository, SummaryAck, SummaryFilter, SummaryRecord } from '../store';
import type { SummaryRow } from '../rows';
import { WITH_VERSION, toSummary } from '../rows';
import type { PgConnection } from './database';

export class PostgresSummariesRepository implements SummariesRepository {
  constructor(private readonly conn: PgConnection) {}

  async insert(s: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }> {
    const n = await this.conn.run(
      `INSERT INTO summaries (id, user_id, date, worked_minutes, break_minutes, segments, tickets, sla_breaches, notes, received_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (user_id, idempotency_key) DO NOTHING`,
      [
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
      ],
    );
    if (n > 0) return { summary: { ...s, version: await this.countForDay(s.userId, s.date) }, created: true };
    const stored = await this.getByIdempotencyKey(s.userId, idempotencyKey);
    if (!stored) throw new Error('a summary vanished between its conflict and its read');
    return { summary: stored, created: false };
  }

  async get(id: string): Promise<SummaryRecord | null> {
    const [r] = await this.conn.query<SummaryRow>(`${WITH_VERSION} WHERE s.id = $1`, [id]);
    return r ? toSummary(r) : null;
  }

  async getByIdempotencyKey(userId: string, idempotencyKey: string): Promise<SummaryRecord | null> {
    const [r] = await this.conn.query<SummaryRow>(`${WITH_VERSION} WHERE s.user_id = $1 AND s.idempotency_key = $2`, [
      userId,
      idempotencyKey,
    ]);
    return r ? toSummary(r) : null;
  }

  async countForDay(userId: string, date: string): Promise<number> {
    const [r] = await this.conn.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM summaries WHERE user_id = $1 AND date = $2',
      [userId, date],
    );
    return Number(r?.n ?? 0);
  }

  async dayVersions(
    userId: string,
    date: string,
    idempotencyKey: string,
  ): Promise<{ versions: number; keyStored: boolean }> {
    const [r] = await this.conn.query<{ n: number | string; k: boolean }>(
      `SELECT (SELECT COUNT(*) FROM summaries WHERE user_id = $1 AND date = $2) AS n,
              EXISTS (SELECT 1 FROM summaries WHERE user_id = $1 AND idempotency_key = $3) AS k`,
      [userId, date, idempotencyKey],
    );
    return { versions: Number(r?.n ?? 0), keyStored: r?.k === true };
  }

  async list(f: SummaryFilter): Promise<SummaryRecord[]> {
    if (!f.userIds.length) return [];
    const rows = await this.conn.query<SummaryRow>(
      `${WITH_VERSION} WHERE s.user_id = ANY($1::text[]) AND s.date >= $2 AND s.date <= $3 ORDER BY s.date COLLATE "C", s.user_id COLLATE "C", s.seq`,
      [f.userIds, f.from, f.to],
    );
    return rows.map(toSummary);
  }

  async acknowledge(id: string, ack: SummaryAck): Promise<boolean> {
    const n = await this.conn.run(
      `UPDATE summaries SET acknowledged_at = $1, acknowledged_by = $2, ack_reply = $3, ack_correction = $4
       WHERE id = $5 AND acknowledged_at IS NULL`,
      [ack.at, ack.by, ack.reply, ack.correctionRequested, id],
    );
    return n > 0;
  }
}
