import type { ClientApi, ContractShape } from './define';
import { eventChannel, invokeChannel, listenerName } from './define';
import type { Result } from './result';
import { fail, isResult } from './result';

/** How a host moves messages; the preload uses ipcRenderer, the browser bridge a WebSocket. */
export interface ClientTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Adds one listener and returns the function that removes exactly that listener. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds window.teleworker from the contract. Never throws at the caller: a transport failure
 * or a malformed answer becomes an `{ ok: false }` result like any other.
 */
/** Channel names per area: the contract itself, or its zod-free manifest (manifest.generated.ts). */
export type ChannelList = Record<string, { invoke: Record<string, unknown>; events: Record<string, unknown> }>;

export function createClient<C extends ContractShape>(contract: C, transport: ClientTransport): ClientApi<C>;
export function createClient<C extends ContractShape>(channels: ChannelList, transport: ClientTransport): ClientApi<C>;
export function createClient(contract: ChannelList, transport: ClientTransport): unknown {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [area, spec] of Object.entries(contract)) {
    const methods: Record<string, unknown> = {};
    for (const name of Object.keys(spec.invoke)) {
      const channel = invokeChannel(area, name);
      methods[name] = async (request?: unknown): Promise<Result<unknown>> => {
        try {
          const answer = await transport.invoke(channel, request);
          return isResult(answer)
            ? answer
            : fail('internal', 'The main process sent an answer Teleworker does not understand.');
        } catch (error) {
          return fail(
            'unavailable',
            `Teleworker's main process did not answer: ${(error as Error)?.message ?? String(error)}`,
          );
        }
      };
    }
    for (const name of Object.keys(spec.events)) {
      const channel = eventChannel(area, name);
      methods[listenerName(name)] = (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError(`${area}.${listenerName(name)} needs a function`);
        return transport.subscribe(channel, listener);
      };
    }
    api[area] = Object.freeze(methods);
  }
  return Object.freeze(api);
}
