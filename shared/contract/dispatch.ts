import type { z } from 'zod';
import type { ContractShape, CallContext, Handlers, InvokeSpec } from './define';
import { eventChannel, invokeChannel } from './define';
import { describeIssues, fieldIssues } from './issues';
import type { Result } from './result';
import { ContractError, fail, ok } from './result';

type AnyHandler = (request: unknown, context: CallContext) => unknown;

export interface Dispatcher {
  /** Every invoke channel of the contract, for hosts that register them one by one (ipcMain). */
  readonly channels: readonly string[];
  /** Validates the payload, runs the handler, validates its answer; never throws. */
  dispatch(channel: string, payload: unknown, context: CallContext): Promise<Result<unknown>>;
}

export interface DispatcherOptions {
  /** Called with errors that are our bugs (a handler threw, a handler answered off-contract). */
  onInternalError?: (channel: string, error: unknown) => void;
}

const INTERNAL = 'Something went wrong inside Teleworker. The details are in the log file.';

/** The one place where main-process handlers meet the contract; both hosts use it. */
export function createDispatcher<C extends ContractShape>(
  contract: C,
  handlers: Handlers<C>,
  options: DispatcherOptions = {},
): Dispatcher {
  const table = new Map<string, { spec: InvokeSpec; handler: AnyHandler }>();
  for (const [area, spec] of Object.entries(contract)) {
    const areaHandlers = (handlers as Record<string, Record<string, AnyHandler>>)[area];
    for (const [name, invokeSpec] of Object.entries(spec.invoke)) {
      const handler = areaHandlers?.[name];
      if (typeof handler !== 'function') throw new Error(`No handler for contract channel ${area}.${name}`);
      table.set(invokeChannel(area, name), { spec: invokeSpec, handler });
    }
  }

  return {
    channels: [...table.keys()],
    async dispatch(channel, payload, context) {
      const entry = table.get(channel);
      if (!entry) return fail('unknown-channel', `There is no channel called "${String(channel).slice(0, 80)}".`);
      const request = entry.spec.request.safeParse(payload);
      if (!request.success) {
        return fail('invalid-request', `Invalid request to ${channel.slice(3)}: ${describeIssues(request.error)}`, {
          fields: fieldIssues(request.error),
        });
      }
      let value: unknown;
      try {
        value = await entry.handler(request.data, context);
      } catch (error) {
        if (error instanceof ContractError) return fail(error.code, error.message, error.details);
        options.onInternalError?.(channel, error);
        return fail('internal', INTERNAL);
      }
      const response = entry.spec.response.safeParse(value);
      if (!response.success) {
        options.onInternalError?.(
          channel,
          new Error(`handler answered off-contract: ${describeIssues(response.error)}`),
        );
        return fail('internal', INTERNAL);
      }
      return ok(response.data);
    },
  };
}

export type Emit<C extends ContractShape> = <A extends keyof C & string, E extends keyof C[A]['events'] & string>(
  area: A,
  event: E,
  payload: z.input<C[A]['events'][E]>,
) => void;

/** Validates every event before a host sends it, so the renderer only ever sees contract data. */
export function createEmitter<C extends ContractShape>(
  contract: C,
  send: (channel: string, payload: unknown) => void,
  onInvalid?: (channel: string, error: Error) => void,
): Emit<C> {
  return (area, event, payload) => {
    const schema = contract[area]?.events[event];
    const channel = eventChannel(area, event);
    if (!schema) {
      onInvalid?.(channel, new Error('no such event in the contract'));
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      onInvalid?.(channel, new Error(describeIssues(parsed.error)));
      return;
    }
    send(channel, parsed.data);
  };
}
