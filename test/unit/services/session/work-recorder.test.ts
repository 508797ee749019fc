// The recorder's watchers on a hand-driven clock: idle and a locked screen become a gap when the
// user returns, sleep (wall time running ahead of monotonic time) continues on the wall clock and
// is offered as a gap, a clock set back changes nothing; events are kept across a reopen.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import { WorkRecorder } from '../../../../electron/services/session/work-recorder';
import { featureSchema } from '../../../../electron/services/store/feature-schema';

const MIN = 60_000;
const START = Date.parse('2026-11-02T02:00:00Z');

function setup(db = new Database(':memory:')) {
  const t = { wall: START, mono: 100, idleSeconds: 0 };
  const lockListeners: Array<(locked: boolean) => void> = [];
  const recorder = new WorkRecorder({
    localDb: featureSchema(db),
    clock: () => new Date(t.wall),
    mono: () => t.mono,
    logger: silentLogger,
    timeZone: 'UTC',
    timers: { setInterval: () => 0, clearInterval: () => {} },
    idle: { idleSeconds: () => t.idleSeconds, onLockChange: (l) => (lockListeners.push(l), () => {}) },
  });
  recorder.start();
  const pass = (ms: number) => ((t.wall += ms), (t.mono += ms));
  return { t, recorder, pass, lock: (locked: boolean) => lockListeners.forEach((l) => l(locked)), db };
}

describe('work recorder', () => {
  it('turns 10 minutes without input into a gap once the user is back, and the answer applies', () => {
    const { t, recorder, pass } = setup();
    recorder.append({ type: 'start', ticketId: 'INC-1' });
    pass(30 * MIN);
    recorder.tick();
    pass(15 * MIN);
    t.idleSeconds = 15 * 60; // quiet since 30 minutes in
    recorder.tick();
    expect(recorder.state().openGaps).toEqual([]);
    pass(5 * MIN);
    t.idleSeconds = 3; // back
    recorder.tick();
    const gap = recorder.state().openGaps[0]!;
    expect(gap).toMatchObject({ from: START + 30 * MIN, reason: 'idle' });
    expect(gap.to).toBe(START + 50 * MIN - 3_000);
    recorder.append({ type: 'adjust', from: gap.from, to: gap.to, as: 'discard' });
    expect(recorder.totals().workedMs).toBe(50 * MIN - (gap.to - gap.from));
  });

  it('says when the user went quiet, as it happens, so the manager’s view can say idle', () => {
    const { t, recorder, pass } = setup();
    let changes = 0;
    recorder.onChange(() => changes++);
    recorder.append({ type: 'start', ticketId: 'INC-1' });
    pass(20 * MIN);
    t.idleSeconds = 12 * 60;
    const before = changes;
    recorder.tick();
    expect(recorder.quietFrom()).toBe(START + 8 * MIN);
    expect(changes).toBe(before + 1);
    t.idleSeconds = 0;
    recorder.tick();
    expect(recorder.quietFrom()).toBeNull();
    expect(changes).toBe(before + 2);
  });

  it('a locked screen is quiet time too, up to the unlock', () => {
    const { recorder, pass, lock } = setup();
    recorder.append({ type: 'start', ticketId: null });
    pass(10 * MIN);
    lock(true);
    pass(20 * MIN);
    lock(false);
    expect(recorder.state().openGaps).toEqual([{ from: START + 10 * MIN, to: START + 30 * MIN, reason: 'idle' }]);
  });

  it('after sleep (monotonic time stood still) continues on the wall clock and offers the night as a gap', () => {
    const { t, recorder, pass } = setup();
    recorder.append({ type: 'start', ticketId: null });
    pass(10 * MIN);
    recorder.tick();
    t.wall += 60 * MIN; // asleep: only the wall clock moved
    recorder.tick();
    expect(recorder.state().openGaps).toEqual([{ from: START + 10 * MIN, to: START + 70 * MIN, reason: 'sleep' }]);
    expect(recorder.totals().workedMs).toBe(70 * MIN);
  });

  it('ignores the clock being set back while it runs', () => {
    const { t, recorder, pass } = setup();
    recorder.append({ type: 'start', ticketId: null });
    pass(10 * MIN);
    t.wall -= 3 * 60 * MIN;
    recorder.tick();
    pass(5 * MIN);
    recorder.append({ type: 'stop' });
    expect(recorder.totals('2026-11-02').workedMs).toBe(15 * MIN);
    expect(recorder.state().openGaps).toEqual([]);
  });

  it('keeps its log across a reopen and refuses an event that cannot follow without writing it', () => {
    const first = setup();
    first.recorder.append({ type: 'start', ticketId: 'INC-1' });
    expect(() => first.recorder.append({ type: 'start', ticketId: 'INC-2' })).toThrow(/cannot follow/);
    first.pass(5 * MIN);
    first.recorder.append({ type: 'stop' });
    const again = new WorkRecorder({
      localDb: featureSchema(first.db),
      clock: () => new Date(START + 6 * MIN),
      mono: () => 1,
      logger: silentLogger,
      timeZone: 'UTC',
    });
    expect(again.isRunning()).toBe(false);
    expect(again.totals('2026-11-02')).toMatchObject({ workedMs: 5 * MIN, perTicket: { 'INC-1': 5 * MIN } });
    expect((first.db.prepare('SELECT COUNT(*) AS n FROM session_events').get() as { n: number }).n).toBe(2);
  });
});
