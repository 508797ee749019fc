// The SLA colouring at its boundaries, with the one function client and server share.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_TARGETS, computeSla, slaClock } from '../../../shared/domain/sla';
import type { SlaInput } from '../../../shared/domain/sla';

const MIN = 60_000;
const created = Date.parse('2026-11-27T09:00:00Z'); // a Friday
const p2 = (over: Partial<SlaInput> = {}): SlaInput => ({
  priority: 'P2',
  createdAt: created,
  respondedAt: created + 5 * MIN,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
  ...over,
});
const resolutionMs = DEFAULT_SLA_TARGETS.P2.resolutionMinutes * MIN; // 8 h

describe('slaClock buckets', () => {
  it('is on track at exactly 75% used and at risk one millisecond later', () => {
    expect(slaClock(p2(), created + 0.75 * resolutionMs)).toMatchObject({
      bucket: 'on-track',
      usedFraction: 0.75,
      clock: 'resolution',
    });
    expect(slaClock(p2(), created + 0.75 * resolutionMs + 1).bucket).toBe('at-risk');
    // the same line as the server's computeSla state
    expect(computeSla(p2(), created + 0.75 * resolutionMs).state).toBe('ok');
    expect(computeSla(p2(), created + 0.75 * resolutionMs + 1).state).toBe('at-risk');
  });

  it('is at risk at exactly 90% used, critical past it, breached past the deadline', () => {
    expect(slaClock(p2(), created + 0.9 * resolutionMs).bucket).toBe('at-risk');
    expect(slaClock(p2(), created + 0.9 * resolutionMs + 1).bucket).toBe('critical');
    expect(slaClock(p2(), created + resolutionMs).bucket).toBe('critical');
    expect(slaClock(p2(), created + resolutionMs + 1)).toMatchObject({ bucket: 'breached', remainingMs: -1 });
  });

  it('counts the response clock until someone responds', () => {
    const fresh = p2({ respondedAt: null });
    expect(slaClock(fresh, created + 44 * MIN)).toMatchObject({
      bucket: 'on-track',
      clock: 'response',
      remainingMs: 16 * MIN,
    });
    expect(slaClock(fresh, created + 55 * MIN).bucket).toBe('critical');
    expect(slaClock(fresh, created + 61 * MIN).bucket).toBe('breached');
  });

  it('pauses across a weekend while waiting on the user (24x7: no business hours) and resumes with the same time left', () => {
    const fridayEvening = created + 6 * 60 * MIN; // 2 h left
    const mondayMorning = Date.parse('2026-11-30T08:00:00Z');
    const waiting = p2({ pausedSince: fridayEvening });
    const atPause = slaClock(p2(), fridayEvening);
    const sunday = slaClock(waiting, Date.parse('2026-11-29T12:00:00Z'));
    expect(sunday.bucket).toBe('paused');
    expect(sunday.remainingMs).toBe(atPause.remainingMs);
    // Monday: the user answered; the pause is finished and the clock runs from where it stopped
    const resumed = p2({ pausedMs: mondayMorning - fridayEvening });
    expect(slaClock(resumed, mondayMorning).remainingMs).toBe(atPause.remainingMs);
    expect(slaClock(resumed, mondayMorning).bucket).toBe('on-track'); // 2 h of 8 left: exactly 75% used, as when it paused
    expect(computeSla(resumed, mondayMorning).resolutionDueAt).toBe(
      created + resolutionMs + (mondayMorning - fridayEvening),
    );
  });

  it('survives a clock set back: before creation nothing is used, a pause never counts negative time', () => {
    expect(slaClock(p2({ respondedAt: null }), created - 3_600_000)).toMatchObject({
      bucket: 'on-track',
      usedFraction: 0,
    });
    const waiting = p2({ pausedSince: created + 60 * MIN });
    const before = slaClock(waiting, created + 30 * MIN); // the clock went back past the pause's start
    expect(before.bucket).toBe('paused');
    expect(before.remainingMs).toBe(resolutionMs - 30 * MIN);
  });

  it('is met once resolved in time, breached when resolved late', () => {
    expect(slaClock(p2({ resolvedAt: created + 60 * MIN }), created + 100 * resolutionMs).bucket).toBe('met');
    expect(slaClock(p2({ resolvedAt: created + resolutionMs + 1 }), created + 100 * resolutionMs).bucket).toBe(
      'breached',
    );
  });
});
