// The embedded SQLite backend: one database file, migrated on open, and the repositories of every
// area composed over its one connection. Adding an area adds a repository here and in store.ts.
import type {
  AccountEventsRepository,
  DatabaseOperation,
  ChatRepository,
  EventsRepository,
  IdempotencyRepository,
  OfficeRepositories,
  OfficeStore,
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
import { postMessageInTransaction } from '../message-posting';
import { SqliteAccountEventsRepository } from './account-events-repository';
import { SqliteChatRepository } from './chat-repository';
import { SqliteDatabase, type SqliteConnection } from './database';
import { SqliteEventsRepository } from './events-repository';
import { SqliteIdempotencyRepository } from './idempotency-repository';
import { SqlitePresenceRepository } from './presence-repository';
import { SqliteWorkStatesRepository } from './work-states-repository';
import { SqliteSessionsRepository, type SessionCache } from './sessions-repository';
import { SqliteSignInFailuresRepository } from './sign-in-failures-repository';
import { SqliteSummariesRepository } from './summaries-repository';
import { SqliteTicketsRepository } from './tickets-repository';
import { SqliteCalendarsRepository } from './calendars-repository';
import { SqliteAuditRepository } from './audit-repository';
import { SqliteUsersRepository, type ManagerIdsCache } from './users-repository';
import { SqliteDesksRepository } from './desks-repository';
import { submitInTransaction } from '../summary-submission';

/** in-memory state a repository keeps; one copy, so a write inside a transaction drops what it must */
interface Caches {
  sessions: SessionCache;
  managerIds: ManagerIdsCache;
}

function repositories(conn: SqliteConnection, caches: Caches): OfficeRepositories {
  return {
    users: new SqliteUsersRepository(conn, caches.managerIds),
    sessions: new SqliteSessionsRepository(conn, caches.sessions),
    idempotency: new SqliteIdempotencyRepository(conn),
    tickets: new SqliteTicketsRepository(conn),
    calendars: new SqliteCalendarsRepository(conn),
    audit: new SqliteAuditRepository(conn),
    chat: new SqliteChatRepository(conn),
    presence: new SqlitePresenceRepository(conn),
    workStates: new SqliteWorkStatesRepository(conn),
    summaries: new SqliteSummariesRepository(conn),
    events: new SqliteEventsRepository(conn),
    signInFailures: new SqliteSignInFailuresRepository(conn),
    accountEvents: new SqliteAccountEventsRepository(conn),
    desks: new SqliteDesksRepository(conn),
  };
}

export class SqliteStore implements OfficeStore {
  readonly kind = 'sqlite';
  /** one process writes this file: its own hub delivers what it publishes */
  readonly feed = null;
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
  private readonly database: SqliteDatabase;
  /** the same repositories with their writes inside the open transaction(); built once, used by one at a time */
  private readonly tx: OfficeRepositories;

  constructor(readonly file: string) {
    this.database = new SqliteDatabase(file);
    const caches: Caches = { sessions: new Map(), managerIds: new Map() };
    const own = repositories(this.database.connection, caches);
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
    this.tx = repositories(this.database.transactionConnection, caches);
  }

  async ping(): Promise<void> {
    this.database.db.prepare('SELECT 1').get();
  }

  close(): Promise<void> {
    return this.database.close();
  }

  instrument(timed: (operation: DatabaseOperation, seconds: number) => void): void {
    this.database.timed = timed;
  }

  async isEmpty(): Promise<boolean> {
    const r = this.database.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number };
    return r.n === 0;
  }

  transaction<T>(fn: (tx: OfficeRepositories) => Promise<T>): Promise<T> {
    return this.database.transaction(() => fn(this.tx));
  }

  submitSummary(submission: SummarySubmission): Promise<SummarySubmitResult> {
    return submitInTransaction(this, submission);
  }

  postMessage(posting: MessagePosting): Promise<MessagePosted> {
    return postMessageInTransaction(this, posting);
  }
}
