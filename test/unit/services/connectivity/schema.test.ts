import { describe, expect, it } from 'vitest';
import {
  ConnectivityStatusSchema,
  emptyEvidence,
  REASON_CODES,
  TunnelRuleSchema,
} from '../../../../shared/domain/connectivity';

describe('connectivity schema (shared/domain/connectivity)', () => {
  const valid = {
    status: 'internet',
    since: '2026-01-05T08:00:00.000Z',
    checkedAt: '2026-01-05T08:00:00.000Z',
    latencyMs: null,
    reason: { code: 'no-office-configured' },
    evidence: emptyEvidence(),
  };

  it('accepts a status and rejects unknown states and reason codes', () => {
    expect(ConnectivityStatusSchema.parse(valid)).toEqual(valid);
    expect(ConnectivityStatusSchema.safeParse({ ...valid, status: 'online' }).success).toBe(false);
    expect(ConnectivityStatusSchema.safeParse({ ...valid, reason: { code: 'because' } }).success).toBe(false);
    expect(
      ConnectivityStatusSchema.safeParse({
        ...valid,
        evidence: { ...emptyEvidence(), tunnels: [{ name: 'x', kind: 'teleport', addresses: [], routable: true }] },
      }).success,
    ).toBe(false);
  });

  it('reason codes are unique (the UI keys translations by them)', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });

  it('a tunnel rule needs a pattern', () => {
    expect(TunnelRuleSchema.safeParse({ kind: 'openvpn' }).success).toBe(false);
    expect(TunnelRuleSchema.parse({ description: 'PANGP*' })).toEqual({ description: 'PANGP*' });
  });
});
