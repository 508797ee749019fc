// The office server's data layer: one repository per area, composed into one store. SQLite is the
// embedded default (sqlite/); a PostgreSQL backend implements these same interfaces for a
// deployment that outgrows one machine (docs/office-server.md). Nothing here names a database
// type, and every method is async, so such a backend fits without touching the routes. Each
// method is atomic on its own; writes that must commit together go through `transaction`.
// Times are epoch milliseconds.
import type { Priority } from '../../shared/domain/sla';
import type { EscalationLevel, TicketStatus } from '../../shared/domain/tickets';
import type { PresenceStatus, Role, SummaryInput, WorkLocation, WorkMode } from '../../shared/office-api';
import type { CalendarSettings } from '../sla/calendar';

// ---- users and teams ----

export interface TeamRecord {
  id: string;
  name: string;
  createdAt: number;
  /** L1 takes the first call; a ticket escalated to L2 or L3 goes into the queue of a team at that level */
  supportLevel: EscalationLevel;
}

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  passwordHash: string;
  /** demo accounts sign in only while the server runs in demo mode */
  demo: boolean;
  createdAt: number;
  /** how colleagues reach them outside the app (optional; null when the office has none) */
  phone?: string | null;
  sip?: string | null;
  email?: string | null;
  /** when the account was disabled (null: it may sign in); a disabled account keeps its history */
  disabledAt: number | null;
  /** 'directory': the password is checked by LDAP/Active Directory, and role and team follow its groups */
  authSource: AuthSource;
}

export type AuthSource = 'local' | 'directory';

/** what an administrator (or the directory, at sign-in) may change on an account */
export type UserPatch = Partial<
  Pick<UserRecord, 'displayName' | 'role' | 'teamId' | 'passwordHash' | 'disabledAt' | 'phone' | 'sip' | 'email'>
>;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  passwordHash: string;
  demo?: boolean;
  phone?: string | null;
  sip?: string | null;
  email?: string | null;
  authSource?: AuthSource;
}

export interface UsersRepository {
  createTeam(name: string, now: number, supportLevel?: EscalationLevel): Promise<TeamRecord>;
  getTeam(id: string): Promise<TeamRecord | null>;
  listTeams(): Promise<TeamRecord[]>;
  create(user: NewUser, now: number): Promise<UserRecord>;
  get(id: string): Promise<UserRecord | null>;
  getByUsername(username: string): Promise<UserRecord | null>;
  /** by display name */
  list(filter: { teamId?: string }): Promise<UserRecord[]>;
  /** ids of the team's managers (by display name) */
  listManagerIds(teamId: string): Promise<string[]>;
  /** changes the given fields; null when there is no such user */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /** admins who may sign in (not disabled, not demo): the last one may be neither disabled nor demoted */
  countActiveAdmins(): Promise<number>;
  getTeamByName(name: string): Promise<TeamRecord | null>;
}

// ---- account changes (append-only: the database refuses UPDATE and DELETE of these rows) ----

export interface AccountEventRecord {
  seq: number;
  at: number;
  /** who made the change: a user id, 'cli' (the office-server command line) or 'directory' (sign-in) */
  actor: string;
  /** user.created, user.updated, user.disabled, user.enabled, user.password-reset … */
  action: string;
  userId: string;
  /** what changed, as JSON text (never a password or its hash) */
  detail: string;
}

export interface AccountEventsRepository {
  append(event: Omit<AccountEventRecord, 'seq'>): Promise<AccountEventRecord>;
  /** newest first */
  list(filter: { userId?: string; beforeSeq?: number; limit: number }): Promise<AccountEventRecord[]>;
}

// ---- sign-in sessions ----

export interface AuthSessionTokens {
  accessHash: string;
  accessExpiresAt: number;
  refreshHash: string;
  refreshExpiresAt: number;
}

export interface AuthenticatedSession {
  sessionId: string;
  user: UserRecord;
  /** when the access token this session was found by stops working */
  accessExpiresAt: number;
}

/**
 * What presenting a refresh token did. A session is one sign-in and its chain of rotated tokens (a
 * token family): a token rotated before that comes back is reuse, and the family is ended.
 */
