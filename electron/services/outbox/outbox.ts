// The durable outbox. Everything the user changes goes here first, in the same SQLite file as the
// cache, and is delivered to the office server at least once, in order within its queue (one
// ticket, one conversation, presence, one day's summary), with an idempotency key made when the
// item is enqueued so the server applies it exactly once. Items leave only on success or when the
// user discards a failed one. An item fails when the office refuses it (4xx), or when the office
// keeps answering with errors for it (giveUp: 20 tries or a day); a failed item holds back its queue
// only where order matters (a ticket's actions, OutboxCommand.strictOrder), else the rest goes on.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { OutboxKind } from '../../../shared/contract/sync';
import { backoffDelay } from '../backoff';
import type { Logger } from '../logger';
import type { CommandRegistry, OutboxCommand, OutboxInput, OutboxMethod } from './command';
import { InvalidCommandError, buildInput } from './command';
import { listenerSet } from '../../../shared/disposables';

export type { OutboxInput } from './command';

export interface OutboxItem extends Omit<OutboxInput, 'body'> {
  /** also the Idempotency-Key sent with every attempt */
  id: string;
  owner: string;
  body: unknown;
  state: 'pending' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  /** the same as a code (OutboxErrorCode, or an office error code this version does not know) */
  lastErrorCode: string | null;
  createdAt: number;
}

/** The change could not even be saved locally (a full disk): the user must know at once. */
export class OutboxFullError extends Error {
  constructor() {
    super(
      'There is no room left on this computer’s disk to save this change. Free some space and try again; nothing already saved was lost.',
    );
    this.name = 'OutboxFullError';
  }
}

const isDiskFull = (error: unknown) => {
  const code = (error as { code?: string })?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_WRITE';
};

export type DeliveryOutcome =
  | { ok: true }
  /** `answered`: the office itself answered with an error (5xx, 429), as opposed to no answer at all */
  | { ok: false; retry: true; error: string; code?: string; answered?: boolean }
  | { ok: false; retry: false; error: string; code?: string; status?: number };

export interface OutboxTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OutboxOptions {
  db: Database.Database;
  /** the kinds of change the app's modules declared; nothing else can be queued or sent */
  commands: CommandRegistry;
  deliver(item: OutboxItem): Promise<DeliveryOutcome>;
  logger: Logger;
  now?: () => number;
  timers?: OutboxTimers;
  random?: () => number;
  /**
   * deliveries in flight at once (each to a different queue). The office commits the writes that
   * arrive together in one transaction, so its pace grows with what is in flight: 32 lets a backlog
   * of a month's days (28 queues) go as fast as the office takes summaries from many clients.
   */
  concurrency?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** change notifications are coalesced to at most one per this many ms */
  notifyEveryMs?: number;
  /**
   * When an item the office keeps answering with errors for becomes failed: after this many tries,
   * or once it is this old and was tried more than once (default 20 tries, 24 hours). Tries without
   * an answer (offline, a network error) wait as long as it takes.
   */
  giveUp?: { attempts: number; afterMs: number };
  /**
   * Whose changes these are (user@server). Items are stamped with it when queued and delivered
   * only while the same account is signed in, never under someone else's token.
   */
  owner?: () => string;
}

export interface OutboxSummary {
  pending: number;
  failed: number;
  lastSyncAt: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
}

interface Row {
  seq: number;
  id: string;
  owner: string;
  kind: OutboxKind;
  queue: string;
  method: OutboxMethod;
  path: string;
  body: string | null;
  state: 'pending' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  last_error_code: string | null;
  created_at: number;
}

const toItem = (row: Row): OutboxItem => ({
  id: row.id,
  owner: row.owner,
  kind: row.kind,
  queue: row.queue,
  method: row.method,
  path: row.path,
  body: row.body === null ? undefined : JSON.parse(row.body),
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  lastErrorCode: row.last_error_code,
  createdAt: row.created_at,
});

