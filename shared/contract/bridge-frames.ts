// The browser host's server frames, read without zod: the renderer's bundle stays free of it.
// test/unit/shared/contract.test.ts checks this reader against ServerFrameSchema
// (bridge-protocol.ts), which stays the definition.
import type { ServerFrame } from './bridge-protocol';

export const BRIDGE_PATH = '/bridge';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A frame from the host, or null for anything that is not one. */
export function readServerFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'welcome':
      return { type: 'welcome' };
    case 'result':
      return typeof value.id === 'number' && 'result' in value
        ? { type: 'result', id: value.id, result: value.result }
        : null;
    case 'event':
      return typeof value.channel === 'string'
        ? { type: 'event', channel: value.channel, payload: value.payload }
        : null;
    case 'refused':
      return typeof value.message === 'string' ? { type: 'refused', message: value.message } : null;
    default:
      return null;
  }
}
