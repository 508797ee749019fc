// The ticket status machine as data, so the server refuses illegal moves and the client only
// offers legal ones, from the same table.

export const TICKET_STATUSES = ['new', 'acknowledged', 'in-progress', 'waiting-on-user', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['acknowledged'],
  acknowledged: ['in-progress'],
  'in-progress': ['waiting-on-user', 'resolved'],
  // the user answered, or the answer solved it
  'waiting-on-user': ['in-progress', 'resolved'],
  // closed once confirmed, or reopened when the fix did not hold
  resolved: ['closed', 'in-progress'],
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TICKET_TRANSITIONS[from];
}

/** A ticket still being worked on: neither resolved nor closed. The one place this is decided. */
export function isOpen(status: TicketStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

export const ESCALATION_LEVELS = ['L1', 'L2', 'L3'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Escalation only goes up, and only while the ticket is still being worked on. */
export function canEscalate(status: TicketStatus, from: EscalationLevel, to: EscalationLevel): boolean {
  if (!isOpen(status)) return false;
  return ESCALATION_LEVELS.indexOf(to) > ESCALATION_LEVELS.indexOf(from);
}

/** The fields a status change touches; epoch milliseconds. */
export interface TicketClock {
  status: TicketStatus;
  respondedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  pausedMs: number;
  pausedSince: number | null;
}

export type TransitionResult = { ok: true; ticket: TicketClock } | { ok: false; reason: string };

/**
 * Applies a status change and keeps the SLA clock fields consistent with it. `elapsed` measures a
 * finished pause on the ticket's clock: wall time by default, working time where a calendar applies
 * (sla-calendar.ts timelineFor), so a pause over a weekend adds only the working hours it covered.
 */
export function applyTransition(
  ticket: TicketClock,
  to: TicketStatus,
  now: number,
  elapsed: (from: number, to: number) => number = (a, b) => b - a,
): TransitionResult {
  if (!canTransition(ticket.status, to)) {
    const legal = TICKET_TRANSITIONS[ticket.status];
    return {
      ok: false,
      reason:
        `a ticket that is ${ticket.status} cannot become ${to}` +
        (legal.length ? ` (it can become: ${legal.join(', ')})` : ' (it is final)'),
    };
  }
  const next: TicketClock = { ...ticket, status: to };
  if (next.respondedAt === null) next.respondedAt = now;
  if (ticket.status === 'waiting-on-user' && ticket.pausedSince !== null) {
    next.pausedMs = ticket.pausedMs + Math.max(0, elapsed(ticket.pausedSince, now));
    next.pausedSince = null;
  }
  if (to === 'waiting-on-user') next.pausedSince = now;
  if (to === 'resolved') next.resolvedAt = now;
  if (ticket.status === 'resolved' && to === 'in-progress') next.resolvedAt = null;
  if (to === 'closed') next.closedAt = now;
  return { ok: true, ticket: next };
}
