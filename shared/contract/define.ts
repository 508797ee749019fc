import type { z } from 'zod';
import type { Result } from './result';

/** One request → response channel. */
export interface InvokeSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

/** One area of the contract (system, connectivity, tickets, …): its invoke channels and its events. */
export interface AreaSpec {
  invoke: Record<string, InvokeSpec>;
  events: Record<string, z.ZodType>;
}

export type ContractShape = Record<string, AreaSpec>;

/** Identity at run time; keeps the literal types so every host can derive its API from one object. */
export const defineArea = <const A extends AreaSpec>(area: A): A => area;

export const invokeChannel = (area: string, name: string): string => `tw:${area}:${name}`;
export const eventChannel = (area: string, name: string): string => `tw:${area}!${name}`;

/** `statusChanged` → `onStatusChanged` */
export const listenerName = (event: string): string => `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;

type Invoker<S extends InvokeSpec> =
  undefined extends z.input<S['request']>
    ? (request?: z.input<S['request']>) => Promise<Result<z.output<S['response']>>>
    : (request: z.input<S['request']>) => Promise<Result<z.output<S['response']>>>;

type AreaClient<A extends AreaSpec> = {
  readonly [K in keyof A['invoke']]: Invoker<A['invoke'][K]>;
} & {
  readonly [E in keyof A['events'] as `on${Capitalize<E & string>}`]: (
    listener: (payload: z.output<A['events'][E]>) => void,
  ) => () => void;
};

/** What the renderer sees as window.teleworker: derived, never declared by hand. */
export type ClientApi<C extends ContractShape> = { readonly [A in keyof C]: AreaClient<C[A]> };

/** What the main process implements: one function per invoke channel. */
export type Handlers<C extends ContractShape> = {
  [A in keyof C]: {
    [K in keyof C[A]['invoke']]: (
      request: z.output<C[A]['invoke'][K]['request']>,
      context: CallContext,
    ) => Promise<z.input<C[A]['invoke'][K]['response']>> | z.input<C[A]['invoke'][K]['response']>;
  };
};

export interface CallContext {
  /** Which host the call came through, for logs. */
  host: 'electron' | 'browser';
}
