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

/**
 * Situations the renderer words itself, in the user's language (catalogue key
 * `errors.reason.<reason>`), instead of showing the main process's or the office's English.
 */
export const errorReasons = [
  'office-unreachable', // nothing answered at the office address (VPN down, wrong address)
  'office-timeout', // the office took too long to answer
  'office-untrusted', // the office's certificate fails the trust rule (OS store, policy officeCa, certPins)
  'office-failed', // the office answered with an error of its own (5xx)
  'office-malformed', // the office answered something Teleworker does not understand
  'bad-address', // what was typed is not a server address
  'https-required', // a remote office must be reached over https
  'bad-credentials', // user name or password wrong
  'rate-limited', // too many attempts; params.seconds says how long to wait
  'demo-only', // a demo account on a real office
  'account-disabled', // an administrator (or the directory) disabled the account
  'directory-unavailable', // the office cannot reach the company directory that checks the password
  'server-locked', // IT fixed the office address
  'signed-out', // the action needs a signed-in user
  'disk-full', // the change could not be saved on this computer
  'unknown-ticket', // the timer was given a ticket number that is not one of the user's tickets; params.id
] as const;
export type ErrorReason = (typeof errorReasons)[number];

/** What is wrong with one field of a refused request, for a translated sentence next to that field. */
export const fieldProblems = ['required', 'too-long', 'too-short', 'too-big', 'too-small', 'invalid'] as const;
export type FieldProblem = (typeof fieldProblems)[number];
export interface FieldIssue {
  /** the field's path in the request, e.g. "username" or "items.0.title" */
  field: string;
  problem: FieldProblem;
  /** the schema's limit for too-long / too-short / too-big / too-small */
  limit?: number;
}

export interface ContractErrorData {
  code: ErrorCode;
  /** an English sentence for logs and for cases the renderer has no words of its own for */
  message: string;
  /** set when the renderer can say it in the user's language */
  reason?: ErrorReason;
  /** values for the reason's sentence (e.g. { seconds: 30 }) */
  params?: Record<string, string | number>;
  /** per-field problems of an invalid request */
  fields?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractErrorData };

export interface ErrorDetails {
  reason?: ErrorReason;
  params?: Record<string, string | number>;
  fields?: FieldIssue[];
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details: ErrorDetails = {}): Result<never> => ({
  ok: false,
  error: { code, message, ...withoutEmpty(details) },
});

function withoutEmpty(details: ErrorDetails): ErrorDetails {
  const out: ErrorDetails = {};
  if (details.reason) out.reason = details.reason;
  if (details.params && Object.keys(details.params).length) out.params = details.params;
  if (details.fields?.length) out.fields = details.fields;
  return out;
}

/** Thrown by a handler to answer with a specific, user-readable error instead of 'internal'. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

/** The one answer to a request that needs a signed-in user while nobody is signed in. */
export function signedOutError(message: string): ContractError {
  return new ContractError('unauthorized', message, { reason: 'signed-out' });
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}
