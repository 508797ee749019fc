// The PostgreSQL backend: the same repositories as data/sqlite over a pg pool, for an office server
// on its own database servers and on several nodes. Chosen by DATABASE_URL (see data/open.ts).
import type {
  AccountEventsRepository,
  ChatRepository,
  DatabaseOperation,
  EventsRepository,
  IdempotencyRepository,
  OfficeRepositories,
  OfficeStore,
  PoolUse,
  PresenceRepository,
  WorkStatesRepository,
  SessionsRepository,
  SignInFailuresRepository,
  SummariesRepository,
  SummarySubmission,
  SummarySubmitResult,
  MessagePosting,
  MessagePosted,
  TicketsRepository,
  CalendarsRepository,
  AuditRepository,
  DesksRepository,
  UsersRepository,
} from '../store';
import { PostgresAccountEventsRepository } from './account-events-repository';
import { PostgresChatRepository } from './chat-repository';
import {
  inTransaction,
  POSTGRES_DEFAULTS,
  PostgresDatabase,
  type PgConnection,
  type PostgresOptions,
} from './database';
import { EVENTS_CHANNEL, EventNotifier, PostgresEventsRepository } from './events-repository';
import { PostgresEventFeed, SESSIONS_CHANNEL } from './feed';
import { PostgresIdempotencyRepository } from './idempotency-repository';
import { PostgresPresenceRepository } from './presence-repository';
import { PostgresWorkStatesRepository } from './work-states-repository';
import { PostgresSessionsRepository } from './sessions-repository';
import { PostgresSignInFailuresRepository } from './sign-in-failures-repository';
import { PostgresSummariesRepository } from './summaries-repository';
import { PostgresTicketsRepository } from './tickets-repository';
import { PostgresCalendarsRepository } from './calendars-repository';
import { PostgresAuditRepository } from './audit-repository';
import { PostgresUsersRepository } from './users-repository';
import { PostgresDesksRepository } from './desks-repository';
import { payloadAroundVersion } from '../summary-submission';
import { newId } from '../ids';
import { toMessage, type MessageRow } from '../rows';

export { migratePostgres, POSTGRES_DEFAULTS, type PostgresOptions } from './database';

function repositories(
  conn: PgConnection,
  onRevoked: (sessionId: string) => Promise<void>,
  appended: (id: number) => void,
): OfficeRepositories {
  return {
    users: new PostgresUsersRepository(conn),
    sessions: new PostgresSessionsRepository(conn, onRevoked),
    idempotency: new PostgresIdempotencyRepository(conn),
    tickets: new PostgresTicketsRepository(conn),
    calendars: new PostgresCalendarsRepository(conn),
    audit: new PostgresAuditRepository(conn),
    chat: new PostgresChatRepository(conn),
    presence: new PostgresPresenceRepository(conn),
    workStates: new PostgresWorkStatesRepository(conn),
    summaries: new PostgresSummariesRepository(conn),
    events: new PostgresEventsRepository(conn, appended),
    signInFailures: new PostgresSignInFailuresRepository(conn),
    accountEvents: new PostgresAccountEventsRepository(conn),
    desks: new PostgresDesksRepository(conn),
  };
}

export class PostgresStore implements OfficeStore {
  readonly kind = 'postgres';
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly idempotency: IdempotencyRepository;
  readonly tickets: TicketsRepository;
  readonly calendars: CalendarsRepository;
  readonly audit: AuditRepository;
  readonly chat: ChatRepository;
  readonly presence: PresenceRepository;
  readonly workStates: WorkStatesRepository;
  readonly summaries: SummariesRepository;
  readonly events: EventsRepository;
  readonly signInFailures: SignInFailuresRepository;
  readonly accountEvents: AccountEventsRepository;
  readonly desks: DesksRepository;
  readonly feed: PostgresEventFeed;
  private readonly database: PostgresDatabase;
  private readonly notifier: EventNotifier;

