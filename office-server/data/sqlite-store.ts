// The embedded SQLite backend (better-sqlite3, WAL). better-sqlite3 is synchronous, which makes
// every method here atomic within the process; writes are group-committed (see write()).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Priority } from '../../shared/domain/sla';
import type { EscalationLevel, TicketStatus } from '../../shared/domain/tickets';
import type { PresenceStatus, Role, WorkLocation } from '../../shared/office-api';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { newId } from './ids';
import { MIGRATIONS, type Migration } from './migrations';
import type {
  AuthSessionTokens,
  AuthenticatedSession,
  CommentRecord,
  EventRecord,
  IdempotencyBegin,
  MessageRecord,
  NewTicket,
  NewUser,
  OfficeStore,
  PresenceRecord,
  SummaryFilter,
  SummaryRecord,
  SummarySubmission,
  SummarySubmitResult,
  TeamRecord,
  TicketFilter,
  TicketPatch,
  TicketRecord,
  UserRecord,
} from './store';

type Row = Record<string, unknown>;

/** how long a verified access token (or a team's manager list) is trusted without asking the database again */
const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 50_000;

interface CachedSession {
  session: AuthenticatedSession;
  accessExpiresAt: number;
  /** performance.now() after which the database is asked again */
  until: number;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  team_id: string | null;
  password_hash: string;
  demo: number;
  created_at: number;
}

interface TicketRow {
  seq: number;
  id: string;
  title: string;
  description: string;
  requester: string;
  priority: Priority;
  status: TicketStatus;
  escalation_level: EscalationLevel;
  team_id: string;
  assignee_id: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  responded_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  paused_ms: number;
  paused_since: number | null;
  version: number;
}

interface SummaryRow {
  id: string;
  user_id: string;
  date: string;
  worked_minutes: number;
  break_minutes: number;
  segments: string;
  tickets: string;
  sla_breaches: string;
  notes: string;
  received_at: number;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  passwordHash: r.password_hash,
  demo: r.demo === 1,
  createdAt: r.created_at,
});

const toTicket = (r: TicketRow): TicketRecord => ({
  id: r.id,
  seq: r.seq,
  title: r.title,
  description: r.description,
  requester: r.requester,
  priority: r.priority,
  status: r.status,
  escalationLevel: r.escalation_level,
  teamId: r.team_id,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  respondedAt: r.responded_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
  pausedMs: r.paused_ms,
  pausedSince: r.paused_since,
  version: r.version,
});

const toSummary = (r: SummaryRow): SummaryRecord => ({
  id: r.id,
  userId: r.user_id,
  date: r.date,
  workedMinutes: r.worked_minutes,
  breakMinutes: r.break_minutes,
  segments: JSON.parse(r.segments) as SummaryRecord['segments'],
  tickets: JSON.parse(r.tickets) as SummaryRecord['tickets'],
  slaBreaches: JSON.parse(r.sla_breaches) as string[],
  notes: r.notes,
  receivedAt: r.received_at,
});

const TICKET_COLUMNS: Record<keyof TicketPatch, string> = {
  status: 'status',
  escalationLevel: 'escalation_level',
  assigneeId: 'assignee_id',
  respondedAt: 'responded_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  pausedMs: 'paused_ms',
  pausedSince: 'paused_since',
  priority: 'priority',
};

const OPEN_STATUSES: TicketStatus[] = ['new', 'acknowledged', 'in-progress', 'waiting-on-user'];

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`the database schema (version ${current}) is newer than this server (version ${latest}); upgrade the server`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}

