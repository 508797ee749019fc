import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../../shared/office-api';

/** An error a client can act on: it becomes `{ error: { code, message } }` with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const unauthorized = (message = 'sign in first: send Authorization: Bearer <accessToken>') =>
  new ApiError(401, 'unauthorized', message);

export function validationError(where: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0];
  return new ApiError(
    400,
    'validation_failed',
    first ? `invalid ${where}: ${first.path} ${first.message}` : `invalid ${where}`,
    issues,
  );
}

export function errorBody(code: string, message: string, issues?: { path: string; message: string }[]): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}
