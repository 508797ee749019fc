import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_TARGETS, computeSla, type SlaInput } from '../../../shared/domain/sla';

const MIN = 60_000;
const T0 = Date.parse('2025-01-06T08:00:00.000Z');
const base: SlaInput = {
  priority: 'P2',
  createdAt: T0,
  respondedAt: null,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
};

describe('computeSla', () => {
  it('sets due times from the priority targets', () => {
    for (const p of ['P1', 'P2', 'P3', 'P4'] as const) {
      const r = computeSla({ ...base, priority: p }, T0);
      expect(r.responseDueAt - T0).toBe(DEFAULT_SLA_TARGETS[p].responseMinutes * MIN);
      expect(r.resolutionDueAt - T0).toBe(DEFAULT_SLA_TARGETS[p].resolutionMinutes * MIN);
      expect(r.state).toBe('ok');
    }
  });

  it('goes at-risk in the last quarter and breaches after the response target', () => {
    expect(computeSla(base, T0 + 44 * MIN).state).toBe('ok');
    expect(computeSla(base, T0 + 46 * MIN).state).toBe('at-risk');
    const late = computeSla(base, T0 + 61 * MIN);
    expect(late.responseBreached).toBe(true);
    expect(late.state).toBe('breached');
    // responding late keeps the breach on record
    expect(computeSla({ ...base, respondedAt: T0 + 61 * MIN }, T0 + 90 * MIN).responseBreached).toBe(true);
    expect(computeSla({ ...base, respondedAt: T0 + 59 * MIN }, T0 + 90 * MIN).responseBreached).toBe(false);
  });

  it('stops the resolution clock while waiting on the user and moves the due time by the pause', () => {
    const responded = { ...base, respondedAt: T0 + 10 * MIN };
    const waiting = { ...responded, pausedSince: T0 + 60 * MIN };
    const r = computeSla(waiting, T0 + 600 * MIN); // 9 h later, past the 8 h target without the pause
    expect(r.paused).toBe(true);
    expect(r.state).toBe('paused');
    expect(r.resolutionBreached).toBe(false);
    expect(r.pausedMs).toBe(540 * MIN);
    expect(r.resolutionDueAt).toBe(T0 + (480 + 540) * MIN);
    // remaining time is frozen while paused
    expect(computeSla(waiting, T0 + 700 * MIN).resolutionRemainingMs).toBe(r.resolutionRemainingMs);
    expect(r.resolutionRemainingMs).toBe(420 * MIN);

    const resumed = { ...responded, pausedMs: 540 * MIN };
    expect(computeSla(resumed, T0 + 1019 * MIN).resolutionBreached).toBe(false);
    expect(computeSla(resumed, T0 + 1021 * MIN).resolutionBreached).toBe(true);
  });

  it('does not let a pause that starts after the due time undo the breach', () => {
    const r = computeSla({ ...base, respondedAt: T0 + MIN, pausedSince: T0 + 500 * MIN }, T0 + 900 * MIN);
    expect(r.resolutionBreached).toBe(true);
    expect(r.state).toBe('breached');
  });

  it('reports met or breached once resolved, from the resolution time', () => {
    const met = computeSla({ ...base, respondedAt: T0 + MIN, resolvedAt: T0 + 100 * MIN }, T0 + 10_000 * MIN);
    expect(met.state).toBe('met');
    expect(met.resolutionRemainingMs).toBe(380 * MIN);
    const lateFix = computeSla({ ...base, respondedAt: T0 + MIN, resolvedAt: T0 + 500 * MIN }, T0 + 10_000 * MIN);
    expect(lateFix.state).toBe('breached');
  });
});