export type RefreshOutcome =
  | { state: 'rotated'; session: AuthenticatedSession }
  | { state: 'reused'; sessionId: string; userId: string }
  | { state: 'unknown' };

export interface SessionsRepository {
  /** returns the new session's id */
  create(userId: string, tokens: AuthSessionTokens, now: number): Promise<string>;
  /** the session and user behind an unexpired, unrevoked access token */
  findByAccessToken(accessHash: string, now: number): Promise<AuthenticatedSession | null>;
  /**
   * Swaps a valid refresh token for new tokens and keeps the old one's hash in the family's history.
   * A token from that history revokes the session in the same atomic step (`reused`).
   */
  rotateRefreshToken(refreshHash: string, tokens: AuthSessionTokens, now: number): Promise<RefreshOutcome>;
  /** the id of the session behind an unexpired, unrevoked refresh token */
  findByRefreshToken(refreshHash: string, now: number): Promise<string | null>;
  /** whether the session is neither revoked nor past its refresh token's life (always asks the database) */
  isActive(sessionId: string, now: number): Promise<boolean>;
  revoke(sessionId: string, now: number): Promise<void>;
  /** deletes expired and revoked sessions (with their token history) */
  prune(now: number): Promise<number>;
  /** records a successful sign-in of the user from this address */
  rememberSignInAddress(userId: string, address: string, now: number): Promise<void>;
  /** whether the user signed in successfully from this address at or after `since` */
  knowsSignInAddress(userId: string, address: string, since: number): Promise<boolean>;
  /** forgets sign-in addresses last used before `before` */
  pruneSignInAddresses(before: number): Promise<number>;
  /** revokes every live session of the user (a disabled account, a reset password); returns their ids */
  revokeAllForUser(userId: string, now: number): Promise<string[]>;
}

// ---- Idempotency-Keys ----

export type IdempotencyBegin =
  { state: 'new' } | { state: 'in-flight' } | { state: 'mismatch' } | { state: 'done'; status: number; body: string };

export interface IdempotencyRecord {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  /** the stored response; null for a result kept elsewhere (a summary points at its own row) */
  body: string | null;
  /** a pending claim older than this belongs to a request presumed dead */
  leaseUntil: number;
}

export interface IdempotencyRepository {
  /** atomically claims (userId, key) for a request with this fingerprint, or reports its state */
  begin(userId: string, key: string, fingerprint: string, now: number, leaseMs: number): Promise<IdempotencyBegin>;
  complete(userId: string, key: string, status: number, body: string, now: number): Promise<void>;
  /** frees a pending claim (the request failed), so a corrected retry may reuse the key */
  release(userId: string, key: string): Promise<void>;
  prune(before: number): Promise<number>;
  get(userId: string, key: string): Promise<IdempotencyRecord | null>;
  /** records the key as done without a copy of the response (a claim, pending or done, is overwritten) */
  recordDone(userId: string, key: string, fingerprint: string, status: number, now: number): Promise<void>;
}

// ---- tickets and their comments ----

export interface TicketRecord {
  id: string;
  seq: number;
  title: string;
  description: string;
  requester: string;
  priority: Priority;
  status: TicketStatus;
  escalationLevel: EscalationLevel;
  teamId: string;
  assigneeId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  respondedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  pausedMs: number;
  pausedSince: number | null;
  version: number;
  /** the SLA calendar version it was opened under; null: round the clock */
  calendarId: string | null;
  /** who escalated it into another team's queue (they keep reading and commenting on it); null: it never left, or came back */
  escalatedBy: string | null;
  /** the team it was escalated from (where a hand-back returns it) */
  escalatedFromTeamId: string | null;
  /**
   * the first hop out of its team (the L1 person, when an L2 engineer escalated it on to L3): they
   * keep following it; a hand-back from L3 makes it the current hop again. Null: never left, or home.
   */
  firstEscalatedBy: string | null;
  firstEscalatedFromTeamId: string | null;
}

export type NewTicket = Omit<
  TicketRecord,
  | 'id'
  | 'seq'
  | 'version'
  | 'updatedAt'
  | 'calendarId'
  | 'escalatedBy'
  | 'escalatedFromTeamId'
  | 'firstEscalatedBy'
  | 'firstEscalatedFromTeamId'