  /** the schema must be migrated already (migratePostgres, or `office-server migrate`) */
  constructor(options: PostgresOptions) {
    this.database = new PostgresDatabase(options);
    // over the feed's listening connection when it is up (one statement, and no pooled connection
    // taken from the requests); else in a transaction of its own on the pool
    this.notifier = new EventNotifier(
      (upTo) =>
        this.feed.notify(upTo) ??
        this.database.pool.query(
          `BEGIN; SET LOCAL synchronous_commit TO OFF; NOTIFY ${EVENTS_CHANNEL}, '${upTo}'; COMMIT`,
        ),
    );
    const own = repositories(this.database.connection, this.announceRevoked, (id) => this.committed(id));
    this.users = own.users;
    this.sessions = own.sessions;
    this.idempotency = own.idempotency;
    this.tickets = own.tickets;
    this.calendars = own.calendars;
    this.audit = own.audit;
    this.chat = own.chat;
    this.presence = own.presence;
    this.workStates = own.workStates;
    this.summaries = own.summaries;
    this.events = own.events;
    this.signInFailures = own.signInFailures;
    this.accountEvents = own.accountEvents;
    this.desks = own.desks;
    this.feed = new PostgresEventFeed(options, this.database.connection);
  }

  /** event `id` is committed: this node's feed reads it now, the other nodes when the NOTIFY reaches them */
  private committed(id: number): void {
    this.feed.committed(id);
    this.notifier.poke(id);
  }

  /** every node closes the sockets of a session any node ended (the feed hears it) */
  private readonly announceRevoked = async (sessionId: string): Promise<void> => {
    await this.database.connection.query(`SELECT pg_notify('${SESSIONS_CHANNEL}', $1)`, [sessionId]);
  };

  async ping(): Promise<void> {
    await this.database.connection.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.feed.stop();
    await this.database.close();
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.database.connection.query('SELECT 1 FROM users LIMIT 1');
    return rows.length === 0;
  }

  instrument(timed: (operation: DatabaseOperation, seconds: number) => void): void {
    this.database.timings.timed = timed;
  }

  poolUse(): PoolUse {
    const pool = this.database.pool;
    return {
      max: pool.options.max ?? POSTGRES_DEFAULTS.maxConnections,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    };
  }

  async transaction<T>(fn: (tx: OfficeRepositories) => Promise<T>): Promise<T> {
    let appended = 0;
    const start = performance.now();
    const result = await inTransaction(this.database.pool, (client) =>
      fn(
        repositories(this.database.transactionConnection(client), this.announceRevoked, (id) => {
          appended = Math.max(appended, id);
        }),
      ),
    ).finally(() => this.database.timings.timed?.('transaction', (performance.now() - start) / 1000));
    // committed: now the nodes may see its events
    if (appended) this.committed(appended);
    return result;
  }

  async postMessage(posting: MessagePosting): Promise<MessagePosted> {
    const m = posting.message;
    const id = newId('m');
    // the event's payload does not contain seq (the database's): built before the insert, from the same values
    const payload = posting.event.payload({ ...m, id, seq: 0 });
    // one statement, one commit: the message, and only when it is new its event and recipients (the
    // team's members read in the same statement, not in a round trip of their own)
    const [row] = await this.database.connection.query<MessageRow & { event_id: number; recipients: string[] }>(
      `WITH m AS (
         INSERT INTO messages (id, channel_id, sender_id, client_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING *),
       e AS (INSERT INTO events (id, at, payload) SELECT office_next_event_id(), $7, $8 FROM m RETURNING id),
       rc AS (SELECT unnest($9::text[]) AS u UNION SELECT id FROM users WHERE $10::text IS NOT NULL AND team_id = $10),
       r AS (INSERT INTO event_recipients (user_id, event_id) SELECT rc.u, e.id FROM e, rc)
       SELECT m.*, e.id AS event_id, ARRAY(SELECT u FROM rc) AS recipients FROM m, e`,
      [
        id,
        m.channelId,
        m.senderId,
        m.clientId,
        m.body,
        m.createdAt,
        posting.event.at,
        payload,
        posting.event.recipients,
        posting.event.membersOf ?? null,
      ],
    );
    if (row) {
      // committed: now the nodes may see its event
      this.committed(row.event_id);
      return {
        message: toMessage(row),
        created: true,
        event: { id: row.event_id, payload, recipients: row.recipients },
      };
    }
    // a resend: the first copy stands (committed, or the insert above would have waited for it)
    const [first] = await this.database.connection.query<MessageRow>(
      'SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2',
      [m.senderId, m.clientId],
    );
    if (!first) throw new Error('a message vanished between its conflict and its read');
    return { message: toMessage(first), created: false, event: null };
  }

