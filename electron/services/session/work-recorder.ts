// The work-session recorder: the append-only event log in the local store, the crash / sleep /
// idle gaps, and "now" on the log's own timeline. It knows nothing of the office, so a child
// process can run it alone (the SIGKILL test).
//
// Crash safety: every event is one committed row before the call returns; while a session runs a
// heartbeat row (the last effective time the app was alive) is rewritten every few seconds. On the
// next start a session still running in the log was interrupted: it keeps counting (no time is
// lost) and the stretch from the last heartbeat to now is recorded as a `gap` the user answers.
import { randomUUID } from 'node:crypto';
import type {
  BreakKind,
  GapAnswer,
  GapReason,
  SessionState,
  WorkEvent,
  WorkTotals,
} from '../../../shared/domain/work-session';
import {
  WorkEvent as WorkEventSchema,
  computeTotals,
  createWorkLog,
  dayBounds,
  dayOf,
  effectiveTime,
} from '../../../shared/domain/work-session';
import type { Clock, IdlePort, Logger } from '../ports';
import type { LocalDb } from '../store/feature-schema';
import { disposables, listenerSet } from '../../../shared/disposables';

export const SESSION_TABLES = [
  `CREATE TABLE session_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
   CREATE TABLE session_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE session_notes (date TEXT PRIMARY KEY, notes TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE session_sent (outbox_id TEXT PRIMARY KEY, date TEXT NOT NULL, sent_at INTEGER NOT NULL, last_state TEXT NOT NULL DEFAULT 'queued', reason TEXT, reason_code TEXT);
   CREATE INDEX session_sent_date ON session_sent(date, sent_at);`,
];

/** Idle: after this long without input a working session's quiet stretch becomes a gap (policy may change it later). */
export const DEFAULT_IDLE_AFTER_MS = 10 * 60_000;
/** How often the recorder writes its heartbeat and looks at idle / sleep. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
/** Wall time running ahead of monotonic time by more than this between two beats: the machine slept (or the clock jumped). */
const SLEEP_SLACK_MS = 30_000;

export interface RecorderTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface WorkRecorderOptions {
  localDb: LocalDb;
  clock: Clock;
  /** monotonic ms (performance.now in the app; a hand-driven one in tests) */
  mono?: () => number;
  logger: Logger;
  idle?: IdlePort | null;
  /** quiet time before a work stretch becomes a gap to answer: a number, or read each time (the idleMinutes setting) */
  idleAfterMs?: number | (() => number);
  heartbeatMs?: number;
  timers?: RecorderTimers;
  /** the day's time zone (default: the machine's) */
  timeZone?: string;
  /** the id of this process run (default: random) */
  run?: string;
}

type Body =
  | { type: 'start'; ticketId: string | null }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'break'; kind: BreakKind }
  | { type: 'switch'; ticketId: string | null }
  | { type: 'stop' }
  | { type: 'gap'; from: number; to: number; reason: GapReason }
  | { type: 'adjust'; from: number; to: number; as: GapAnswer };

export class WorkRecorder {
  private readonly db;
  private readonly events: WorkEvent[] = [];
  private readonly log: ReturnType<typeof createWorkLog>;
  private readonly mono: () => number;
  private run: string;
  private readonly listeners = listenerSet();
  private timer: unknown = null;
  private readonly stops = disposables();
  private lastBeat: { wall: number; mono: number } | null = null;
  /** effective time the user went quiet (idle or locked), while working */
  private quietSince: number | null = null;
  private locked = false;
  readonly timeZone: string;
  private readonly stmts;

