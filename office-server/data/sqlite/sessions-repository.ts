// Sign-in sessions: access and refresh tokens, stored only as hashes. A session is one sign-in and
// the chain of refresh tokens rotated from it (a token family); the hashes of every rotated token
// are kept until the session is pruned, so a stolen, already-used token is recognised when it comes
// back (RFC 9700 4.14.2) and ends the family.
import { newId } from '../ids';
import type { AuthSessionTokens, AuthenticatedSession, RefreshOutcome, SessionsRepository } from '../store';
import type { SqliteConnection } from './database';
import { toUser, type UserRow } from './users-repository';

/** how long a verified access token is trusted without asking the database again */
const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 50_000;

interface CachedSession {
  session: AuthenticatedSession;
  accessExpiresAt: number;
  /** performance.now() after which the database is asked again */
  until: number;
}

/** access-token hash → its session; shared by the store's and the transactions' repositories */
export type SessionCache = Map<string, CachedSession>;

export class SqliteSessionsRepository implements SessionsRepository {
  private readonly stmts;

  constructor(
    private readonly conn: SqliteConnection,
    /**
     * Every authenticated request looks its token up. Every change this process makes to a session
     * (revoke, rotate, prune) drops its entries at once; the short lifetime bounds how long a change
     * made by another process goes unseen.
     */
    private readonly cache: SessionCache = new Map(),
  ) {
    const { db } = conn;
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO auth_sessions (id, user_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      byAccess: db.prepare<[string, number], UserRow & { session_id: string; access_expires_at: number }>(
        `SELECT u.*, s.id AS session_id, s.access_expires_at AS access_expires_at FROM auth_sessions s JOIN users u ON u.id = s.user_id
         WHERE s.access_hash = ? AND s.access_expires_at > ? AND s.revoked_at IS NULL AND u.disabled_at IS NULL`,
      ),
      byRefresh: db.prepare<[string, number], { id: string; user_id: string }>(
        `SELECT id, user_id FROM auth_sessions WHERE refresh_hash = ? AND refresh_expires_at > ? AND revoked_at IS NULL`,
      ),
      rotate: db.prepare(
        `UPDATE auth_sessions SET access_hash = ?, access_expires_at = ?, refresh_hash = ?, refresh_expires_at = ? WHERE id = ?`,
      ),
      rotated: db.prepare(
        'INSERT OR IGNORE INTO refresh_token_history (refresh_hash, session_id, rotated_at) VALUES (?, ?, ?)',
      ),
      history: db.prepare<[string], { session_id: string; user_id: string }>(
        `SELECT h.session_id, s.user_id FROM refresh_token_history h JOIN auth_sessions s ON s.id = h.session_id WHERE h.refresh_hash = ?`,
      ),
      active: db.prepare<[string, number], { one: number }>(
        'SELECT 1 AS one FROM auth_sessions WHERE id = ? AND revoked_at IS NULL AND refresh_expires_at > ?',
      ),
      rememberAddress: db.prepare(
        `INSERT INTO sign_in_addresses (user_id, address, last_success_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
      ),
      knowsAddress: db.prepare<[string, string, number], { one: number }>(
        'SELECT 1 AS one FROM sign_in_addresses WHERE user_id = ? AND address = ? AND last_success_at >= ?',
      ),
      pruneAddresses: db.prepare('DELETE FROM sign_in_addresses WHERE last_success_at < ?'),
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      revoke: db.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      liveOfUser: db
        .prepare<[string], string>('SELECT id FROM auth_sessions WHERE user_id = ? AND revoked_at IS NULL')
        .pluck(),
      // the token history goes with its session (ON DELETE CASCADE)
      prune: db.prepare('DELETE FROM auth_sessions WHERE refresh_expires_at < ? OR revoked_at IS NOT NULL'),
    };
  }

  create(userId: string, t: AuthSessionTokens, now: number): Promise<string> {
    return this.conn.write((): string => {
      const id = newId('s');
      this.stmts.insert.run(id, userId, t.accessHash, t.accessExpiresAt, t.refreshHash, t.refreshExpiresAt, now);
      return id;
    });
  }

  async findByAccessToken(accessHash: string, now: number): Promise<AuthenticatedSession | null> {
    const t = performance.now();
    const cached = this.cache.get(accessHash);
    if (cached && cached.until > t && cached.accessExpiresAt > now) return cached.session;
    const r = this.stmts.byAccess.get(accessHash, now);
    if (!r) {
      if (cached) this.cache.delete(accessHash);
      return null;
    }
    const session = { sessionId: r.session_id, user: toUser(r), accessExpiresAt: r.access_expires_at };
    if (this.cache.size >= SESSION_CACHE_MAX) this.cache.clear();
    this.cache.set(accessHash, { session, accessExpiresAt: r.access_expires_at, until: t + SESSION_CACHE_MS });
    return session;
  }

  rotateRefreshToken(refreshHash: string, t: AuthSessionTokens, now: number): Promise<RefreshOutcome> {
    return this.conn.write((): RefreshOutcome => {
      const s = this.stmts.byRefresh.get(refreshHash, now);
      if (!s) {
        const used = this.stmts.history.get(refreshHash);
        if (!used) return { state: 'unknown' };
        // reuse: whoever holds the family's current tokens (thief or owner) loses them too
        this.forget(used.session_id);
        this.stmts.revoke.run(now, used.session_id);
        return { state: 'reused', sessionId: used.session_id, userId: used.user_id };
      }
      this.forget(s.id);
      this.stmts.rotated.run(refreshHash, s.id, now);
      this.stmts.rotate.run(t.accessHash, t.accessExpiresAt, t.refreshHash, t.refreshExpiresAt, s.id);
      const user = this.stmts.userById.get(s.user_id);
      if (!user) return { state: 'unknown' };
      return { state: 'rotated', session: { sessionId: s.id, user: toUser(user), accessExpiresAt: t.accessExpiresAt } };
    });
  }

  async findByRefreshToken(refreshHash: string, now: number): Promise<string | null> {
    return this.stmts.byRefresh.get(refreshHash, now)?.id ?? null;
  }

  async isActive(sessionId: string, now: number): Promise<boolean> {
    return this.stmts.active.get(sessionId, now) !== undefined;
  }

  revoke(sessionId: string, now: number): Promise<void> {
    return this.conn.write((): void => {
      this.forget(sessionId);
      this.stmts.revoke.run(now, sessionId);
    });
  }

  revokeAllForUser(userId: string, now: number): Promise<string[]> {
    return this.conn.write((): string[] => {
      const ids = this.stmts.liveOfUser.all(userId);
      for (const id of ids) {
        this.forget(id);
        this.stmts.revoke.run(now, id);
      }
      return ids;
    });
  }

  prune(now: number): Promise<number> {
    return this.conn.write((): number => {
      this.cache.clear();
      return this.stmts.prune.run(now).changes;
    });
  }

  rememberSignInAddress(userId: string, address: string, now: number): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.rememberAddress.run(userId, address, now);
    });
  }

  async knowsSignInAddress(userId: string, address: string, since: number): Promise<boolean> {
    return this.stmts.knowsAddress.get(userId, address, since) !== undefined;
  }

  pruneSignInAddresses(before: number): Promise<number> {
    return this.conn.write((): number => this.stmts.pruneAddresses.run(before).changes);
  }

  private forget(sessionId: string): void {
    for (const [hash, c] of this.cache) if (c.session.sessionId === sessionId) this.cache.delete(hash);
  }
}
