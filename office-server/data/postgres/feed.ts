// How a node learns of events committed by any node (itself included): it follows the events table
// in id order up to the horizon, woken by LISTEN/NOTIFY and, should a notification be lost (the
// listening connection dropped), by a poll. Every event reaches every node once and in order, so
// a message posted on node A reaches a socket held by node B, and ids are the same everywhere.
//
// A wake-up is one read (one round trip: the horizon and the events up to it), a second read only
// when more than BATCH events wait. Notifications are folded: those that arrive together
// (one commit's burst, several nodes' commits in one packet) start one read, and those that arrive
// while a read runs start one more after it, however many they are. At 2,000 commits a second a
// read per NOTIFY would be 2,000 horizon scans of pg_locks a second on every node. A notification
// names the highest event id its node had committed: one the feed has read past starts no read.
// The node that commits wakes its own feed at once (committed()), without waiting for its NOTIFY.
import pg from 'pg';
import type { EventFeed, FeedStats, LiveEvent } from '../store';
import { clientConfig, type PgConnection, type PostgresOptions } from './database';
import { EVENTS_CHANNEL } from './events-repository';

export const SESSIONS_CHANNEL = 'office_sessions';
const POLL_MS = 1_000;
const BATCH = 1_000;
const RECONNECT_MS = 500;

/**
 * The horizon and the events after `$1` up to it (at most `$2`, in id order) in one round trip
 * (office_feed_read, migration 19: its two statements take a snapshot each, the events' one after
 * the horizon was read, so an event committed in between is not stepped over). Every row carries
 * the horizon; with no event there is one row whose id is null.
 */
const READ = 'SELECT horizon, id, at, payload, recipients FROM office_feed_read($1, $2)';

type ReadRow = { horizon: number; id: number | null; at: number; payload: string; recipients: string[] };

export class PostgresEventFeed implements EventFeed {
  private listener: pg.Client | null = null;
  private lastSeen = 0;
  private running: Promise<void> | null = null;
  private scheduled = false;
  private dirty = false;
  private stopped = false;
  private readonly counts: FeedStats = { notifications: 0, wakeUps: 0, reads: 0 };
  private poll: NodeJS.Timeout | undefined;
  private onEvent: (e: LiveEvent) => void = () => undefined;
  private onSessionEnded: (sessionId: string) => void = () => undefined;
  private onError: (err: unknown) => void = () => undefined;

  constructor(
    private readonly options: PostgresOptions,
    private readonly conn: PgConnection,
    /** the safety poll's period (a lost notification is seen this late at most) */
    private readonly pollMs = POLL_MS,
  ) {}

  stats(): FeedStats {
    return { ...this.counts };
  }

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
    this.poll = setInterval(() => this.wake(), this.pollMs);
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
      if (n.channel === EVENTS_CHANNEL) {
        this.counts.notifications++;
        // the payload: the highest id the notifying node had committed (none: an older node's wake-up)
        const upTo = n.payload ? Number(n.payload) : NaN;
        if (!(upTo <= this.lastSeen)) this.wake();
      } else if (n.channel === SESSIONS_CHANNEL && n.payload) this.onSessionEnded(n.payload);
    });
    client.on('error', (err) => {
      this.onError(err);
      void this.relisten(client);
    });
    client.on('end', () => void this.relisten(client));
    await client.connect();
    // this connection also sends the node's NOTIFYs (notify()): their commits need not wait for a
    // WAL flush (a lost notification is only a wake-up; the poll finds its events). It writes nothing else.
    await client.query('SET synchronous_commit TO OFF');
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

  /** NOTIFY over the listening connection (see listen()), or null while it is down */
  notify(upTo: number): Promise<unknown> | null {
    // a parameter, not a literal: one statement text (pg_stat_statements keeps one entry, not one per id)
    return this.listener?.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(upTo)]) ?? null;
  }

  /**
   * This node committed event `id`: a read now, without waiting for its NOTIFY to come back (which
   * then finds the feed past it and starts no read of its own).
   */
  committed(id: number): void {
    if (id > this.lastSeen && this.listener) this.wake();
  }

  /** a read soon: notifications of the same burst (delivered in one turn of the event loop) share it */
  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    if (this.stopped || this.running) return;
    this.dirty = false;
    this.counts.wakeUps++;
    this.running = this.catchUp()
      .catch((err: unknown) => this.onError(err))
      .finally(() => {
        this.running = null;
        // what arrived during the read: one more read for all of it
        if (this.dirty) {
          this.dirty = false;
          this.wake();
        }
      });
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      this.counts.reads++;
      const rows = await this.conn.query<ReadRow>(READ, [this.lastSeen, BATCH]);
      const horizon = rows[0]?.horizon ?? 0;
      if (horizon <= this.lastSeen || this.stopped) return;
      let handed = 0;
      for (const e of rows) {
        if (e.id === null) break;
        if (this.stopped) return;
        handed++;
        this.onEvent({ id: e.id, at: e.at, payload: e.payload, recipients: e.recipients });
      }
      // a full batch: more may wait below the horizon; otherwise everything up to it has been seen
      if (handed < BATCH) {
        this.lastSeen = horizon;
        return;
      }
      this.lastSeen = (rows.at(-1) as ReadRow).id as number;
    }
  }
}
