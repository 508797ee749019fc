// A kind of queued change (presence, chat message, ticket action, summary …) as a typed command:
// which office route it goes to, the schema of its body (taken from shared/office-api, so the
// server's and the client's idea of a valid request are the same object), and the queue that
// keeps its order. Commands are checked when queued, so nothing invalid is ever written to the
// outbox to fail hours later, and checked again when read back, so a body from an older version
// or a damaged row is refused with a sentence instead of being sent blind.
import type { z } from 'zod';
import type { OutboxKind } from '../../../shared/contract/sync';
import { describeIssues } from '../../../shared/contract/issues';

export type OutboxMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OutboxCommand<P = unknown, B = unknown> {
  readonly kind: OutboxKind;
  readonly method: OutboxMethod;
  /** what addresses the change besides its body (a ticket id, a channel id, a day) */
  readonly params: z.ZodType<P>;
  /** the office API's request schema */
  readonly body: z.ZodType<B>;
  /** the route under /api/v1, built from the params only */
  path(params: P): string;
  /** items of one queue are delivered in order */
  queue(params: P, body: B): string;
  /**
   * true where a later change must not overtake an earlier one that failed (one ticket's actions):
   * the failed item holds back its queue until the user retries or discards it. Elsewhere (chat,
   * presence, a day's summary) the items behind a failed one go on.
   */
  readonly strictOrder?: boolean;
}

/** Any command, whatever its params and body (for lists of commands). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOutboxCommand = OutboxCommand<any, any>;

export function defineCommand<PS extends z.ZodType, BS extends z.ZodType>(spec: {
  kind: OutboxKind;
  method: OutboxMethod;
  params: PS;
  body: BS;
  path(params: z.output<PS>): string;
  queue(params: z.output<PS>, body: z.output<BS>): string;
  strictOrder?: boolean;
}): OutboxCommand<z.output<PS>, z.output<BS>> {
  return spec as unknown as OutboxCommand<z.output<PS>, z.output<BS>>;
}

/** What the outbox stores for one change, built from a command and checked against it. */
export interface OutboxInput {
  kind: OutboxKind;
  queue: string;
  method: OutboxMethod;
  path: string;
  body: unknown;
}

/** A change that does not fit its command: a bug in the caller, refused before anything is saved. */
export class InvalidCommandError extends Error {
  constructor(kind: string, detail: string) {
    super(`A ${kind} change was not queued because it is not valid: ${detail}`);
    this.name = 'InvalidCommandError';
  }
}

export function buildInput<P, B>(command: OutboxCommand<P, B>, params: P, body: B): OutboxInput {
  const p = command.params.safeParse(params);
  if (!p.success) throw new InvalidCommandError(command.kind, describeIssues(p.error));
  const b = command.body.safeParse(body);
  if (!b.success) throw new InvalidCommandError(command.kind, describeIssues(b.error));
  return {
    kind: command.kind,
    queue: command.queue(p.data, b.data),
    method: command.method,
    path: command.path(p.data),
    body: b.data,
  };
}

/** Every command the app's modules declared, by kind: one kind, one command. */
export class CommandRegistry {
  private readonly byKind = new Map<OutboxKind, OutboxCommand>();

  constructor(commands: readonly AnyOutboxCommand[]) {
    for (const command of commands) {
      if (this.byKind.has(command.kind)) throw new Error(`Two outbox commands claim the kind "${command.kind}".`);
      this.byKind.set(command.kind, command);
    }
  }

  kinds(): OutboxKind[] {
    return [...this.byKind.keys()];
  }

  /** the kinds whose failed items hold back their queue (OutboxCommand.strictOrder) */
  strictKinds(): OutboxKind[] {
    return [...this.byKind.values()].filter((c) => c.strictOrder === true).map((c) => c.kind);
  }

  has(command: AnyOutboxCommand): boolean {
    return this.byKind.get(command.kind) === command;
  }

  /** A stored body, read back: valid for its kind, or a sentence saying why it cannot be sent. */
  check(kind: string, body: unknown): { ok: true; body: unknown } | { ok: false; error: string } {
    const command = this.byKind.get(kind as OutboxKind);
    if (!command)
      return { ok: false, error: `This version of Teleworker does not know how to send a “${kind}” change.` };
    const parsed = command.body.safeParse(body);
    return parsed.success
      ? { ok: true, body: parsed.data }
      : { ok: false, error: `The saved ${kind} change is damaged (${describeIssues(parsed.error)}).` };
  }
}
