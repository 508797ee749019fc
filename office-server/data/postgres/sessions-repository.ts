// Sign-in sessions and their rotated refresh tokens (see sqlite/sessions-repository.ts for the
// model). No in-process cache: a session revoked on one node is refused by every node at once.
import { newId } from '../ids';
import type { AuthSessionTokens, AuthenticatedSession, RefreshOutcome, SessionsRepository } from '../store';
import type { PgConnection } from './database';
import { toUser, type UserRow } from './users-repository';

export class PostgresSessionsRepository implements SessionsRepository {
  constructor(
    private readonly conn: PgConnection,
    /** told of every session this process ends (the store wakes the other nodes' sockets) */
    private readonly onRevoked: (sessionId: string) => Promise<void> = async () => undefined,
  ) {}

  async create(userId: string, t: AuthSessionTokens, now: number): Promise<string> {
    const id = newId('s');
    await this.conn.run(
      `INSERT INTO auth_sessions (id, user_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, userId, t.accessHash, t.accessExpiresAt, t.refreshHash, t.refreshExpiresAt, now],
    );
    return id;
  }

  async findByAccessToken(accessHash: string, now: number): Promise<AuthenticatedSession | null> {
    const [r] = await this.conn.query<UserRow & { session_id: string; access_expires_at: number }>(
      `SELECT u.*, s.id AS session_id, s.access_expires_at AS access_expires_at FROM auth_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.access_hash = $1 AND s.access_expires_at > $2 AND s.revoked_at IS NULL AND u.disabled_at IS NULL`,
      [accessHash, now],
    );
    return r ? { sessionId: r.session_id, user: toUser(r), accessExpiresAt: r.access_expires_at } : null;
  }

  async rotateRefreshToken(refreshHash: string, t: AuthSessionTokens, now: number): Promise<RefreshOutcome> {
    const outcome = await this.conn.atomic(async (c): Promise<RefreshOutcome> => {
      // FOR UPDATE: two concurrent presentations of one token rotate it once; the second sees it as history
      const [s] = await c.query<{ id: string; user_id: string }>(
        `SELECT id, user_id FROM auth_sessions WHERE refresh_hash = $1 AND refresh_expires_at > $2 AND revoked_at IS NULL FOR UPDATE`,
        [refreshHash, now],
      );
      if (!s) {
        const [used] = await c.query<{ session_id: string; user_id: string }>(
          `SELECT h.session_id, s.user_id FROM refresh_token_history h JOIN auth_sessions s ON s.id = h.session_id WHERE h.refresh_hash = $1`,
          [refreshHash],
        );
        if (!used) return { state: 'unknown' };
        await c.run('UPDATE auth_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
          now,
          used.session_id,
        ]);
        return { state: 'reused', sessionId: used.session_id, userId: used.user_id };
      }
      await c.run(
        'INSERT INTO refresh_token_history (refresh_hash, session_id, rotated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [refreshHash, s.id, now],
      );
      await c.run(
        'UPDATE auth_sessions SET access_hash = $1, access_expires_at = $2, refresh_hash = $3, refresh_expires_at = $4 WHERE id = $5',
        [t.accessHash, t.accessExpiresAt, t.refreshHash, t.refreshExpiresAt, s.id],
      );
      const [user] = await c.query<UserRow>('SELECT * FROM users WHERE id = $1', [s.user_id]);
      if (!user) return { state: 'unknown' };
      return { state: 'rotated', session: { sessionId: s.id, user: toUser(user), accessExpiresAt: t.accessExpiresAt } };
    });
    if (outcome.state === 'reused') await this.onRevoked(outcome.sessionId);
    return outcome;
  }

  async findByRefreshToken(refreshHash: string, now: number): Promise<string | null> {
    const [r] = await this.conn.query<{ id: string }>(
      'SELECT id FROM auth_sessions WHERE refresh_hash = $1 AND refresh_expires_at > $2 AND revoked_at IS NULL',
      [refreshHash, now],
    );
    return r?.id ?? null;
  }

  async isActive(sessionId: string, now: number): Promise<boolean> {
    const rows = await this.conn.query(
      'SELECT 1 FROM auth_sessions WHERE id = $1 AND revoked_at IS NULL AND refresh_expires_at > $2',
      [sessionId, now],
    );
    return rows.length > 0;
  }

  async revoke(sessionId: string, now: number): Promise<void> {
    await this.conn.run('UPDATE auth_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      now,
      sessionId,
    ]);
    await this.onRevoked(sessionId);
  }

  async revokeAllForUser(userId: string, now: number): Promise<string[]> {
    const rows = await this.conn.query<{ id: string }>(
      'UPDATE auth_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id',
      [now, userId],
    );
    for (const r of rows) await this.onRevoked(r.id);
    return rows.map((r) => r.id);
  }

  prune(now: number): Promise<number> {
    return this.conn.run('DELETE FROM auth_sessions WHERE refresh_expires_at < $1 OR revoked_at IS NOT NULL', [now]);
  }

  async rememberSignInAddress(userId: string, address: string, now: number): Promise<void> {
    await this.conn.run(
      `INSERT INTO sign_in_addresses (user_id, address, last_success_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
      [userId, address, now],
    );
  }

  async knowsSignInAddress(userId: string, address: string, since: number): Promise<boolean> {
    const rows = await this.conn.query(
      'SELECT 1 FROM sign_in_addresses WHERE user_id = $1 AND address = $2 AND last_success_at >= $3',
      [userId, address, since],
    );
    return rows.length > 0;
  }

  pruneSignInAddresses(before: number): Promise<number> {
    return this.conn.run('DELETE FROM sign_in_addresses WHERE last_success_at < $1', [before]);
  }
}