> & {
  calendarId?: string | null;
};
export type TicketPatch = Partial<
  Pick<
    TicketRecord,
    | 'status'
    | 'escalationLevel'
    | 'assigneeId'
    | 'respondedAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'pausedMs'
    | 'pausedSince'
    | 'priority'
    | 'teamId'
    | 'escalatedBy'
    | 'escalatedFromTeamId'
    | 'firstEscalatedBy'
    | 'firstEscalatedFromTeamId'
  >
>;

export interface TicketFilter {
  assigneeId?: string;
  teamId?: string;
  statuses?: TicketStatus[];
  priorities?: Priority[];
  open?: boolean;
  /** escalated out of their team by this person, first or last hop (and not handed back) */
  escalatedBy?: string;
  /** the team's queue: unassigned tickets escalated into it */
  queue?: boolean;
  /** tickets with seq below this (newest first paging) */
  beforeSeq?: number;
  limit: number;
}

export interface CommentRecord {
  id: string;
  ticketId: string;
  authorId: string;
  kind: 'comment' | 'system';
  body: string;
  createdAt: number;
}

export interface TicketsRepository {
  create(ticket: NewTicket): Promise<TicketRecord>;
  get(id: string): Promise<TicketRecord | null>;
  /** newest first */
  list(filter: TicketFilter): Promise<TicketRecord[]>;
  /** optimistic: null when the ticket changed since `expectedVersion` */
  update(id: string, expectedVersion: number, patch: TicketPatch, now: number): Promise<TicketRecord | null>;
  addComment(comment: Omit<CommentRecord, 'id'>): Promise<CommentRecord>;
  /** oldest first */
  listComments(ticketId: string): Promise<CommentRecord[]>;
}

// ---- SLA calendars ----

/** One version of a team's calendar; versions are never changed, a change adds the next. */
export interface CalendarRecord {
  id: string;
  teamId: string;
  version: number;
  settings: CalendarSettings;
  createdBy: string | null;
  createdAt: number;
}

export interface CalendarsRepository {
  /** the team's newest version, or null when it has none (its clocks run round the clock) */
  current(teamId: string): Promise<CalendarRecord | null>;
  get(id: string): Promise<CalendarRecord | null>;
  /** stores the next version of the team's calendar */
  add(teamId: string, settings: CalendarSettings, createdBy: string | null, now: number): Promise<CalendarRecord>;
}

// ---- the ticket audit trail (append-only: the database refuses UPDATE and DELETE) ----

export const NETWORK_STATES = ['office-lan', 'vpn', 'other', 'unknown'] as const;
export type NetworkState = (typeof NETWORK_STATES)[number];

export interface AuditRecord {
  seq: number;
  ticketId: string;
  /** the ticket's team at the time (whose managers may read the entry) */
  teamId: string;
  actorId: string;
  at: number;
  /** what the client reported about its network (X-Teleworker-Network); 'unknown' when it said nothing */
  network: NetworkState;
  /** create · assign · status · escalate · comment · calendar */
  action: string;
  /** the changed fields before and after, as JSON text (null where nothing was before / after) */
  before: string | null;
  after: string | null;
}

export interface AuditRepository {
  append(entry: Omit<AuditRecord, 'seq'>): Promise<void>;
  /** oldest first */
  listForTicket(ticketId: string): Promise<AuditRecord[]>;
  /** entries with from ≤ at < to, oldest first; of one team's tickets unless teamId is undefined */
  listRange(filter: { from: number; to: number; teamId?: string }): Promise<AuditRecord[]>;
}

// ---- chat ----

export interface MessageRecord {
  id: string;
  seq: number;
  channelId: string;
  senderId: string;
  clientId: string;
  body: string;
  createdAt: number;
}

export interface ChatRepository {
  /** inserts unless (senderId, clientId) exists; then returns the stored one with created=false */
  insertMessage(message: Omit<MessageRecord, 'id' | 'seq'>): Promise<{ message: MessageRecord; created: boolean }>;
  /** newest first */
  listMessages(channelId: string, opts: { beforeSeq?: number; limit: number }): Promise<MessageRecord[]>;
}

// ---- presence ----

