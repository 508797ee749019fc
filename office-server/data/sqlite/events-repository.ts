// Live events kept for resume: each stored once, with one row per recipient. Ids come from the
// AUTOINCREMENT sequence, so they never repeat, even after the newest events were pruned.
import type { EventRecord, EventsRepository } from '../store';
import type { SqliteConnection } from './database';

export class SqliteEventsRepository implements EventsRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      insert: db.prepare('INSERT INTO events (at, payload) VALUES (?, ?)'),
      recipientInsert: db.prepare('INSERT OR IGNORE INTO event_recipients (user_id, event_id) VALUES (?, ?)'),
      since: db.prepare<[string, number, number], EventRecord>(
        `SELECT e.id AS id, e.at AS at, e.payload AS payload FROM event_recipients r JOIN events e ON e.id = r.event_id
         WHERE r.user_id = ? AND r.event_id > ? ORDER BY r.event_id LIMIT ?`,
      ),
      lastId: db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`),
      prunedThrough: db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'events_pruned_through'`),
      newestBefore: db.prepare<[number], { id: number | null }>('SELECT MAX(id) AS id FROM events WHERE at < ?'),
      pruneRecipients: db.prepare('DELETE FROM event_recipients WHERE event_id <= ?'),
      prune: db.prepare('DELETE FROM events WHERE id <= ?'),
      setPrunedThrough: db.prepare(
        `INSERT INTO meta (key, value) VALUES ('events_pruned_through', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
    };
  }

  append(payload: string, recipients: string[], at: number): Promise<number> {
    return this.conn.write((): number => {
      const id = Number(this.stmts.insert.run(at, payload).lastInsertRowid);
      for (const u of recipients) this.stmts.recipientInsert.run(u, id);
      return id;
    });
  }

  async listSince(userId: string, since: number, limit: number): Promise<EventRecord[]> {
    return this.stmts.since.all(userId, since, limit);
  }

  async lastId(): Promise<number> {
    return this.stmts.lastId.get()?.seq ?? 0;
  }

  async prunedThrough(): Promise<number> {
    const r = this.stmts.prunedThrough.get();
    return r ? Number(r.value) : 0;
  }

  prune(before: number): Promise<number> {
    return this.conn.write((): number => {
      const max = this.stmts.newestBefore.get(before) as { id: number | null };
      if (max.id === null) return 0;
      this.stmts.pruneRecipients.run(max.id);
      const n = this.stmts.prune.run(max.id).changes;
      this.stmts.setPrunedThrough.run(String(max.id));
      return n;
    });
  }
}
