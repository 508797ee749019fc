// The one SLA computation. The office server stamps it on every ticket it returns and the desktop
// client re-runs it locally so an SLA clock keeps ticking between server updates.
// Without a calendar (or for a priority the calendar leaves round the clock) the clocks run 24x7;
// with one, targets and pauses are working time on the team's calendar (sla-calendar.ts).
import { timelineFor, type SlaCalendar } from './sla-calendar';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface SlaTarget {
  /** minutes from creation to the first response (the ticket leaves `new`); working minutes on a calendar */
  responseMinutes: number;
  /** minutes from creation to resolution, not counting time spent waiting on the user; working minutes on a calendar */
  resolutionMinutes: number;
}

export const DEFAULT_SLA_TARGETS: Readonly<Record<Priority, SlaTarget>> = {
  P1: { responseMinutes: 15, resolutionMinutes: 4 * 60 },
  P2: { responseMinutes: 60, resolutionMinutes: 8 * 60 },
  P3: { responseMinutes: 4 * 60, resolutionMinutes: 3 * 24 * 60 },
  P4: { responseMinutes: 24 * 60, resolutionMinutes: 5 * 24 * 60 },
};

/** A clock is "at risk" once less than this fraction of its target is left. */
export const SLA_AT_RISK_FRACTION = 0.25;

/** The timestamps of a ticket the SLA depends on, all epoch milliseconds. */
export interface SlaInput {
  priority: Priority;
  createdAt: number;
  /** when the ticket first left `new`; null while nobody has responded */
  respondedAt: number | null;
  /** when the ticket was resolved; null while it is open (a reopen clears it) */
  resolvedAt: number | null;
  /** milliseconds of finished waiting-on-user pauses, measured on the priority's clock (working ms on a calendar) */
  pausedMs: number;
  /** start of the current waiting-on-user pause, or null */
  pausedSince: number | null;
}

export type SlaState = 'ok' | 'at-risk' | 'paused' | 'breached' | 'met';

export interface SlaResult {
  responseDueAt: number;
  /** moves later by every millisecond spent waiting on the user, including a pause still running */
  resolutionDueAt: number;
  responseBreached: boolean;
  resolutionBreached: boolean;
  paused: boolean;
  /** ms left to respond (working ms on a calendar); null once responded */
  responseRemainingMs: number | null;
  /** ms left to resolve (negative when late; working ms on a calendar); frozen while paused or once resolved */
  resolutionRemainingMs: number;
  /** total ms the resolution clock has been stopped */
  pausedMs: number;
  state: SlaState;
}

const MINUTE = 60_000;

export function computeSla(
  input: SlaInput,
  now: number,
  targets: Readonly<Record<Priority, SlaTarget>> = DEFAULT_SLA_TARGETS,
  calendar: SlaCalendar | null = null,
): SlaResult {
  const target = targets[input.priority];
  const clock = timelineFor(calendar, input.priority);
  const responseDueAt = clock.add(input.createdAt, target.responseMinutes * MINUTE);
  const responseBreached = input.respondedAt !== null ? input.respondedAt > responseDueAt : now > responseDueAt;

  // A pause still running counts up to now, so the due time slides with it and the clock cannot
  // breach while the ticket waits on the user. A pause that began after the due time cannot
  // rescue a breach: the due time then stays before the pause's start.
  const paused = input.pausedSince !== null && input.resolvedAt === null;
  const openPause = paused && input.pausedSince !== null ? Math.max(0, clock.between(input.pausedSince, now)) : 0;
  const pausedMs = input.pausedMs + openPause;
  const resolutionDueAt = clock.add(input.createdAt, target.resolutionMinutes * MINUTE + pausedMs);
  const end = input.resolvedAt ?? now;
  const resolutionBreached = end > resolutionDueAt;
  const resolutionRemainingMs = clock.between(end, resolutionDueAt);
  const responseRemainingMs = input.respondedAt === null ? clock.between(now, responseDueAt) : null;

  let state: SlaState;
  if (responseBreached || resolutionBreached) state = 'breached';
  else if (input.resolvedAt !== null) state = 'met';
  else if (paused) state = 'paused';
  else if (
    (responseRemainingMs !== null && responseRemainingMs < target.responseMinutes * MINUTE * SLA_AT_RISK_FRACTION) ||
    resolutionRemainingMs < target.resolutionMinutes * MINUTE * SLA_AT_RISK_FRACTION
  )
    state = 'at-risk';
  else state = 'ok';

  return {
    responseDueAt,
    resolutionDueAt,
    responseBreached,
    resolutionBreached,
    paused,
    responseRemainingMs,
    resolutionRemainingMs,
    pausedMs,
    state,
  };
}

/**
 * The colour of an SLA clock, past which fraction of its target: on track, at risk (more than 75%
 * used, the same line as computeSla's 'at-risk'), critical (more than 90%), breached. Paused while
 * waiting on the user, met once resolved in time. The clock that counts is the response clock until
 * someone responds, then the resolution clock. Exactly 75% is still on track.
 */
export const SLA_BUCKETS = ['on-track', 'at-risk', 'critical', 'breached', 'paused', 'met'] as const;
export type SlaBucket = (typeof SLA_BUCKETS)[number];
export const SLA_CRITICAL_FRACTION = 0.1;

export interface SlaClock {
  bucket: SlaBucket;
  /** which clock decides: response until someone responds, then resolution */
  clock: 'response' | 'resolution';
  /** ms left on that clock (negative when late; frozen while paused; working ms on a calendar) */
  remainingMs: number;
  /** the share of the target used, 0 at creation (never negative, even with a clock set back) */
  usedFraction: number;
}

export function slaClock(
  input: SlaInput,
  now: number,
  targets: Readonly<Record<Priority, SlaTarget>> = DEFAULT_SLA_TARGETS,
  calendar: SlaCalendar | null = null,
): SlaClock {
  const sla = computeSla(input, now, targets, calendar);
  const target = targets[input.priority];
  const responding = sla.responseRemainingMs !== null && input.resolvedAt === null;
  const totalMs = (responding ? target.responseMinutes : target.resolutionMinutes) * MINUTE;
  const remainingMs = responding ? (sla.responseRemainingMs ?? 0) : sla.resolutionRemainingMs;
  const usedFraction = Math.max(0, (totalMs - remainingMs) / totalMs);
  let bucket: SlaBucket;
  if (sla.state === 'breached') bucket = 'breached';
  else if (sla.state === 'met') bucket = 'met';
  else if (sla.state === 'paused') bucket = 'paused';
  else if (remainingMs < totalMs * SLA_CRITICAL_FRACTION) bucket = 'critical';
  else if (sla.state === 'at-risk') bucket = 'at-risk';
  else bucket = 'on-track';
  return { bucket, clock: responding ? 'response' : 'resolution', remainingMs, usedFraction };
}