export class Outbox {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly timers: OutboxTimers;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly notifyEveryMs: number;
  private readonly listeners = listenerSet();
  private online = false;
  private stopped = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private wakeTimer: unknown = null;
  private notifyTimer: unknown = null;
  private lastSyncAt: number | null = null;
  /** delivered items, deleted together in one transaction instead of one commit each */
  private delivered: string[] = [];
  private readonly deleteDelivered: () => void;
  private lastError: string | null = null;
  private lastErrorCode: string | null = null;
  private readonly statements;
  private readonly owner: () => string;
  private readonly giveUp: { attempts: number; afterMs: number };
  /** JSON list of the kinds whose failed items hold back their queue */
  private readonly strictKinds: string;

  constructor(private readonly options: OutboxOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.random = options.random ?? Math.random;
    this.concurrency = options.concurrency ?? 32;
    this.backoff = options.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
    this.notifyEveryMs = options.notifyEveryMs ?? 200;
    this.owner = options.owner ?? (() => '');
    this.giveUp = options.giveUp ?? { attempts: 20, afterMs: 24 * 3600_000 };
    this.strictKinds = JSON.stringify(options.commands.strictKinds());
    this.deleteDelivered = this.db.transaction(() => {
      for (const id of this.delivered) this.statements.remove.run(id);
      this.delivered = [];
    });
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO outbox (id, owner, kind, queue, method, path, body, state, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)`,
      ),
      // The head of every queue that may be tried now: its oldest item that is pending, or failed
      // of a strict kind (then it holds the queue back: a ticket's later actions wait for it).
      heads: this.db.prepare(
        `SELECT * FROM outbox
         WHERE seq IN (SELECT MIN(seq) FROM outbox WHERE owner = ?
                         AND (state = 'pending' OR kind IN (SELECT value FROM json_each(?))) GROUP BY queue)
           AND state = 'pending' AND next_attempt_at <= ?
         ORDER BY seq LIMIT ?`,
      ),
      nextInQueue: this.db.prepare(
        `SELECT * FROM outbox WHERE owner = ? AND queue = ? AND seq > ?
           AND (state = 'pending' OR kind IN (SELECT value FROM json_each(?)))
         ORDER BY seq LIMIT 1`,
      ),
      nextWake: this.db.prepare(
        `SELECT MIN(next_attempt_at) AS at FROM outbox
         WHERE seq IN (SELECT MIN(seq) FROM outbox WHERE owner = ?
                         AND (state = 'pending' OR kind IN (SELECT value FROM json_each(?))) GROUP BY queue)
           AND state = 'pending'`,
      ),
      remove: this.db.prepare('DELETE FROM outbox WHERE id = ?'),
      reschedule: this.db.prepare(
        'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_error_code = ? WHERE id = ?',
      ),
      fail: this.db.prepare(
        "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, last_error_code = ? WHERE id = ?",
      ),
      retry: this.db.prepare(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0, last_error = NULL, last_error_code = NULL WHERE id = ? AND state = 'failed'",
      ),
      discard: this.db.prepare("DELETE FROM outbox WHERE id = ? AND state = 'failed'"),
      list: this.db.prepare('SELECT * FROM outbox WHERE owner = ? ORDER BY seq LIMIT ?'),
      bodiesOf: this.db.prepare('SELECT body FROM outbox WHERE owner = ? AND kind = ? ORDER BY seq').pluck(),
      counts: this.db.prepare(
        "SELECT SUM(state = 'pending') AS pending, SUM(state = 'failed') AS failed FROM outbox WHERE owner = ?",
      ),
      get: this.db.prepare('SELECT * FROM outbox WHERE id = ?'),
    };
  }

  /**
   * Durable once this returns: the row is committed before anything is sent. A change that does
   * not fit its command is refused here (InvalidCommandError), before anything is saved.
   */
  enqueue<P, B>(command: OutboxCommand<P, B>, params: P, body: B): OutboxItem {
    if (!this.options.commands.has(command)) {
      throw new InvalidCommandError(command.kind, 'no module declared this kind of change.');
    }
    return this.insert(buildInput(command, params, body));
  }

  private insert(input: OutboxInput): OutboxItem {
    const id = randomUUID();
    const body = input.body === undefined ? null : JSON.stringify(input.body);
    try {
      this.statements.insert.run(id, this.owner(), input.kind, input.queue, input.method, input.path, body, this.now());
    } catch (error) {
      if (isDiskFull(error)) throw new OutboxFullError();
      throw error;
    }
    this.changed();
    this.kick();
    return toItem(this.statements.get.get(id) as Row);
  }

  /** The office became reachable (flush now) or unreachable (stop trying until it is back). */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.kick();
  }

  /** The current owner's items, oldest first. */
  list(limit = 500): OutboxItem[] {
    this.forgetDelivered();
    return (this.statements.list.all(this.owner(), limit) as Row[]).map(toItem);
  }

  /** The bodies of the current owner's unsent items of one command, oldest first (for optimistic views); damaged ones are left out. */
  bodiesOf<B>(command: OutboxCommand<unknown, B>): B[] {
    this.forgetDelivered();
    const bodies: B[] = [];
    for (const text of this.statements.bodiesOf.all(this.owner(), command.kind) as Array<string | null>) {
      const parsed = command.body.safeParse(text === null ? undefined : JSON.parse(text));
      if (parsed.success) bodies.push(parsed.data);
    }
    return bodies;
  }

  summary(): OutboxSummary {
    this.forgetDelivered();
    const counts = this.statements.counts.get(this.owner()) as { pending: number | null; failed: number | null };
    return {
      pending: counts.pending ?? 0,
      failed: counts.failed ?? 0,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      lastErrorCode: this.lastErrorCode,
    };
  }

  /** A failed item goes back to the queue, to be tried again from its place in it. */
  retry(id: string): boolean {
    const changed = this.statements.retry.run(id).changes > 0;
    if (changed) {
      this.changed();
      this.kick();
    }
    return changed;
  }

  /** Only a failed item can be discarded, and only by the user. */
  discard(id: string): boolean {
    const changed = this.statements.discard.run(id).changes > 0;
    if (changed) {
      this.changed();
      this.kick();
    }
    return changed;
  }

  onChange(listener: () => void): () => void {
    return this.listeners.on(listener);
  }

  /** Delivers everything deliverable now; resolves when nothing more can be done at this moment. */
  flush(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drain()
      .catch((error: unknown) => {
        // Nothing in here may take the process down (a full disk while recording a result, say):
        // the items stay queued and another round starts after a pause.
        this.options.logger.error('outbox: delivery round failed; trying again shortly', error);
        if (!this.stopped)
          this.wakeTimer ??= this.timers.setTimeout(
            () => ((this.wakeTimer = null), void this.flush()),
            this.backoff.baseMs,
          );
      })
      .finally(() => {
        this.draining = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.flush();
        }
      });
    return this.draining;
  }

  stop(): void {
    this.forgetDelivered();
    this.stopped = true;
    if (this.wakeTimer) this.timers.clearTimeout(this.wakeTimer);
    if (this.notifyTimer) this.timers.clearTimeout(this.notifyTimer);
    this.wakeTimer = this.notifyTimer = null;
  }

  private kick(): void {
    if (this.online && !this.stopped) void this.flush();
  }

  private async drain(): Promise<void> {
    while (this.online && !this.stopped) {
      this.forgetDelivered();
      const owner = this.owner();
      // One head per queue, and rounds never overlap (flush is serialised): no queue is ever
      // delivered by two workers at once.
      const batch = this.statements.heads.all(owner, this.strictKinds, this.now(), this.concurrency * 4) as Row[];
      if (batch.length === 0) break;
      let next = 0;
      // A worker takes a queue and follows it while deliveries succeed, so one long queue does
      // not cost a scan of the whole outbox per item.
      const worker = async () => {
        while (next < batch.length && this.online && !this.stopped) {
          let row: Row | undefined = batch[next++]!;
          while (row && (await this.deliverOne(row)) && this.online && !this.stopped) {
            row = this.statements.nextInQueue.get(owner, row.queue, row.seq, this.strictKinds) as Row | undefined;
            if (row && (row.state !== 'pending' || row.next_attempt_at > this.now())) row = undefined;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, batch.length) }, worker));
    }
    this.forgetDelivered();
    this.scheduleWake();
  }

  /** true when the item was delivered */
  private async deliverOne(row: Row): Promise<boolean> {
    let outcome: DeliveryOutcome;
    const item = toItem(row);
    const checked = this.options.commands.check(item.kind, item.body);
    if (!checked.ok) {
      // Sending it could never succeed: it waits, failed, for the user to see and discard.
      outcome = { ok: false, retry: false, error: checked.error, code: 'damaged' };
    } else {
      try {
        outcome = await this.options.deliver({ ...item, body: checked.body });
      } catch (error) {
        outcome = { ok: false, retry: true, error: (error as Error)?.message ?? String(error), code: 'unknown' };
      }
    }
    if (this.stopped) return false;
    if (outcome.ok) {
      // A crash before the delete only means a resend, which the idempotency key makes harmless.
      this.delivered.push(row.id);
      this.lastSyncAt = this.now();
      this.lastError = null;
      this.lastErrorCode = null;
    } else if (outcome.retry && outcome.answered && this.givesUp(row)) {
      // the office has answered this one with errors for too long: it stops holding anything up and
      // waits, failed, with the office's words, for the user to retry or discard it
      const tries = row.attempts + 1;
      const error = `The office could not take this change (${tries} ${tries === 1 ? 'try' : 'tries'}): ${outcome.error}`;
      this.statements.fail.run(error, outcome.code ?? null, row.id);
      this.lastError = error;
      this.lastErrorCode = outcome.code ?? null;
      this.options.logger.warn(`outbox item ${row.kind} ${row.id} failed after ${tries} tries: ${outcome.error}`);
    } else if (outcome.retry) {
      const delay = backoffDelay(row.attempts + 1, this.backoff.baseMs, this.backoff.maxMs, this.random);
      this.statements.reschedule.run(this.now() + delay, outcome.error, outcome.code ?? null, row.id);
      this.lastError = outcome.error;
      this.lastErrorCode = outcome.code ?? null;
    } else {
      this.statements.fail.run(outcome.error, outcome.code ?? null, row.id);
      this.lastError = outcome.error;
      this.lastErrorCode = outcome.code ?? null;
      this.options.logger.warn(`outbox item ${row.kind} ${row.id} refused by the server: ${outcome.error}`);
    }
    this.changed();
    return outcome.ok;
  }

  private givesUp(row: Row): boolean {
    const tries = row.attempts + 1;
    return tries >= this.giveUp.attempts || (tries > 1 && this.now() - row.created_at >= this.giveUp.afterMs);
  }

  private forgetDelivered(): void {
    if (this.delivered.length && this.db.open) this.deleteDelivered();
  }

  private scheduleWake(): void {
    if (this.wakeTimer) this.timers.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    if (!this.online || this.stopped) return;
    const at = (this.statements.nextWake.get(this.owner(), this.strictKinds) as { at: number | null }).at;
    if (at === null) return;
    this.wakeTimer = this.timers.setTimeout(
      () => {
        this.wakeTimer = null;
        void this.flush();
      },
      Math.max(0, at - this.now()),
    );
  }

  private changed(): void {
    if (this.notifyTimer || this.stopped) return;
    this.notifyTimer = this.timers.setTimeout(() => {
      this.notifyTimer = null;
      this.listeners.emit();
    }, this.notifyEveryMs);
  }
}
