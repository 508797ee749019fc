// The office server's data layer: everything the routes need, behind one interface. SQLite is the
// embedded default (sqlite-store.ts); a PostgreSQL implementation of this same interface is the
// path for a deployment that outgrows one machine (docs/office-server.md). Every method is async
// so such a backend fits without touching the routes. Times are epoch milliseconds.
import type { Priority } from '../../shared/domain/sla';
import type { EscalationLevel, TicketStatus } from '../../shared/domain/tickets';
import type { PresenceStatus, Role, SummaryInput, WorkLocation } from '../../shared/office-api';

export interface TeamRecord {
  id: string;
  name: string;
  createdAt: number;
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
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  passwordHash: string;
  demo?: boolean;
}

export interface AuthSessionTokens {
  accessHash: string;
  accessExpiresAt: number;
  refreshHash: string;
  refreshExpiresAt: number;
}

export interface AuthenticatedSession {
  sessionId: string;
  user: UserRecord;
}

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'in-flight' }
  | { state: 'mismatch' }
  | { state: 'done'; status: number; body: string };

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
}

export type NewTicket = Omit<TicketRecord, 'id' | 'seq' | 'version' | 'updatedAt'>;
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
  >
>;

export interface TicketFilter {
  assigneeId?: string;
  teamId?: string;
  statuses?: TicketStatus[];
  priorities?: Priority[];
  open?: boolean;
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

export interface MessageRecord {
  id: string;
  seq: number;
  channelId: string;
  senderId: string;
  clientId: string;
  body: string;
  createdAt: number;
}

export interface PresenceRecord {
  userId: string;
  status: PresenceStatus;
  location: WorkLocation;
  statusText: string;
  connected: boolean;
  updatedAt: number;
}

export interface SummaryRecord extends SummaryInput {
  id: string;
  userId: string;
  receivedAt: number;
}

/** one POST /summaries: idempotency claim, summary row, its event and the key's result, all in one transaction */
export interface SummarySubmission {
  summary: SummaryRecord;
  idempotencyKey: string;
  /** requestFingerprint() of the request: the same key with another fingerprint is a mismatch */
  fingerprint: string;
  now: number;
  /** the summary.created event, stored with its recipients only when the summary is new */
  event: { payload: string; recipients: string[]; at: number };
}

export type SummarySubmitResult =
  /** the request ran: created=false when a summary under this key already existed (its key record was pruned) */
  | { state: 'new'; created: boolean; summary: SummaryRecord; eventId: number | null }
  /** a repeat of a completed request: the stored summary (or, for older records, the stored response) */
  | { state: 'done'; status: number; summary: SummaryRecord }
  | { state: 'done'; status: number; body: string }
  | { state: 'in-flight' }
  | { state: 'mismatch' };

export interface SummaryFilter {
  userIds: string[];
  from: string;
  to: string;
}

export interface EventRecord {
  id: number;
  at: number;
  /** the event as JSON text, stored once for all its recipients */
  payload: string;
}

export interface OfficeStore {
  readonly kind: string;
  ping(): Promise<void>;
  close(): Promise<void>;
  isEmpty(): Promise<boolean>;

  createTeam(name: string, now: number): Promise<TeamRecord>;
  getTeam(id: string): Promise<TeamRecord | null>;
  listTeams(): Promise<TeamRecord[]>;
  createUser(user: NewUser, now: number): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  getUserByUsername(username: string): Promise<UserRecord | null>;
  listUsers(filter: { teamId?: string }): Promise<UserRecord[]>;
  /** ids of the team's managers (by display name) */
  listManagerIds(teamId: string): Promise<string[]>;

  createAuthSession(userId: string, tokens: AuthSessionTokens, now: number): Promise<string>;
  /** the session and user behind an unexpired, unrevoked access token */
  findByAccessToken(accessHash: string, now: number): Promise<AuthenticatedSession | null>;
  /** swaps a valid refresh token for new tokens (the old refresh token stops working) */
  rotateRefreshToken(refreshHash: string, tokens: AuthSessionTokens, now: number): Promise<AuthenticatedSession | null>;
  findSessionByRefreshToken(refreshHash: string, now: number): Promise<string | null>;
  revokeAuthSession(sessionId: string, now: number): Promise<void>;
  pruneAuthSessions(now: number): Promise<number>;

  /** atomically claims (userId, key) for a request with this fingerprint, or reports its state */
  beginIdempotent(userId: string, key: string, fingerprint: string, now: number, leaseMs: number): Promise<IdempotencyBegin>;
  completeIdempotent(userId: string, key: string, status: number, body: string, now: number): Promise<void>;
  releaseIdempotent(userId: string, key: string): Promise<void>;
  pruneIdempotency(before: number): Promise<number>;

  createTicket(ticket: NewTicket): Promise<TicketRecord>;
  getTicket(id: string): Promise<TicketRecord | null>;
  listTickets(filter: TicketFilter): Promise<TicketRecord[]>;
  /** optimistic: null when the ticket changed since `expectedVersion` */
  updateTicket(id: string, expectedVersion: number, patch: TicketPatch, now: number): Promise<TicketRecord | null>;
  addComment(comment: Omit<CommentRecord, 'id'>): Promise<CommentRecord>;
  listComments(ticketId: string): Promise<CommentRecord[]>;

  /** inserts unless (senderId, clientId) exists; then returns the stored one with created=false */
  insertMessage(message: Omit<MessageRecord, 'id' | 'seq'>): Promise<{ message: MessageRecord; created: boolean }>;
  listMessages(channelId: string, opts: { beforeSeq?: number; limit: number }): Promise<MessageRecord[]>;

  getPresence(userId: string): Promise<PresenceRecord | null>;
  upsertPresence(presence: PresenceRecord): Promise<void>;
  listPresence(userIds: string[]): Promise<PresenceRecord[]>;
  /** marks everyone disconnected (after a restart nobody holds a socket) */
  resetConnections(now: number): Promise<void>;

  /** inserts unless the user already stored a summary under this idempotency key */
  insertSummary(summary: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }>;
  /**
   * POST /summaries in one atomic write: checks and records the Idempotency-Key, inserts the summary
   * and its event. The key's record points at the summary instead of holding a copy of the response.
   */
  submitSummary(submission: SummarySubmission): Promise<SummarySubmitResult>;
  getSummary(id: string): Promise<SummaryRecord | null>;
  listSummaries(filter: SummaryFilter): Promise<SummaryRecord[]>;

  appendEvent(payload: string, recipients: string[], at: number): Promise<number>;
  listEventsSince(userId: string, since: number, limit: number): Promise<EventRecord[]>;
  /** the newest event id on the server: a fresh client resumes from here */
  lastEventId(): Promise<number>;
  /** ids at or below this may have been pruned */
  eventsPrunedThrough(): Promise<number>;
  pruneEvents(before: number): Promise<number>;
}