export interface PresenceRecord {
  userId: string;
  status: PresenceStatus;
  location: WorkLocation;
  statusText: string;
  connected: boolean;
  updatedAt: number;
}

export interface PresenceRepository {
  get(userId: string): Promise<PresenceRecord | null>;
  upsert(presence: PresenceRecord): Promise<void>;
  list(userIds: string[]): Promise<PresenceRecord[]>;
  /** the people with an open event socket on any node */
  listConnected(): Promise<string[]>;
  /** marks everyone disconnected (after a restart nobody holds a socket); the chosen status stays */
  resetConnections(now: number): Promise<void>;
}

// ---- the timer's state, one row per person (the newest the client sent) ----

export interface WorkStateRecord {
  userId: string;
  date: string;
  mode: WorkMode;
  ticketId: string | null;
  /** epoch ms; null when stopped */
  since: number | null;
  workedMs: number;
  /** epoch ms the client computed it */
  at: number;
  receivedAt: number;
  /** the day's stretches the client could not reach the office (epoch ms), oldest first */
  officeLost: Array<{ start: number; end: number }>;
}

export interface WorkStatesRepository {
  get(userId: string): Promise<WorkStateRecord | null>;
  upsert(state: WorkStateRecord): Promise<void>;
  /** these people's states of one day */
  list(userIds: string[], date: string): Promise<WorkStateRecord[]>;
}

// ---- session summaries ----

export interface SummaryRecord extends SummaryInput {
  id: string;
  userId: string;
  receivedAt: number;
  /** 1 for the first summary of the day, then one more for each correction (set by the store on insert) */
  version?: number;
  /** the manager's acknowledgement of this version (absent or null: not yet) */
  ack?: SummaryAck | null;
}

export interface SummaryAck {
  by: string;
  at: number;
  /** the manager's reply, or null */
  reply: string | null;
  /** the manager asks for a corrected version */
  correctionRequested: boolean;
}

export interface SummaryFilter {
  userIds: string[];
  from: string;
  to: string;
}

export interface SummariesRepository {
  /** inserts unless the user already stored a summary under this idempotency key; then returns that one */
  insert(summary: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }>;
  get(id: string): Promise<SummaryRecord | null>;
  getByIdempotencyKey(userId: string, idempotencyKey: string): Promise<SummaryRecord | null>;
  /** how many summaries (versions) the user stored for the day */
  countForDay(userId: string, date: string): Promise<number>;
  /**
   * countForDay, and whether the user stored a summary (of any day) under this key: what POST
   * /summaries checks before a correction, in one read
   */
  dayVersions(userId: string, date: string, idempotencyKey: string): Promise<{ versions: number; keyStored: boolean }>;
  /** by date, then user, then arrival */
  list(filter: SummaryFilter): Promise<SummaryRecord[]>;
  /** records the acknowledgement unless the summary has one; false: it had one already */
  acknowledge(id: string, ack: SummaryAck): Promise<boolean>;
}

// ---- live events (stored for resume) ----

export interface EventRecord {
  id: number;
  at: number;
  /** the event as JSON text, stored once for all its recipients */
  payload: string;
}

export interface EventsRepository {
  /** stores the event once with its recipients; returns its id (from one server-wide increasing sequence) */
  append(payload: string, recipients: string[], at: number): Promise<number>;
  /** the user's events after `since`, in id order */
  listSince(userId: string, since: number, limit: number): Promise<EventRecord[]>;
  /** the newest event id on the server: a fresh client resumes from here */
  lastId(): Promise<number>;
  /** ids at or below this may have been pruned */
  prunedThrough(): Promise<number>;
  prune(before: number): Promise<number>;
}

/** an event as every node's feed hands it over: stored, committed, with its recipients */
export interface LiveEvent extends EventRecord {
  recipients: string[];
}

/**
 * What a store shared by several server nodes offers: every event committed by any node, handed to
 * each node once and in id order, and word of every session any node ended. A store used by one
 * process only (SQLite) has none: its one hub delivers what it publishes itself.
 */
