// How an outbox item reaches the office server: its method and path, its body, and its id as the
// Idempotency-Key, so a repeat after a lost answer is applied once.
import { z } from 'zod';
import type { OfficeHttp } from '../office-client/http';
import { OfficeError } from '../office-client/http';
import type { DeliveryOutcome, OutboxItem } from '../outbox/outbox';

const AnyJson = z.unknown();

/** The office's own error code where it gave one, else what kind of failure it was. */
function outboxErrorCode(error: OfficeError): string {
  if (error.kind === 'http')
    return error.code ?? (error.status !== undefined && error.status >= 500 ? 'server-error' : 'unknown');
  if (
    error.kind === 'network' ||
    error.kind === 'timeout' ||
    error.kind === 'malformed' ||
    error.kind === 'signed-out' ||
    error.kind === 'untrusted'
  )
    return error.kind;
  return 'unknown';
}

export async function deliverItem(http: () => OfficeHttp, item: OutboxItem): Promise<DeliveryOutcome> {
  try {
    await http()(item.method, item.path, { schema: AnyJson, body: item.body, idempotencyKey: item.id });
    return { ok: true };
  } catch (error) {
    if (error instanceof OfficeError) {
      // Signed out, offline, 5xx, 429, in flight elsewhere: the item waits. A refusal (4xx) is final
      // until the user decides, and carries the server's own words.
      const code = outboxErrorCode(error);
      if (error.kind === 'signed-out' || error.retryable)
        return {
          ok: false,
          retry: true,
          error: error.message,
          code,
          // the office answered (5xx, 429): counts towards giving up; 401 is the session's to solve
          answered: error.kind === 'http' && error.status !== 401,
        };
      return {
        ok: false,
        retry: false,
        error: error.message,
        code,
        ...(error.status !== undefined ? { status: error.status } : {}),
      };
    }
    return { ok: false, retry: true, error: (error as Error)?.message ?? String(error), code: 'unknown' };
  }
}
