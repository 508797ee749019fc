import { describe, expect, it, vi } from 'vitest';
import { watchForWake } from '../../../electron/services/wake-detector';

describe('wake detector', () => {
  it('reports a wake-up when the timer comes back much later than due, and only then', () => {
    let now = 0;
    let tick: () => void = () => {};
    const onWake = vi.fn();
    const stop = watchForWake(onWake, {
      everyMs: 5000,
      slackMs: 20_000,
      now: () => now,
      timers: { setInterval: (cb) => ((tick = cb), 1), clearInterval: () => (tick = () => {}) },
    });
    for (let i = 0; i < 5; i++) {
      now += 5000;
      tick();
    }
    now += 12_000; // a busy event loop, not sleep
    tick();
    expect(onWake).not.toHaveBeenCalled();
    now += 60 * 60_000; // an hour with the lid closed
    tick();
    expect(onWake).toHaveBeenCalledTimes(1);
    stop();
    now += 60 * 60_000;
    tick();
    expect(onWake).toHaveBeenCalledTimes(1);
  });
});
