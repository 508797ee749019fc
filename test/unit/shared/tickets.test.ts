import { describe, expect, it } from 'vitest';
import {
  TICKET_STATUSES,
  applyTransition,
  canEscalate,
  canTransition,
  type TicketClock,
} from '../../../shared/domain/tickets';

const fresh: TicketClock = {
  status: 'new',
  respondedAt: null,
  resolvedAt: null,
  closedAt: null,
  pausedMs: 0,
  pausedSince: null,
};

describe('ticket status machine', () => {
  it('allows exactly the documented edges', () => {
    const legal = TICKET_STATUSES.flatMap((from) =>
      TICKET_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`),
    );
    expect(legal.sort()).toEqual(
      [
        'new>acknowledged',
        'acknowledged>in-progress',
        'in-progress>waiting-on-user',
        'in-progress>resolved',
        'waiting-on-user>in-progress',
        'waiting-on-user>resolved',
        'resolved>closed',
        'resolved>in-progress',
      ].sort(),
    );
  });

  it('keeps the clock fields consistent through a full life', () => {
    const step = (t: TicketClock, to: TicketClock['status'], at: number) => {
      const r = applyTransition(t, to, at);
      if (!r.ok) throw new Error(r.reason);
      return r.ticket;
    };
    let t = step(fresh, 'acknowledged', 10);
    expect(t.respondedAt).toBe(10);
    t = step(t, 'in-progress', 20);
    t = step(t, 'waiting-on-user', 30);
    expect(t.pausedSince).toBe(30);
    t = step(t, 'in-progress', 80);
    expect(t).toMatchObject({ pausedSince: null, pausedMs: 50 });
    t = step(t, 'waiting-on-user', 100);
    t = step(t, 'resolved', 130);
    expect(t).toMatchObject({ pausedSince: null, pausedMs: 80, resolvedAt: 130 });
    t = step(t, 'in-progress', 140);
    expect(t.resolvedAt).toBeNull();
    t = step(step(t, 'resolved', 150), 'closed', 160);
    expect(t).toMatchObject({ status: 'closed', closedAt: 160, respondedAt: 10 });
    const refused = applyTransition(t, 'in-progress', 170);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/final/);
  });

  it('escalates only upwards and only while open', () => {
    expect(canEscalate('in-progress', 'L1', 'L2')).toBe(true);
    expect(canEscalate('in-progress', 'L1', 'L3')).toBe(true);
    expect(canEscalate('in-progress', 'L2', 'L2')).toBe(false);
    expect(canEscalate('in-progress', 'L3', 'L2')).toBe(false);
    expect(canEscalate('resolved', 'L1', 'L2')).toBe(false);
    expect(canEscalate('closed', 'L1', 'L2')).toBe(false);
  });
});