  /**
   * Summaries submitted while the batches before them run are sent together: one statement, one
   * transaction, one WAL flush for all of them (a summary's commit is waited for, fsync on, so the
   * flushes bound the rate; PostgreSQL groups the flushes of concurrent commits only loosely). Each
   * still gets its own answer, after the commit, as if it had been sent alone.
   */
  async submitSummary(sub: SummarySubmission): Promise<SummarySubmitResult> {
    const row = await new Promise<SubmitRow>((resolve, reject) => {
      this.submitQueue.push({ args: submitArgs(sub), resolve, reject });
      this.scheduleSubmits();
    });
    return this.submitResult(sub, row);
  }

  private readonly submitQueue: QueuedSubmit[] = [];
  private submitsRunning = 0;
  private submitsScheduled = false;

  /** after this turn of the event loop: the submissions of one burst of requests go together */
  private scheduleSubmits(): void {
    if (this.submitsScheduled) return;
    this.submitsScheduled = true;
    setImmediate(() => {
      this.submitsScheduled = false;
      while (this.submitQueue.length && this.submitsRunning < SUBMIT_BATCHES) {
        const batch = this.submitQueue.splice(0, SUBMIT_BATCH_MAX);
        this.submitsRunning++;
        void this.runSubmits(batch).finally(() => {
          this.submitsRunning--;
          if (this.submitQueue.length) this.scheduleSubmits();
        });
      }
    });
  }

  private async runSubmits(batch: QueuedSubmit[]): Promise<void> {
    if (batch.length > 1) {
      // repeats of one key, and two batches holding the same keys, take the keys' locks in one order
      batch.sort((a, b) => compareKeys(a.args, b.args));
      try {
        const rows = await this.database.connection.query<SubmitRow & { ord: number }>(
          SUBMIT_BATCH,
          SUBMIT_COLUMNS.map((_, c) => batch.map((q) => (c === 14 ? JSON.stringify(q.args[c]) : q.args[c]))),
        );
        if (rows.length !== batch.length) throw new Error('office_submit_summary: a batch lost rows');
        for (const r of rows) (batch[r.ord - 1] as QueuedSubmit).resolve(r);
        return;
      } catch {
        // the batch rolled back as a whole (one bad submission, a deadlock with another node's
        // batch): each once more alone, so that only the bad one fails
      }
    }
    await Promise.all(
      batch.map(async (q) => {
        try {
          const [r] = await this.database.connection.query<SubmitRow>(SUBMIT_ONE, q.args);
          if (!r) throw new Error('office_submit_summary returned nothing');
          q.resolve(r);
        } catch (err) {
          q.reject(err);
        }
      }),
    );
  }

