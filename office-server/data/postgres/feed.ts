// How a node learns of events committed by any node (itself included): it follows the events table
// in id order up to the horizon, woken by LISTEN/NOTIFY and, should a notification be lost (the
// listening connection dropped), by a poll. Every event reaches every node once and in order, so
// a message posted on node A reaches a socket held by node B, and ids are the same everywhere.
import pg from 'pg';
import type { EventFeed, LiveEvent } from '../store';
import { clientConfig, type PgConnection, type PostgresOptions } from './database';
import { EVENTS_CHANNEL } from './events-repository';

export const SESSIONS_CHANNEL = 'office_sessions';
const POLL_MS = 1_000;
const BATCH = 1_000;
const RECONNECT_MS = 500;

export class PostgresEventFeed implements EventFeed {
  private listener: pg.Client | null = null;
  private lastSeen = 0;
  private running: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  private poll: NodeJS.Timeout | undefined;
  private onEvent: (e: LiveEvent) => void = () => undefined;
  private onSessionEnded: (sessionId: string) => void = () => undefined;
  private onError: (err: unknown) => void = () => undefined;

  constructor(
    private readonly options: PostgresOptions,
    private readonly conn: PgConnection,
  ) {}

  async follow(handlers: {
    event(e: LiveEvent): void;
    sessionEnded(sessionId: string): void;
    error(err: unknown): void;
  }): Promise<void> {
    this.onEvent = handlers.event;
    this.onSessionEnded = handlers.sessionEnded;
    this.onError = handlers.error;
    const [r] = await this.conn.query<{ h: number }>('SELECT office_event_horizon() AS h');
    this.lastSeen = r?.h ?? 0;
    await this.listen();
    this.poll = setInterval(() => this.wake(), POLL_MS);
    this.poll.unref();
  }

  get listening(): boolean {
    return this.listener !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    await this.running;
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client(clientConfig({ ...this.options, statementTimeoutMs: 0 }));
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL) this.wake();
      else if (n.channel === SESSIONS_CHANNEL && n.payload) this.onSessionEnded(n.payload);
    });
    client.on('error', (err) => {
      this.onError(err);
      void this.relisten(client);
    });
    client.on('end', () => void this.relisten(client));
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${SESSIONS_CHANNEL}`);
    this.listener = client;
    // whatever was committed while nobody listened
    this.wake();
  }

  private async relisten(old: pg.Client): Promise<void> {
    if (this.stopped || this.listener !== old) return;
    this.listener = null;
    while (!this.stopped) {
      await new Promise((r) => setTimeout(r, RECONNECT_MS));
      if (this.stopped) return;
      try {
        await this.listen();
        return;
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = this.catchUp()
      .catch((err: unknown) => this.onError(err))
      .finally(() => {
        this.running = null;
        if (this.dirty) this.wake();
      });
  }

  private async catchUp(): Promise<void> {
    do {
      this.dirty = false;
      let full: boolean;
      do {
        const [h] = await this.conn.query<{ h: number }>('SELECT office_event_horizon() AS h');
        const horizon = h?.h ?? 0;
        if (horizon <= this.lastSeen) break;
        const rows = await this.conn.query<LiveEvent>(
          `SELECT e.id, e.at, e.payload, ARRAY(SELECT r.user_id FROM event_recipients r WHERE r.event_id = e.id) AS recipients
           FROM events e WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id LIMIT $3`,
          [this.lastSeen, horizon, BATCH],
        );
        full = rows.length === BATCH;
        for (const e of rows) {
          if (this.stopped) return;
          this.onEvent(e);
        }
        this.lastSeen = full ? (rows.at(-1) as LiveEvent).id : horizon;
      } while (full && !this.stopped);
    } while (this.dirty && !this.stopped);
  }
}