export interface EventFeed {
  /** starts following after the newest event committed now */
  follow(handlers: {
    event(e: LiveEvent): void;
    sessionEnded(sessionId: string): void;
    error(err: unknown): void;
  }): Promise<void>;
  stop(): Promise<void>;
  /** whether notifications arrive now (when not, a poll still catches up every second): for /readyz */
  readonly listening: boolean;
  /** what the feed has done since it started (for /metrics) */
  stats(): FeedStats;
}

/** counters of an event feed: notifications heard, wake-ups, reads of the events table */
export interface FeedStats {
  notifications: number;
  /** catch-ups started (by notifications, folded, or by the safety poll) */
  wakeUps: number;
  /** statements that read the horizon and the events (one per wake-up unless a batch was full) */
  reads: number;
}

/**
 * Failed sign-ins, counted per rule and key (sign-in-throttle.ts decides what they mean). In the
 * database, so every node of one office counts the same failures.
 */
export interface ThrottleCounter {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export interface SignInFailuresRepository {
  get(rule: string, key: string): Promise<ThrottleCounter | null>;
  /** stores the counter `update` makes of the current one (null: none), atomically; returns it */
  update(
    rule: string,
    key: string,
    update: (current: ThrottleCounter | null) => ThrottleCounter,
  ): Promise<ThrottleCounter>;
  delete(rule: string, key: string): Promise<void>;
  /** forgets counters whose last failure and delay both ended before `before` */
  prune(before: number): Promise<number>;
}

// ---- the office plan and desk bookings ----

export interface SiteRecord {
  id: string;
  name: string;
  /** IANA zone: a booking's day and "days ahead" are counted in the site's calendar */
  timeZone: string;
  createdAt: number;
}

export interface FloorRecord {
  id: string;
  siteId: string;
  name: string;
  /** the plan's size in the units desk positions use */
  width: number;
  height: number;
  createdAt: number;
}

export interface ZoneRecord {
  id: string;
  floorId: string;
  name: string;
}

export interface DeskRecord {
  id: string;
  floorId: string;
  zoneId: string | null;
  /** what people call it ("3-14"); unique on its floor */
  label: string;
  x: number;
  y: number;
  equipment: string[];
  bookable: boolean;
}

export type NewDesk = Omit<DeskRecord, 'id'>;
export type DeskPatch = Partial<Pick<DeskRecord, 'zoneId' | 'x' | 'y' | 'equipment' | 'bookable'>>;

export interface BookingRecord {
  id: string;
  deskId: string;
  userId: string;
  /** YYYY-MM-DD in the site's calendar */
  day: string;
  /** the bookings made by one request (a range, recurring weekdays) share it */
  seriesId: string | null;
  createdAt: number;
  checkedInAt: number | null;
  /** checked out, or released unused: the desk is free again for the rest of that day */
  releasedAt: number | null;
}

export type NewBooking = Omit<BookingRecord, 'id' | 'checkedInAt' | 'releasedAt'>;
/** what DesksRepository.bookingLook looks at: one desk's days, and one person's */
export interface BookingLook {
  deskId: string;
  userId: string;
  from: string;
  to: string;
  heldFrom: string;
  heldTo: string;
}
/** a place on a site's waiting list: one floor, or (floorId null) any floor of the site */
export interface NewWait {
  userId: string;
  siteId: string;
  floorId: string | null;
  day: string;
  createdAt: number;
}

/**
 * why a day of a booking request was refused: the desk is someone's, the person has a desk that day,
 * or the day would take the person past the policy's desk-days in that week
 */
export interface BookingClash {
  day: string;
  reason: 'desk-taken' | 'person-booked' | 'week-limit';
}

/**
 * One person waiting for a desk on a day: on one floor, or on any floor of the site (floorId null).
 * The queue is the site's of that day; an offer is a free desk within the wait they were told of first.
 */
export interface WaitRecord {
  id: string;
  userId: string;
  siteId: string;
  floorId: string | null;
  day: string;
  /** the place in the queue: earliest first (moved to now when an offer lapses) */
  createdAt: number;
  offeredDeskId: string | null;
  offeredAt: number | null;
}

export interface TeamDayRecord {
  teamId: string;
  day: string;
  proposedBy: string;
  createdAt: number;
}

export interface DesksRepository {
  createSite(site: Omit<SiteRecord, 'id'>): Promise<SiteRecord>;
  getSite(id: string): Promise<SiteRecord | null>;
  listSites(): Promise<SiteRecord[]>;
  createFloor(floor: Omit<FloorRecord, 'id'>): Promise<FloorRecord>;
  getFloor(id: string): Promise<FloorRecord | null>;
  /** by site, then name */
  listFloors(): Promise<FloorRecord[]>;
  /** the zone of that name on the floor, made when it does not exist yet */
  ensureZone(floorId: string, name: string): Promise<ZoneRecord>;
  listZones(floorId: string): Promise<ZoneRecord[]>;
  /** null when the floor already has a desk with that label */
  createDesk(desk: NewDesk, now: number): Promise<DeskRecord | null>;
  getDesk(id: string): Promise<DeskRecord | null>;
  getDeskByLabel(floorId: string, label: string): Promise<DeskRecord | null>;
  updateDesk(id: string, patch: DeskPatch): Promise<DeskRecord | null>;
  /** by label */
  listDesks(floorId: string): Promise<DeskRecord[]>;
  /**
   * Books every day or none: one insert per day, refused by the database's unique constraints
   * (desk and day, person and day) rather than by any check before it, so of two people racing for
   * the last desk exactly one wins on any number of nodes. Returns the refused days when any is.
   * With `perWeek`, the person's live desk-days of each week (Monday to Sunday) are counted in the
   * same transaction, under a lock of that person (SQLite: the write lock; PostgreSQL: an advisory
   * lock), so two requests of one person at once cannot pass the weekly limit together.
   */
  book(
    bookings: NewBooking[],
    perWeek?: number,
  ): Promise<{ ok: true; bookings: BookingRecord[] } | { ok: false; clashes: BookingClash[] }>;
  /**
   * A look before book(), outside its transaction: the days from `from` to `to` on which the desk
   * holds a live booking, and the person's live desk-days from `heldFrom` to `heldTo`. Only a
   * refusal is taken from it (a desk taken stays taken until someone frees it); a desk that looks free
   * is still decided by book().
   */
  bookingLook(look: BookingLook): Promise<{ taken: string[]; held: string[] }>;
  getBooking(id: string): Promise<BookingRecord | null>;
  /** by day, then desk; from ≤ day ≤ to; released ones too */
  listBookings(filter: { from: string; to: string; userIds?: string[]; floorId?: string }): Promise<BookingRecord[]>;
  /** deletes the user's bookings with these ids (others' stay); returns those deleted */
  cancel(userId: string, ids: string[]): Promise<BookingRecord[]>;
  /** the first bookable desk of the floor free on the day (the given zone first), by label */
  nextFreeDesk(floorId: string, day: string, preferZoneId: string | null): Promise<DeskRecord | null>;
  setCheckedIn(id: string, at: number): Promise<BookingRecord | null>;
  /** frees the desk for the rest of the day (check-out, or unused by the check-in hour); null when already */
  release(id: string, at: number): Promise<BookingRecord | null>;
  setSharing(userId: string, shareDesk: boolean): Promise<void>;
  /** of these users, those who let colleagues see their desk */
  sharingDesk(userIds: string[]): Promise<Set<string>>;
  addTeamDay(day: TeamDayRecord): Promise<boolean>;
  removeTeamDay(teamId: string, day: string): Promise<boolean>;
  listTeamDays(teamId: string, from: string, to: string): Promise<TeamDayRecord[]>;
  /** joins the site's waiting list of the day for one floor (or any: null); null when already waiting so */
  joinWaitlist(entry: NewWait): Promise<WaitRecord | null>;
  /** the person's entry with that id off the list; false when it was not theirs or is gone */
  leaveWaitlist(userId: string, id: string): Promise<boolean>;
  /** in queue order (earliest first); from ≤ day ≤ to */
  listWaitlist(filter: { from: string; to: string; userId?: string; siteId?: string }): Promise<WaitRecord[]>;
  /** records an offer (null: none) on an entry; moveTo puts the entry at that place in the queue */
  setWaitOffer(id: string, offer: { deskId: string; at: number } | null, moveTo?: number): Promise<void>;
  /** removes entries by id (the person got a desk that day) */
  removeWaits(ids: string[]): Promise<void>;
}

// ---- the store ----

export interface OfficeRepositories {
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
}

/** database work /metrics times (metrics.ts): a PostgreSQL statement or transaction, a SQLite group commit */
export type DatabaseOperation = 'statement' | 'transaction' | 'commit';

/** a connection pool's use, for /metrics */
export interface PoolUse {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

export interface OfficeStore extends OfficeRepositories {
  readonly kind: string;
  /** reports how long database work takes (for /metrics); the last call wins */
  instrument?(timed: (operation: DatabaseOperation, seconds: number) => void): void;
  /** the connection pool's use now (stores with a pool) */
  poolUse?(): PoolUse;
  /** events committed by other nodes too (null: this process is the only writer) */
  readonly feed: EventFeed | null;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** true before any account exists (the demo seeds only such a database) */
  isEmpty(): Promise<boolean>;
  /**
   * Runs `fn` as one transaction across areas: everything it writes through `tx` commits together
   * (after `fn` resolves) or not at all (when it throws). Inside `fn` use only `tx`: a write through
   * the store itself waits for the transaction to end, so from inside it never would.
   */
  transaction<T>(fn: (tx: OfficeRepositories) => Promise<T>): Promise<T>;
  /**
   * POST /summaries as one atomic step across three areas: the Idempotency-Key's record, the summary
   * row and its summary.created event commit together or not at all (data/summary-submission.ts
   * has the rules; PostgreSQL runs them in one database call).
   */
  submitSummary(submission: SummarySubmission): Promise<SummarySubmitResult>;
  /**
   * A chat message and, when it is new, its chat.message event, committed together (one commit;
   * PostgreSQL: one statement). A resend (the same sender and clientId) stores nothing and returns
   * the first copy with created=false.
   */
  postMessage(posting: MessagePosting): Promise<MessagePosted>;
}

// ---- chat posting (one commit for the message and its event) ----

export interface MessagePosting {
  message: Omit<MessageRecord, 'id' | 'seq'>;
  event: {
    /** built from the new message (its id is the store's; its seq is not in the event) */
    payload: (message: MessageRecord) => string;
    recipients: string[];
    /** every member of this team receives it too (read in the same step as the write: a team channel) */
    membersOf?: string;
    at: number;
  };
}

export interface MessagePosted {
  message: MessageRecord;
  created: boolean;
  /** the stored event of a new message (with everyone it was stored for), else null */
  event: { id: number; payload: string; recipients: string[] } | null;
}

// ---- summary submission (the one write that spans areas on the hot path) ----

export interface SummarySubmission {
  summary: SummaryRecord;
  idempotencyKey: string;
  /** requestFingerprint() of the request: the same key with another fingerprint is a mismatch */
  fingerprint: string;
  now: number;
  /**
   * the summary.created event, stored with its recipients only when the summary is new. `payload`
   * is built from the stored summary (which knows its version); it may use `version` once, as a
   * number, and nothing else the store sets.
   */
  event: {
    payload: (stored: SummaryRecord) => string;
    recipients: string[];
    /** the managers of this team receive it too (looked up in the same step as the write) */
    managersOf: string | null;
    at: number;
  };
  /**
   * The office's limits on a correction (a day the author sent before, under another key), checked
   * in the same step as the write; absent: none. A repeat of a stored request is answered as it
   * was, whatever they say now.
   */
  correction?: {
    /** the earliest day a correction may be about (YYYY-MM-DD) */
    from: string;
    /** the most versions one day may have */
    versionsPerDay: number;
  };
}

export type SummarySubmitResult =
  /** the request ran: created=false when a summary under this key already existed (its key record was pruned) */
  | {
      state: 'new';
      created: boolean;
      summary: SummaryRecord;
      eventId: number | null;
      payload: string | null;
      recipients: string[];
    }
  /** a repeat of a completed request: the stored summary (or, for older records, the stored response) */
  | { state: 'done'; status: number; summary: SummaryRecord }
  | { state: 'done'; status: number; body: string }
  | { state: 'in-flight' }
  | { state: 'mismatch' }
  /** a correction the limits refuse (nothing stored): too old, or the day has `versions` already */
  | { state: 'too-old' | 'too-many'; versions: number };
