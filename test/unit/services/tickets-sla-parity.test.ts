// Client and server decide an SLA with the same function: the office stamps `sla.state` on every
// ticket it sends (toApiTicket), the client recomputes it from the row it keeps (toRow). The same
// cases go through both and must agree, including queued changes laid over the row.
import { describe, expect, it } from 'vitest';
import { computeSla, slaClock, type SlaBucket, type SlaState } from '../../../shared/domain/sla';
import type { TicketRecord } from '../../../office-server/data/store';
import { toApiTicket } from '../../../office-server/services/views';
import { toRow } from '../../../electron/services/tickets/tickets-module';

const MIN = 60_000;
const created = Date.parse('2026-11-27T09:00:00Z');
const record = (over: Partial<TicketRecord>): TicketRecord => ({
  seq: 1,
  id: 'INC-1001',
  title: 'A',
  description: '',
  requester: 'r',
  priority: 'P2',
  status: 'in-progress',
  escalationLevel: 'L1',
  teamId: 't',
  assigneeId: 'u',
  createdBy: 'm',
  createdAt: created,
  updatedAt: created,
  respondedAt: created + 5 * MIN,
  resolvedAt: null,
  closedAt: null,
  pausedMs: 0,
  pausedSince: null,
  version: 1,
  calendarId: null,
  escalatedBy: null,
  escalatedFromTeamId: null,
  firstEscalatedBy: null,
  firstEscalatedFromTeamId: null,
  ...over,
});

const H = 60 * MIN;
const D = 24 * H;
// P2: respond within 60 min, resolve within 8 h; at risk under 25% left, critical under 10% left.
// Each case says, worked out by hand from those rules, what both sides must answer: the state, the
// colour bucket and the resolution due time (as an offset from creation).
const cases: Array<[string, Partial<TicketRecord>, number, SlaState, SlaBucket, number]> = [
  ['fresh, nobody responded', { status: 'new', respondedAt: null }, created + 10 * MIN, 'ok', 'on-track', 8 * H],
  // 10 of 60 response minutes left: under 25%, over 10%
  ['response at risk', { status: 'new', respondedAt: null }, created + 50 * MIN, 'at-risk', 'at-risk', 8 * H],
  ['response breached', { status: 'new', respondedAt: null }, created + 61 * MIN, 'breached', 'breached', 8 * H],
  // 120 of 480 minutes left is exactly 25%: still on track
  ['exactly 75% of resolution', {}, created + 6 * H, 'ok', 'on-track', 8 * H],
  ['just past 75%', {}, created + 6 * H + 1, 'at-risk', 'at-risk', 8 * H],
  // 30 minutes left: under 10% (48 min)
  ['critical', {}, created + 7.5 * H, 'at-risk', 'critical', 8 * H],
  ['breached', {}, created + 9 * H, 'breached', 'breached', 8 * H],
  // the pause since hour 1 runs to now: the due time slides by 3 days less an hour
  [
    'waiting on user over a weekend',
    { status: 'waiting-on-user', pausedSince: created + H },
    created + 3 * D,
    'paused',
    'paused',
    8 * H + 3 * D - H,
  ],
  // 2 days paused earlier: due at 2 days 8 h, one hour left (under 25%, over 10%)
  ['resumed after a pause', { pausedMs: 2 * D }, created + 2 * D + 7 * H, 'at-risk', 'at-risk', 2 * D + 8 * H],
  ['resolved in time', { status: 'resolved', resolvedAt: created + 3 * H }, created + 30 * D, 'met', 'met', 8 * H],
  ['clock set back before creation', {}, created - H, 'ok', 'on-track', 8 * H],
];

describe('the SLA on client and server', () => {
  it.each(cases)('%s: %s on both sides', (_name, over, now, state, bucket, dueAfter) => {
    const api = toApiTicket(record(over), now);
    const row = toRow(api, []);
    const client = computeSla(row, now);
    // what the rules say, not only what the other side says
    expect(api.sla.state).toBe(state);
    expect(client.state).toBe(state);
    expect(api.sla.resolutionDueAt).toBe(new Date(created + dueAfter).toISOString());
    expect(new Date(client.resolutionDueAt).toISOString()).toBe(api.sla.resolutionDueAt);
    expect(slaClock(row, now).bucket).toBe(bucket);
    // the colour buckets refine the server's state, never contradict it
    const clockBucket = slaClock(row, now).bucket;
    const expected: Record<string, string[]> = {
      ok: ['on-track'],
      'at-risk': ['at-risk', 'critical'],
      paused: ['paused'],
      breached: ['breached'],
      met: ['met'],
    };
    expect(expected[api.sla.state]).toContain(clockBucket);
  });

  it('a queued "waiting on user" pauses the clock on the client before the office has it', () => {
    const now = created + 7.5 * 60 * MIN;
    const api = toApiTicket(record({}), now);
    const queued = {
      id: 'o1',
      owner: 'me',
      kind: 'ticket-status' as const,
      queue: 'ticket:INC-1001',
      method: 'POST' as const,
      path: '/tickets/INC-1001/status',
      body: { status: 'waiting-on-user', version: 1 },
      state: 'pending' as const,
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      lastErrorCode: null,
      createdAt: now - MIN,
    };
    const row = toRow(api, [queued]);
    expect(row).toMatchObject({ status: 'waiting-on-user', pending: 1, failed: null });
    expect(slaClock(row, now + 60 * MIN).bucket).toBe('paused');
  });
});
