// Session summaries. Segments, tickets and breaches are JSON text: they are only ever read whole.
import type { SummariesRepository, SummaryFilter, SummaryRecord } from '../store';
import type { PgConnection } from './database';

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

export class PostgresSummariesRepository implements SummariesRepository {
  constructor(private readonly conn: PgConnection) {}

  async insert(s: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }> {
    const n = await this.conn.run(
      `INSERT INTO summaries (id, user_id, date, worked_minutes, break_minutes, segments, tickets, sla_breaches, notes, received_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (user_id, idempotency_key) DO NOTHING`,
      [
        s.id, s.userId, s.date, s.workedMinutes, s.breakMinutes, JSON.stringify(s.segments), JSON.stringify(s.tickets),
        JSON.stringify(s.slaBreaches), s.notes, s.receivedAt, idempotencyKey,
      ],
    );
    if (n > 0) return { summary: s, created: true };
    const stored = await this.getByIdempotencyKey(s.userId, idempotencyKey);
    if (!stored) throw new Error('a summary vanished between its conflict and its read');
    return { summary: stored, created: false };
  }

  async get(id: string): Promise<SummaryRecord | null> {
    const [r] = await this.conn.query<SummaryRow>('SELECT * FROM summaries WHERE id = $1', [id]);
    return r ? toSummary(r) : null;
  }

  async getByIdempotencyKey(userId: string, idempotencyKey: string): Promise<SummaryRecord | null> {
    const [r] = await this.conn.query<SummaryRow>('SELECT * FROM summaries WHERE user_id = $1 AND idempotency_key = $2', [userId, idempotencyKey]);
    return r ? toSummary(r) : null;
  }

  async list(f: SummaryFilter): Promise<SummaryRecord[]> {
    if (!f.userIds.length) return [];
    const rows = await this.conn.query<SummaryRow>(
      `SELECT * FROM summaries WHERE user_id = ANY($1::text[]) AND date >= $2 AND date <= $3 ORDER BY date COLLATE "C", user_id COLLATE "C", seq`,
      [f.userIds, f.from, f.to],
    );
    return rows.map(toSummary);
  }
}
