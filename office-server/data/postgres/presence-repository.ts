// Presence and work location, one row per user.
import type { PresenceStatus, WorkLocation } from '../../../shared/office-api';
import type { PresenceRecord, PresenceRepository } from '../store';
import type { PgConnection } from './database';

interface PresenceRow {
  user_id: string;
  status: PresenceStatus;
  location: WorkLocation;
  status_text: string;
  connected: boolean;
  updated_at: number;
}

const toPresence = (r: PresenceRow): PresenceRecord => ({
  userId: r.user_id,
  status: r.status,
  location: r.location,
  statusText: r.status_text,
  connected: r.connected,
  updatedAt: r.updated_at,
});

export class PostgresPresenceRepository implements PresenceRepository {
  constructor(private readonly conn: PgConnection) {}

  async get(userId: string): Promise<PresenceRecord | null> {
    const [r] = await this.conn.query<PresenceRow>('SELECT * FROM presence WHERE user_id = $1', [userId]);
    return r ? toPresence(r) : null;
  }

  async upsert(p: PresenceRecord): Promise<void> {
    await this.conn.run(
      `INSERT INTO presence (user_id, status, location, status_text, connected, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, location = excluded.location,
         status_text = excluded.status_text, connected = excluded.connected, updated_at = excluded.updated_at`,
      [p.userId, p.status, p.location, p.statusText, p.connected, p.updatedAt],
    );
  }

  async list(userIds: string[]): Promise<PresenceRecord[]> {
    if (!userIds.length) return [];
    return (
      await this.conn.query<PresenceRow>('SELECT * FROM presence WHERE user_id = ANY($1::text[])', [userIds])
    ).map(toPresence);
  }

  async resetConnections(now: number): Promise<void> {
    await this.conn.run(`UPDATE presence SET connected = FALSE, updated_at = $1 WHERE connected`, [now]);
  }

  async listConnected(): Promise<string[]> {
    return (await this.conn.query<{ user_id: string }>('SELECT user_id FROM presence WHERE connected')).map(
      (r) => r.user_id,
    );
  }
}