  constructor(private readonly options: WorkRecorderOptions) {
    options.localDb.migrate('session', SESSION_TABLES);
    this.db = options.localDb.db;
    this.mono = options.mono ?? (() => performance.now());
    this.run = options.run ?? randomUUID();
    this.timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.stmts = {
      append: this.db.prepare('INSERT INTO session_events (data) VALUES (?)'),
      all: this.db.prepare('SELECT seq, data FROM session_events ORDER BY seq').raw(),
      metaGet: this.db.prepare('SELECT value FROM session_meta WHERE key = ?').pluck(),
      metaSet: this.db.prepare(
        'INSERT INTO session_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    // read back and validate every row: a damaged row is skipped with a log line, never guessed at
    const rows = this.stmts.all.all() as Array<[number, string]>;
    const good: WorkEvent[] = [];
    const checker = createWorkLog();
    for (const [seq, data] of rows) {
      try {
        const e = WorkEventSchema.parse(JSON.parse(data));
        checker.accept(e);
        good.push(e);
      } catch (error) {
        options.logger.warn(
          `session: event row ${seq} of the local log cannot be used and is skipped: ${(error as Error).message}`,
        );
      }
    }
    this.events.push(...good);
    this.log = createWorkLog(good);
    this.recover();
  }

  /** A session left running by a process that died: it goes on, and the unwatched stretch is offered as a gap. */
  private recover(): void {
    const state = this.log.state();
    if (state.mode === 'stopped') return;
    const beat = Number(this.stmts.metaGet.get('heartbeat') ?? NaN);
    const lastSeen = Number.isFinite(beat) ? Math.max(beat, state.lastAt!) : state.lastAt!;
    const now = this.now();
    if (now > lastSeen) this.append({ type: 'gap', from: lastSeen, to: now, reason: 'crash' });
    this.beat();
  }

  /** "now" on the log's timeline (see shared/domain/work-session.ts) */
  now(): number {
    const state = this.log.state();
    return effectiveTime(state, { wall: this.options.clock().getTime(), mono: this.mono(), run: this.run });
  }

  /** effective time the user went quiet while working (null: not quiet, or not working) */
  quietFrom(): number | null {
    return this.quietSince;
  }

  state(): SessionState {
    return this.log.state();
  }

  isRunning(): boolean {
    return this.log.state().mode !== 'stopped';
  }

  today(): string {
    return dayOf(this.now(), this.timeZone);
  }

  totals(date = this.today()): WorkTotals {
    return computeTotals(this.events, { now: this.now(), ...dayBounds(date, this.timeZone) });
  }

  onChange(listener: () => void): () => void {
    return this.listeners.on(listener);
  }

  /** Appends one event: checked against the log first, then one committed row. Throws WorkLogError when it cannot follow. */
  append(body: Body): void {
    const event = { ...body, wall: this.options.clock().getTime(), mono: this.mono(), run: this.run } as WorkEvent;
    this.log.accept(event);
    this.stmts.append.run(JSON.stringify(event));
    this.events.push(event);
    if (body.type === 'stop' || body.type === 'pause' || body.type === 'break') this.quietSince = null;
    this.beat();
    this.listeners.emit();
  }

  start(): void {
    this.timer = (this.options.timers ?? { setInterval, clearInterval }).setInterval(
      () => this.tick(),
      this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    );
    (this.timer as { unref?: () => void }).unref?.();
    if (this.options.idle) {
      this.stops.add(
        this.options.idle.onLockChange((locked) => {
          this.locked = locked;
          this.tick();
        }),
      );
    }
  }

  stop(): void {
    if (this.timer !== null) (this.options.timers ?? { setInterval, clearInterval }).clearInterval(this.timer);
    this.timer = null;
    this.stops.dispose();
    if (this.isRunning()) this.beat();
  }

  /** Writes the heartbeat: the last effective time this process was alive with the session. */
  private beat(): void {
    if (!this.isRunning()) return;
    this.stmts.metaSet.run('heartbeat', String(this.now()));
    this.lastBeat = { wall: this.options.clock().getTime(), mono: this.mono() };
  }

  /** Every few seconds (and on lock changes): sleep, idle and the heartbeat. */
  tick(): void {
    if (!this.isRunning()) {
      this.lastBeat = null;
      return;
    }
    const wall = this.options.clock().getTime();
    const mono = this.mono();
    if (this.lastBeat) {
      const wallDelta = wall - this.lastBeat.wall;
      const monoDelta = mono - this.lastBeat.mono;
      if (wallDelta - monoDelta > SLEEP_SLACK_MS) {
        // asleep (monotonic time stood still) or the clock jumped ahead: continue on the wall clock
        // in a new run, and offer the stretch as a gap
        const from = this.now();
        this.run = randomUUID();
        const to = this.now();
        if (to > from) this.append({ type: 'gap', from, to, reason: 'sleep' });
      }
    }
    this.checkIdle();
    this.beat();
  }

  private checkIdle(): void {
    const idle = this.options.idle;
    const state = this.log.state();
    const setting = this.options.idleAfterMs;
    const threshold = typeof setting === 'function' ? setting() : (setting ?? DEFAULT_IDLE_AFTER_MS);
    const idleMs = this.locked ? Number.POSITIVE_INFINITY : idle ? idle.idleSeconds() * 1000 : 0;
    const now = this.now();
    if (state.mode !== 'working') {
      this.quietSince = null;
      return;
    }
    if (this.quietSince === null) {
      if (this.locked) this.quietSince = now;
      else if (idleMs >= threshold) this.quietSince = Math.max(now - idleMs, state.since ?? now);
      // the manager's view says "idle" from here (the gap itself is offered when the user is back)
      if (this.quietSince !== null) this.listeners.emit();
      return;
    }
    if (!this.locked && idleMs < threshold) {
      // back: the quiet stretch ends where input began again
      const to = Math.max(this.quietSince, now - idleMs);
      const from = this.quietSince;
      this.quietSince = null;
      if (to > from) this.append({ type: 'gap', from, to, reason: 'idle' });
      else this.listeners.emit();
    }
  }
}
