// Presence and work location, one row per user (what a change means for the team is services/presence.ts).
import type { PresenceStatus, WorkLocation } from '../../../shared/office-api';
import type { PresenceRecord, PresenceRepository } from '../store';
import type { SqliteConnection } from './database';

interface PresenceRow {
  user_id: string;
  status: PresenceStatus;
  location: WorkLocation;
  status_text: string;
  connected: number;
  updated_at: number;
}

const toPresence = (r: PresenceRow): PresenceRecord => ({
  userId: r.user_id,
  status: r.status,
  location: r.location,
  statusText: r.status_text,
  connected: r.connected === 1,
  updatedAt: r.updated_at,
});

export class SqlitePresenceRepository implements PresenceRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      get: db.prepare<[string], PresenceRow>('SELECT * FROM presence WHERE user_id = ?'),
      upsert: db.prepare(
        `INSERT INTO presence (user_id, status, location, status_text, connected, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, location = excluded.location,
           status_text = excluded.status_text, connected = excluded.connected, updated_at = excluded.updated_at`,
      ),
      connected: db.prepare<[], { user_id: string }>('SELECT user_id FROM presence WHERE connected = 1'),
      resetConnections: db.prepare(`UPDATE presence SET connected = 0, updated_at = ? WHERE connected = 1`),
    };
  }

  async get(userId: string): Promise<PresenceRecord | null> {
    const r = this.stmts.get.get(userId);
    return r ? toPresence(r) : null;
  }

  upsert(p: PresenceRecord): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.upsert.run(p.userId, p.status, p.location, p.statusText, p.connected ? 1 : 0, p.updatedAt);
    });
  }

  async list(userIds: string[]): Promise<PresenceRecord[]> {
    if (!userIds.length) return [];
    const rows = this.conn.db
      .prepare(`SELECT * FROM presence WHERE user_id IN (${userIds.map(() => '?').join(',')})`)
      .all(...userIds) as PresenceRow[];
    return rows.map(toPresence);
  }

  resetConnections(now: number): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.resetConnections.run(now);
    });
  }

  async listConnected(): Promise<string[]> {
    return this.stmts.connected.all().map((r) => r.user_id);
  }
}