  private async submitResult(sub: SummarySubmission, r: SubmitRow): Promise<SummarySubmitResult> {
    const s = sub.summary;
    const stored = async () => {
      const found = r.o_summary_id === null ? null : await this.summaries.get(r.o_summary_id);
      if (!found) throw new Error('a summary vanished between its submission and its read');
      return found;
    };
    switch (r.o_state) {
      case 'mismatch':
      case 'in-flight':
        return { state: r.o_state };
      case 'too-old':
      case 'too-many':
        return { state: r.o_state, versions: r.o_version ?? 0 };
      case 'done':
        if (r.o_body !== null) return { state: 'done', status: r.o_status ?? 201, body: r.o_body };
        return { state: 'done', status: r.o_status ?? 201, summary: await stored() };
      case 'existing':
        return { state: 'new', created: false, summary: await stored(), eventId: null, payload: null, recipients: [] };
      case 'new':
        // committed: now the nodes may see its event
        if (r.o_event_id !== null) this.committed(r.o_event_id);
        return {
          state: 'new',
          created: true,
          summary: { ...s, version: r.o_version ?? 1 },
          eventId: r.o_event_id,
          payload: r.o_payload,
          recipients: r.o_recipients ?? [],
        };
      default:
        throw new Error(`office_submit_summary answered an unknown state: ${String(r.o_state)}`);
    }
  }
}

/** batches running at once: more wait in the queue and go together, which is what makes the flushes fewer */
const SUBMIT_BATCHES = 2;
const SUBMIT_BATCH_MAX = 64;

/** office_submit_summary's parameters, in order, with their types (the batch sends a column of each) */
const SUBMIT_COLUMNS = [
  'text',
  'text',
  'text',
  'bigint',
  'text',
  'text',
  'integer',
  'integer',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text[]',
  'text',
  'bigint',
  'text',
  'integer',
] as const;
const SUBMIT_ONE = `SELECT * FROM office_submit_summary(${SUBMIT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
/**
 * One call per row, in the rows' order (the lateral call runs once for each row as unnest yields
 * it). The recipients, a list per row, travel as JSON text: an array of arrays must be rectangular.
 */
const SUBMIT_BATCH = `SELECT b.ord, f.* FROM unnest(${SUBMIT_COLUMNS.map((t, i) => `$${i + 1}::${t === 'text[]' ? 'text' : t}[]`).join(', ')})
    WITH ORDINALITY AS b(${SUBMIT_COLUMNS.map((_, i) => `c${i + 1}`).join(', ')}, ord)
  CROSS JOIN LATERAL office_submit_summary(${SUBMIT_COLUMNS.map((t, i) =>
    t === 'text[]' ? `ARRAY(SELECT json_array_elements_text(b.c${i + 1}::json))` : `b.c${i + 1}`,
  ).join(', ')}) f
  ORDER BY b.ord`;

interface QueuedSubmit {
  args: unknown[];
  resolve: (row: SubmitRow) => void;
  reject: (err: unknown) => void;
}

function submitArgs(sub: SummarySubmission): unknown[] {
  const s = sub.summary;
  const payload = payloadAroundVersion(sub);
  return [
    s.userId,
    sub.idempotencyKey,
    sub.fingerprint,
    sub.now,
    s.id,
    s.date,
    s.workedMinutes,
    s.breakMinutes,
    JSON.stringify(s.segments),
    JSON.stringify(s.tickets),
    JSON.stringify(s.slaBreaches),
    s.notes,
    payload.before,
    payload.after,
    [...new Set(sub.event.recipients)],
    sub.event.managersOf,
    sub.event.at,
    sub.correction?.from ?? null,
    sub.correction?.versionsPerDay ?? null,
  ];
}

/** by user, then Idempotency-Key (the lock office_submit_summary takes first) */
function compareKeys(a: unknown[], b: unknown[]): number {
  const [ua, ka] = a as [string, string];
  const [ub, kb] = b as [string, string];
  return ua < ub ? -1 : ua > ub ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0;
}

interface SubmitRow {
  o_state: string;
  o_status: number | null;
  o_body: string | null;
  o_summary_id: string | null;
  o_version: number | null;
  o_event_id: number | null;
  o_payload: string | null;
  o_recipients: string[] | null;
}
