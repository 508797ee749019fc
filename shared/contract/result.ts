// Results cross the process boundary as data, never as exceptions the renderer has to guess at.

export const errorCodes = [
  'invalid-request', // the payload did not match the contract's schema
  'unknown-channel', // no such channel in the contract
  'forbidden', // the caller may not use this channel (wrong frame origin, bad secret)
  'unauthorized', // the office refused the user's credentials or sign-in
  'unavailable', // the service behind the channel cannot answer right now
  'not-found',
  'conflict',
  'internal', // a bug on our side; details are in the main process log, never in the UI
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ContractErrorData {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Thrown by a handler to answer with a specific, user-readable error instead of 'internal'. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}
