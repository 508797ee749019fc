// Opaque bearer tokens. Only their SHA-256 is stored, so a copy of the database does not sign
// anyone in. Access tokens are short-lived; refresh tokens rotate on every use.
import { createHash, randomBytes } from 'node:crypto';
import type { AuthSessionTokens } from '../data/store';

export const ACCESS_TTL_MS = 15 * 60_000;
export const REFRESH_TTL_MS = 30 * 24 * 3600_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  stored: AuthSessionTokens;
}

export function issueTokens(now: number, ttl = { access: ACCESS_TTL_MS, refresh: REFRESH_TTL_MS }): IssuedTokens {
  const accessToken = `tw_at_${randomBytes(32).toString('base64url')}`;
  const refreshToken = `tw_rt_${randomBytes(32).toString('base64url')}`;
  return {
    accessToken,
    refreshToken,
    stored: {
      accessHash: hashToken(accessToken),
      accessExpiresAt: now + ttl.access,
      refreshHash: hashToken(refreshToken),
      refreshExpiresAt: now + ttl.refresh,
    },
  };
}
