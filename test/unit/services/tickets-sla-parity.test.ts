// Client and server decide an SLA with the same function: the office stamps `sla.state` on every
// ticket it sends (toApiTicket), the client recomputes it from the row it keeps (toRow). The same
// cases go through both and must agree, including queued changes laid over the row.
import { describe, expect, it } from 'vitest';
import { computeSla, slaClock } from '../../../shared/domain/sla';
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
  ...over,
});

const cases: Array<[string, Partial<TicketRecord>, number]> = [
  ['fresh, nobody responded', { status: 'new', respondedAt: null }, created + 10 * MIN],
  ['response at risk', { status: 'new', respondedAt: null }, created + 50 * MIN],
  ['response breached', { status: 'new', respondedAt: null }, created + 61 * MIN],
  ['exactly 75% of resolution', {}, created + 6 * 60 * MIN],
  ['just past 75%', {}, created + 6 * 60 * MIN + 1],
  ['critical', {}, created + 7.5 * 60 * MIN],
  ['breached', {}, created + 9 * 60 * MIN],
  [
    'waiting on user over a weekend',
    { status: 'waiting-on-user', pausedSince: created + 60 * MIN },
    created + 3 * 24 * 60 * MIN,
  ],
  ['resumed after a pause', { pausedMs: 2 * 24 * 60 * MIN }, created + 2 * 24 * 60 * MIN + 7 * 60 * MIN],
  ['resolved in time', { status: 'resolved', resolvedAt: created + 3 * 60 * MIN }, created + 30 * 24 * 60 * MIN],
  ['clock set back before creation', {}, created - 60 * MIN],
];

describe('the SLA on client and server', () => {
  it.each(cases)('%s: the same state on both sides', (_name, over, now) => {
    const api = toApiTicket(record(over), now);
    const row = toRow(api, []);
    const client = computeSla(row, now);
    expect(client.state).toBe(api.sla.state);
    expect(new Date(client.resolutionDueAt).toISOString()).toBe(api.sla.resolutionDueAt);
    // the colour buckets refine the server's state, never contradict it
    const bucket = slaClock(row, now).bucket;
    const expected: Record<string, string[]> = {
      ok: ['on-track'],
      'at-risk': ['at-risk', 'critical'],
      paused: ['paused'],
      breached: ['breached'],
      met: ['met'],
    };
    expect(expected[api.sla.state]).toContain(bucket);
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