export class SqliteStore implements OfficeStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly stmts;
  private batch: Promise<void> | null = null;
  /**
   * access-token hash → its session, for SESSION_CACHE_MS: every authenticated request looks its
   * token up. Every change this process makes to a session (revoke, rotate, prune) drops its entries
   * at once; the short lifetime bounds how long a change made by another process goes unseen.
   */
  private readonly sessionCache = new Map<string, CachedSession>();
  /** team id → its managers' ids, for SESSION_CACHE_MS; cleared whenever this process writes a user */
  private readonly managerIdsCache = new Map<string, { ids: string[]; until: number }>();
  private readonly checkpointer: Checkpointer | null;
  /** BEGIN/COMMIT/SAVEPOINT prepared once: write() runs on every request */
  private readonly tx;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a committed transaction survives a process crash; only an OS crash or power
    // loss may lose the last moments, which the clients' outboxes resend.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // every write runs in a savepoint (see write()): its sub-journal stays in memory instead of a temp
    // file, which halves the cost of a write
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('cache_size = -32768'); // KiB: the default 2 MiB page cache misses under a steady write load
    migrate(this.db);
    this.checkpointer = startCheckpointer(file, () => {
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 8000');
    });
    // with the background checkpointer, none inline; without it, fewer and larger ones
    this.db.pragma(`wal_autocheckpoint = ${this.checkpointer ? 0 : 8000}`);
    const db = this.db;
    this.tx = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT office_write'),
      release: db.prepare('RELEASE office_write'),
      rollbackTo: db.prepare('ROLLBACK TO office_write'),
    };
    this.stmts = {
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      usersByTeam: db.prepare<[string], UserRow>('SELECT * FROM users WHERE team_id = ? ORDER BY display_name'),
      managerIdsByTeam: db
        .prepare<[string], string>(`SELECT id FROM users WHERE team_id = ? AND role = 'manager' ORDER BY display_name`)
        .pluck(),
      allUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY display_name'),
      userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
      sessionByAccess: db.prepare<[string, number], UserRow & { session_id: string; access_expires_at: number }>(
        `SELECT u.*, s.id AS session_id, s.access_expires_at AS access_expires_at FROM auth_sessions s JOIN users u ON u.id = s.user_id
         WHERE s.access_hash = ? AND s.access_expires_at > ? AND s.revoked_at IS NULL`,
      ),
      sessionByRefresh: db.prepare<[string, number], { id: string; user_id: string }>(
        `SELECT id, user_id FROM auth_sessions WHERE refresh_hash = ? AND refresh_expires_at > ? AND revoked_at IS NULL`,
      ),
      idemGet: db.prepare<[string, string], { fingerprint: string; state: string; status: number | null; body: string | null; lease_until: number }>(
        'SELECT fingerprint, state, status, body, lease_until FROM idempotency WHERE user_id = ? AND key = ?',
      ),
      idemInsert: db.prepare(
        `INSERT INTO idempotency (user_id, key, fingerprint, state, created_at, lease_until) VALUES (?, ?, ?, 'pending', ?, ?)`,
      ),
      idemRelease: db.prepare(`DELETE FROM idempotency WHERE user_id = ? AND key = ? AND state = 'pending'`),
      idemComplete: db.prepare(
        `UPDATE idempotency SET state = 'done', status = ?, body = ?, lease_until = ? WHERE user_id = ? AND key = ?`,
      ),
      idemRelease2: db.prepare(`UPDATE idempotency SET lease_until = ? WHERE user_id = ? AND key = ?`),
      idemUpsertDone: db.prepare(
        `INSERT INTO idempotency (user_id, key, fingerprint, state, status, body, created_at, lease_until)
         VALUES (?, ?, ?, 'done', ?, NULL, ?, ?)
         ON CONFLICT (user_id, key) DO UPDATE SET state = 'done', status = excluded.status, body = NULL, lease_until = excluded.lease_until`,
      ),
      ticketById: db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?'),
      messageBySender: db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?'),
      messageInsert: db.prepare(
        `INSERT INTO messages (id, channel_id, sender_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (sender_id, client_id) DO NOTHING`,
      ),
      summaryByKey: db.prepare<[string, string], SummaryRow>('SELECT * FROM summaries WHERE user_id = ? AND idempotency_key = ?'),
      summaryInsert: db.prepare(
        `INSERT INTO summaries (id, user_id, date, worked_minutes, break_minutes, segments, tickets, sla_breaches, notes, received_at, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, idempotency_key) DO NOTHING`,
      ),
      eventInsert: db.prepare('INSERT INTO events (at, payload) VALUES (?, ?)'),
      recipientInsert: db.prepare('INSERT OR IGNORE INTO event_recipients (user_id, event_id) VALUES (?, ?)'),
      eventsSince: db.prepare<[string, number, number], EventRecord>(
        `SELECT e.id AS id, e.at AS at, e.payload AS payload FROM event_recipients r JOIN events e ON e.id = r.event_id
         WHERE r.user_id = ? AND r.event_id > ? ORDER BY r.event_id LIMIT ?`,
      ),
      presenceGet: db.prepare<[string], PresenceRow>('SELECT * FROM presence WHERE user_id = ?'),
      presenceUpsert: db.prepare(
        `INSERT INTO presence (user_id, status, location, status_text, connected, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, location = excluded.location,
           status_text = excluded.status_text, connected = excluded.connected, updated_at = excluded.updated_at`,
      ),
    };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.batch) await this.batch.catch(() => undefined);
    await this.checkpointer?.stop();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  /**
   * Group commit. Writes made in the same turn of the event loop share one transaction, committed
   * on setImmediate; each write runs in its own savepoint (atomic on its own) and its promise
   * resolves only after the COMMIT, so nothing is acknowledged before it is durable. Under load
   * this turns one commit per statement into one commit per batch of requests.
   */
  private write<T>(fn: () => T): Promise<T> {
    if (!this.batch) {
      this.tx.begin.run();
      this.batch = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          this.batch = null;
          try {
            this.tx.commit.run();
            resolve();
          } catch (err) {
            if (this.db.inTransaction) this.tx.rollback.run();
            reject(err);
          }
        });
      });
    }
    const batch = this.batch;
    let result: T;
    this.tx.savepoint.run();
    try {
      result = fn();
      this.tx.release.run();
    } catch (err) {
      if (this.db.inTransaction) {
        this.tx.rollbackTo.run();
        this.tx.release.run();
      }
      return Promise.reject(err);
    }
    return batch.then(() => result);
  }

  async isEmpty(): Promise<boolean> {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number };
    return r.n === 0;
  }

  // ---- teams and users ----

  createTeam(name: string, now: number): Promise<TeamRecord> {
    return this.write((): TeamRecord => {
      const team = { id: newId('team'), name, createdAt: now };
      this.db.prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)').run(team.id, name, now);
      return team;
    });
  }

  async getTeam(id: string): Promise<TeamRecord | null> {
    const r = this.db.prepare('SELECT id, name, created_at FROM teams WHERE id = ?').get(id) as
      | { id: string; name: string; created_at: number }
      | undefined;
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null;
  }

  async listTeams(): Promise<TeamRecord[]> {
    const rows = this.db.prepare('SELECT id, name, created_at FROM teams ORDER BY name').all() as {
      id: string;
      name: string;
      created_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  createUser(user: NewUser, now: number): Promise<UserRecord> {
    return this.write((): UserRecord => {
      this.managerIdsCache.clear();
      const id = newId('u');
      this.db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, team_id, password_hash, demo, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, user.username, user.displayName, user.role, user.teamId, user.passwordHash, user.demo ? 1 : 0, now);
      return { ...user, id, demo: user.demo ?? false, createdAt: now };
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const r = this.stmts.userById.get(id);
    return r ? toUser(r) : null;
  }

  async getUserByUsername(username: string): Promise<UserRecord | null> {
    const r = this.stmts.userByName.get(username);
    return r ? toUser(r) : null;
  }

  async listManagerIds(teamId: string): Promise<string[]> {
    // asked on every summary (its event goes to the managers): cached like sessions, dropped on any user change
    const t = performance.now();
    const cached = this.managerIdsCache.get(teamId);
    if (cached && cached.until > t) return [...cached.ids];
    const ids = this.stmts.managerIdsByTeam.all(teamId);
    if (this.managerIdsCache.size >= SESSION_CACHE_MAX) this.managerIdsCache.clear();
    this.managerIdsCache.set(teamId, { ids, until: t + SESSION_CACHE_MS });
    return [...ids];
  }

  async listUsers(filter: { teamId?: string }): Promise<UserRecord[]> {
    const rows =
      filter.teamId !== undefined ? this.stmts.usersByTeam.all(filter.teamId) : this.stmts.allUsers.all();
    return rows.map(toUser);
  }

  // ---- auth sessions ----

  createAuthSession(userId: string, t: AuthSessionTokens, now: number): Promise<string> {
    return this.write((): string => {
      const id = newId('s');
      this.db
        .prepare(
          `INSERT INTO auth_sessions (id, user_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, userId, t.accessHash, t.accessExpiresAt, t.refreshHash, t.refreshExpiresAt, now);
      return id;
    });
  }

  async findByAccessToken(accessHash: string, now: number): Promise<AuthenticatedSession | null> {
    const t = performance.now();
    const cached = this.sessionCache.get(accessHash);
    if (cached && cached.until > t && cached.accessExpiresAt > now) return cached.session;
    const r = this.stmts.sessionByAccess.get(accessHash, now);
    if (!r) {
      if (cached) this.sessionCache.delete(accessHash);
      return null;
    }
    const session = { sessionId: r.session_id, user: toUser(r) };
    if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.clear();
    this.sessionCache.set(accessHash, { session, accessExpiresAt: r.access_expires_at, until: t + SESSION_CACHE_MS });
    return session;
  }

  private forgetSession(sessionId: string): void {
    for (const [hash, c] of this.sessionCache) if (c.session.sessionId === sessionId) this.sessionCache.delete(hash);
  }

  rotateRefreshToken(refreshHash: string, t: AuthSessionTokens, now: number): Promise<AuthenticatedSession | null> {
    return this.write((): AuthenticatedSession | null => {
      const s = this.stmts.sessionByRefresh.get(refreshHash, now);
      if (!s) return null;
      this.forgetSession(s.id);
      this.db
        .prepare(
          `UPDATE auth_sessions SET access_hash = ?, access_expires_at = ?, refresh_hash = ?, refresh_expires_at = ? WHERE id = ?`,
        )
        .run(t.accessHash, t.accessExpiresAt, t.refreshHash, t.refreshExpiresAt, s.id);
      const user = this.stmts.userById.get(s.user_id);
      return user ? { sessionId: s.id, user: toUser(user) } : null;
    });
  }

  async findSessionByRefreshToken(refreshHash: string, now: number): Promise<string | null> {
    return this.stmts.sessionByRefresh.get(refreshHash, now)?.id ?? null;
  }

  revokeAuthSession(sessionId: string, now: number): Promise<void> {
    return this.write((): void => {
      this.forgetSession(sessionId);
      this.db.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, sessionId);
    });
  }

  pruneAuthSessions(now: number): Promise<number> {
    return this.write((): number => {
      this.sessionCache.clear();
      return this.db.prepare('DELETE FROM auth_sessions WHERE refresh_expires_at < ? OR revoked_at IS NOT NULL').run(now)
        .changes;
    });
  }

  // ---- idempotency ----

  beginIdempotent(userId: string, key: string, fingerprint: string, now: number, leaseMs: number): Promise<IdempotencyBegin> {
    return this.write((): IdempotencyBegin => {
      const row = this.stmts.idemGet.get(userId, key);
      if (!row) {
        this.stmts.idemInsert.run(userId, key, fingerprint, now, now + leaseMs);
        return { state: 'new' };
      }
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.state === 'done') return { state: 'done', status: row.status ?? 200, body: row.body ?? '{}' };
      if (row.lease_until < now) {
        // the first attempt died without finishing (crash, lost connection): let this one run
        this.stmts.idemRelease2.run(now + leaseMs, userId, key);
        return { state: 'new' };
      }
      return { state: 'in-flight' };
    });
  }

  completeIdempotent(userId: string, key: string, status: number, body: string, now: number): Promise<void> {
    return this.write((): void => {
      this.stmts.idemComplete.run(status, body, now, userId, key);
    });
  }

  releaseIdempotent(userId: string, key: string): Promise<void> {
    return this.write((): void => {
      this.stmts.idemRelease.run(userId, key);
    });
  }

  pruneIdempotency(before: number): Promise<number> {
    return this.write((): number => {
      return this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(before).changes;
    });
  }

  // ---- tickets ----

  createTicket(t: NewTicket): Promise<TicketRecord> {
    return this.write((): TicketRecord => {
      const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM tickets').get() as { next: number };
      const id = `INC-${1000 + next}`;
      this.db
        .prepare(
          `INSERT INTO tickets (seq, id, title, description, requester, priority, status, escalation_level, team_id, assignee_id,
             created_by, created_at, updated_at, responded_at, resolved_at, closed_at, paused_ms, paused_since, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        )
        .run(
          next, id, t.title, t.description, t.requester, t.priority, t.status, t.escalationLevel, t.teamId, t.assigneeId,
          t.createdBy, t.createdAt, t.createdAt, t.respondedAt, t.resolvedAt, t.closedAt, t.pausedMs, t.pausedSince,
        );
      return toTicket(this.stmts.ticketById.get(id) as TicketRow);
    });
  }

  async getTicket(id: string): Promise<TicketRecord | null> {
    const r = this.stmts.ticketById.get(id);
    return r ? toTicket(r) : null;
  }

  async listTickets(f: TicketFilter): Promise<TicketRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.assigneeId !== undefined) {
      where.push('assignee_id = ?');
      args.push(f.assigneeId);
    }
    if (f.teamId !== undefined) {
      where.push('team_id = ?');
      args.push(f.teamId);
    }
    if (f.statuses?.length) {
      where.push(`status IN (${f.statuses.map(() => '?').join(',')})`);
      args.push(...f.statuses);
    }
    if (f.open !== undefined) {
      where.push(`status ${f.open ? '' : 'NOT '}IN (${OPEN_STATUSES.map(() => '?').join(',')})`);
      args.push(...OPEN_STATUSES);
    }
    if (f.priorities?.length) {
      where.push(`priority IN (${f.priorities.map(() => '?').join(',')})`);
      args.push(...f.priorities);
    }
    if (f.beforeSeq !== undefined) {
      where.push('seq < ?');
      args.push(f.beforeSeq);
    }
    const sql = `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit) as TicketRow[]).map(toTicket);
  }

  updateTicket(id: string, expectedVersion: number, patch: TicketPatch, now: number): Promise<TicketRecord | null> {
    return this.write((): TicketRecord | null => {
      const sets: string[] = [];
      const args: unknown[] = [];
      for (const [k, v] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
        if (v === undefined) continue;
        sets.push(`${TICKET_COLUMNS[k]} = ?`);
        args.push(v);
      }
      sets.push('updated_at = ?', 'version = version + 1');
      args.push(now);
      const r = this.db
        .prepare(`UPDATE tickets SET ${sets.join(', ')} WHERE id = ? AND version = ?`)
        .run(...args, id, expectedVersion);
      if (r.changes === 0) return null;
      return toTicket(this.stmts.ticketById.get(id) as TicketRow);
    });
  }

  addComment(c: Omit<CommentRecord, 'id'>): Promise<CommentRecord> {
    return this.write((): CommentRecord => {
      const comment = { ...c, id: newId('c') };
      this.db
        .prepare('INSERT INTO ticket_comments (id, ticket_id, author_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(comment.id, c.ticketId, c.authorId, c.kind, c.body, c.createdAt);
      return comment;
    });
  }

  async listComments(ticketId: string): Promise<CommentRecord[]> {
    const rows = this.db
      .prepare('SELECT id, ticket_id, author_id, kind, body, created_at FROM ticket_comments WHERE ticket_id = ? ORDER BY seq')
      .all(ticketId) as Row[];
    return rows.map((r) => ({
      id: r.id as string,
      ticketId: r.ticket_id as string,
      authorId: r.author_id as string,
      kind: r.kind as CommentRecord['kind'],
      body: r.body as string,
      createdAt: r.created_at as number,
    }));
  }

  // ---- chat ----

  insertMessage(m: Omit<MessageRecord, 'id' | 'seq'>): Promise<{ message: MessageRecord; created: boolean }> {
    return this.write((): { message: MessageRecord; created: boolean } => {
      const r = this.stmts.messageInsert.run(newId('m'), m.channelId, m.senderId, m.clientId, m.body, m.createdAt);
      const row = this.stmts.messageBySender.get(m.senderId, m.clientId) as MessageRow;
      return { message: toMessage(row), created: r.changes > 0 };
    });
  }

  async listMessages(channelId: string, opts: { beforeSeq?: number; limit: number }): Promise<MessageRecord[]> {
    const rows = (
      opts.beforeSeq !== undefined
        ? this.db
            .prepare('SELECT * FROM messages WHERE channel_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
            .all(channelId, opts.beforeSeq, opts.limit)
        : this.db.prepare('SELECT * FROM messages WHERE channel_id = ? ORDER BY seq DESC LIMIT ?').all(channelId, opts.limit)
    ) as MessageRow[];
    return rows.map(toMessage);
  }

  // ---- presence ----

  async getPresence(userId: string): Promise<PresenceRecord | null> {
    const r = this.stmts.presenceGet.get(userId);
    return r ? toPresence(r) : null;
  }

  upsertPresence(p: PresenceRecord): Promise<void> {
    return this.write((): void => {
      this.stmts.presenceUpsert.run(p.userId, p.status, p.location, p.statusText, p.connected ? 1 : 0, p.updatedAt);
    });
  }

  async listPresence(userIds: string[]): Promise<PresenceRecord[]> {
    if (!userIds.length) return [];
    const rows = this.db
      .prepare(`SELECT * FROM presence WHERE user_id IN (${userIds.map(() => '?').join(',')})`)
      .all(...userIds) as PresenceRow[];
    return rows.map(toPresence);
  }

  resetConnections(now: number): Promise<void> {
    return this.write((): void => {
      this.db
        .prepare(`UPDATE presence SET connected = 0, status = 'offline', updated_at = ? WHERE connected = 1`)
        .run(now);
    });
  }

  // ---- summaries ----

  insertSummary(s: SummaryRecord, idempotencyKey: string): Promise<{ summary: SummaryRecord; created: boolean }> {
    return this.write((): { summary: SummaryRecord; created: boolean } => {
      const r = this.stmts.summaryInsert.run(
        s.id, s.userId, s.date, s.workedMinutes, s.breakMinutes, JSON.stringify(s.segments), JSON.stringify(s.tickets),
        JSON.stringify(s.slaBreaches), s.notes, s.receivedAt, idempotencyKey,
      );
      if (r.changes > 0) return { summary: s, created: true };
      return { summary: toSummary(this.stmts.summaryByKey.get(s.userId, idempotencyKey) as SummaryRow), created: false };
    });
  }

  submitSummary(sub: SummarySubmission): Promise<SummarySubmitResult> {
    return this.write((): SummarySubmitResult => {
      const { summary: s, idempotencyKey: key, now } = sub;
      const row = this.stmts.idemGet.get(s.userId, key);
      if (row) {
        if (row.fingerprint !== sub.fingerprint) return { state: 'mismatch' };
        if (row.state === 'done') {
          // rows written before submitSummary existed carry the full response; newer ones point at the summary
          if (row.body !== null) return { state: 'done', status: row.status ?? 201, body: row.body };
          const stored = this.stmts.summaryByKey.get(s.userId, key);
          if (stored) return { state: 'done', status: row.status ?? 201, summary: toSummary(stored) };
        } else if (row.lease_until >= now) {
          return { state: 'in-flight' };
        }
        // else: a pending claim whose request died (or a done row without its summary): run this one
      }
      // the key is recorded as done right away: this transaction either commits all of it or nothing
      this.stmts.idemUpsertDone.run(s.userId, key, sub.fingerprint, 201, now, now);
      const r = this.stmts.summaryInsert.run(
        s.id, s.userId, s.date, s.workedMinutes, s.breakMinutes, JSON.stringify(s.segments), JSON.stringify(s.tickets),
        JSON.stringify(s.slaBreaches), s.notes, s.receivedAt, key,
      );
      if (r.changes === 0) {
        // the key's record was pruned but the summary under it is still stored: answer with that one
        return { state: 'new', created: false, summary: toSummary(this.stmts.summaryByKey.get(s.userId, key) as SummaryRow), eventId: null };
      }
      const eventId = Number(this.stmts.eventInsert.run(sub.event.at, sub.event.payload).lastInsertRowid);
      for (const u of new Set(sub.event.recipients)) this.stmts.recipientInsert.run(u, eventId);
      return { state: 'new', created: true, summary: s, eventId };
    });
  }

  async getSummary(id: string): Promise<SummaryRecord | null> {
    const r = this.db.prepare('SELECT * FROM summaries WHERE id = ?').get(id) as SummaryRow | undefined;
    return r ? toSummary(r) : null;
  }

  async listSummaries(f: SummaryFilter): Promise<SummaryRecord[]> {
    if (!f.userIds.length) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM summaries WHERE user_id IN (${f.userIds.map(() => '?').join(',')}) AND date >= ? AND date <= ?
         ORDER BY date, user_id, seq`,
      )
      .all(...f.userIds, f.from, f.to) as SummaryRow[];
    return rows.map(toSummary);
  }

  // ---- events ----

  appendEvent(payload: string, recipients: string[], at: number): Promise<number> {
    return this.write((): number => {
      const id = Number(this.stmts.eventInsert.run(at, payload).lastInsertRowid);
      for (const u of recipients) this.stmts.recipientInsert.run(u, id);
      return id;
    });
  }

  async listEventsSince(userId: string, since: number, limit: number): Promise<EventRecord[]> {
    return this.stmts.eventsSince.all(userId, since, limit);
  }

  async lastEventId(): Promise<number> {
    const r = this.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`).get() as { seq: number } | undefined;
    return r?.seq ?? 0;
  }

  async eventsPrunedThrough(): Promise<number> {
    const r = this.db.prepare(`SELECT value FROM meta WHERE key = 'events_pruned_through'`).get() as
      | { value: string }
      | undefined;
    return r ? Number(r.value) : 0;
  }

  pruneEvents(before: number): Promise<number> {
    return this.write((): number => {
      const max = this.db.prepare('SELECT MAX(id) AS id FROM events WHERE at < ?').get(before) as { id: number | null };
      if (max.id === null) return 0;
      this.db.prepare('DELETE FROM event_recipients WHERE event_id <= ?').run(max.id);
      const n = this.db.prepare('DELETE FROM events WHERE id <= ?').run(max.id).changes;
      this.db
        .prepare(`INSERT INTO meta (key, value) VALUES ('events_pruned_through', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(String(max.id));
      return n;
    });
  }
}

interface MessageRow {
  seq: number;
  id: string;
  channel_id: string;
  sender_id: string;
  client_id: string;
  body: string;
  created_at: number;
}

const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id,
  seq: r.seq,
  channelId: r.channel_id,
  senderId: r.sender_id,
  clientId: r.client_id,
  body: r.body,
  createdAt: r.created_at,
});

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
