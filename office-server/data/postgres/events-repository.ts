// Live events kept for resume, with ids from one database sequence shared by every node. Readers
// never look past the horizon (office_event_horizon in migrations.ts): below it every id is
// committed or abandoned, so "everything after id N" read now is still everything later.
import type { EventRecord, EventsRepository } from '../store';
import type { PgConnection } from './database';

/** the channel every node LISTENs on; a notification only says "there is more": the table is the truth */
export const EVENTS_CHANNEL = 'office_events';

/**
 * Wakes every node's feed after events were committed: one NOTIFY at a time, the pokes that arrive
 * meanwhile folded into the next. Its payload is the highest event id committed by then, so a feed
 * that has read past it already need not read again (this node's own feed is woken at once, before
 * the notification comes back). Its transaction does not wait for its WAL flush (a notification
 * lost in a crash is only a wake-up: the feeds poll too). `send` is given that id.
 */
export class EventNotifier {
  private sending = false;
  private highest = 0;
  private sent = 0;

  constructor(
    private readonly send: (upTo: number) => Promise<unknown>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** `id`: an event id committed just now */
  poke(id: number): void {
    if (id > this.highest) this.highest = id;
    if (this.sending || this.highest <= this.sent) return;
    this.sending = true;
    const upTo = this.highest;
    this.send(upTo)
      // a failed one is not sent again: the feeds' poll finds its events
      .catch((err: unknown) => this.onError(err))
      .finally(() => {
        this.sending = false;
        this.sent = upTo;
        // what was committed while this one was sent
        if (this.highest > this.sent) this.poke(this.highest);
      });
  }
}

export class PostgresEventsRepository implements EventsRepository {
  constructor(
    private readonly conn: PgConnection,
    /**
     * Called once an event is stored: outside a transaction after its commit, inside one so the store
     * wakes the nodes once it commits. (NOTIFY is not sent from the writing transaction itself:
     * PostgreSQL serializes the commits of notifying transactions, WAL flush included.)
     */
    private readonly appended: (id: number) => void,
  ) {}

  async append(payload: string, recipients: string[], at: number): Promise<number> {
    const [r] = await this.conn.query<{ id: number }>(
      `WITH e AS (INSERT INTO events (id, at, payload) VALUES (office_next_event_id(), $1, $2) RETURNING id),
            r AS (INSERT INTO event_recipients (user_id, event_id) SELECT DISTINCT u, (SELECT id FROM e) FROM unnest($3::text[]) u)
       SELECT id FROM e`,
      [at, payload, recipients],
    );
    if (!r) throw new Error('the event was not stored');
    this.appended(r.id);
    return r.id;
  }

  listSince(userId: string, since: number, limit: number): Promise<EventRecord[]> {
    return this.conn.query<EventRecord>(
      `SELECT e.id, e.at, e.payload FROM event_recipients r JOIN events e ON e.id = r.event_id
       WHERE r.user_id = $1 AND r.event_id > $2 AND r.event_id <= office_event_horizon() ORDER BY r.event_id LIMIT $3`,
      [userId, since, limit],
    );
  }

  async lastId(): Promise<number> {
    const [r] = await this.conn.query<{ h: number }>('SELECT office_event_horizon() AS h');
    return r?.h ?? 0;
  }

  async prunedThrough(): Promise<number> {
    const [r] = await this.conn.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'events_pruned_through'`);
    return r ? Number(r.value) : 0;
  }

  prune(before: number): Promise<number> {
    return this.conn.atomic(async (c) => {
      const [max] = await c.query<{ id: number | null }>('SELECT MAX(id) AS id FROM events WHERE at < $1', [before]);
      if (!max || max.id === null) return 0;
      await c.run('DELETE FROM event_recipients WHERE event_id <= $1', [max.id]);
      const n = await c.run('DELETE FROM events WHERE id <= $1', [max.id]);
      await c.run(
        `INSERT INTO meta (key, value) VALUES ('events_pruned_through', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(max.id)],
      );
      return n;
    });
  }
}
