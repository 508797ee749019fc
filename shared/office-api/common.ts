// Shared building blocks of the office API. Requests are strict (unknown fields are refused);
// responses are not, so an older client keeps working when the server adds a field.
import { z } from 'zod';

export const API_PREFIX = '/api/v1';

export const ErrorCode = z.enum([
  'bad_request',
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'idempotency_key_required',
  'idempotency_key_reused',
  'idempotency_in_flight',
  'illegal_transition',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'demo_only',
  'account_disabled',
  'directory_unavailable',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** field-level problems of a validation error */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const IsoDateTime = z.iso.datetime({ offset: true });
export const DateOnly = z.iso.date();
/** an opaque paging cursor: pass `next` back as `cursor` */
export const Cursor = z.string().min(1).max(200);
export const Limit = z.coerce.number().int().min(1).max(200);

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: Cursor.nullable() });
}
