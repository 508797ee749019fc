// An office failure as the renderer receives it: a contract error code, the office's or our own
// English sentence for the log, and a reason the renderer words in the user's language.
import { ContractError } from '../../../shared/contract';
import type { ErrorDetails } from '../../../shared/contract';
import { OfficeError } from '../office-client/http';
import { OutboxFullError } from '../outbox/outbox';

function retryAfterSeconds(message: string): number | undefined {
  const match = /(\d+)\s*s\b/.exec(message);
  return match ? Number(match[1]) : undefined;
}

export function toContractError(error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  if (error instanceof OutboxFullError) return new ContractError('unavailable', error.message, { reason: 'disk-full' });
  if (!(error instanceof OfficeError)) throw error;
  const as = (code: ConstructorParameters<typeof ContractError>[0], details: ErrorDetails) =>
    new ContractError(code, error.message, details);
  switch (error.kind) {
    case 'bad-address':
      return as('invalid-request', { reason: 'bad-address' });
    case 'insecure-address':
      return as('invalid-request', { reason: 'https-required' });
    case 'network':
      return as('unavailable', { reason: 'office-unreachable' });
    case 'timeout':
      return as('unavailable', { reason: 'office-timeout' });
    case 'untrusted':
      return as('unavailable', { reason: 'office-untrusted' });
    case 'malformed':
      return as('unavailable', { reason: 'office-malformed' });
    case 'signed-out':
      return as('unauthorized', { reason: 'signed-out' });
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (error.code === 'rate_limited' || status === 429) {
    const seconds = retryAfterSeconds(error.message);
    return as('unavailable', { reason: 'rate-limited', ...(seconds !== undefined ? { params: { seconds } } : {}) });
  }
  if (error.code === 'demo_only') return as('unauthorized', { reason: 'demo-only' });
  if (error.code === 'account_disabled') return as('unauthorized', { reason: 'account-disabled' });
  if (error.code === 'directory_unavailable') return as('unavailable', { reason: 'directory-unavailable' });
  if (status === 401) return as('unauthorized', { reason: 'bad-credentials' });
  if (status === 403) return as('forbidden', {});
  if (status === 404) return as('not-found', {});
  if (status === 409) return as('conflict', {});
  if (status >= 500) return as('unavailable', { reason: 'office-failed' });
  return as('invalid-request', {});
}

/** For handlers: `await work().catch(rethrowForContract)`. */
export function rethrowForContract(error: unknown): never {
  throw toContractError(error);
}
