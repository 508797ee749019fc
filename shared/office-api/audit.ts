// The ticket audit trail as managers and admins read it: one entry per change, append-only.
import { z } from 'zod';
import { DateOnly, Id, IsoDateTime } from './common';
import type { ConnectivityState } from '../domain/connectivity';

/** the request header the desktop client reports its network state in (the audit trail records it) */
export const NETWORK_HEADER = 'x-teleworker-network';

/** what the connectivity monitor's state says about where a change was made from */
export function networkHeaderValue(state: ConnectivityState): 'office-lan' | 'vpn' | 'other' {
  if (state === 'office-lan') return 'office-lan';
  if (state === 'office-via-vpn' || state === 'vpn-no-office') return 'vpn';
  return 'other';
}

export const AuditEntry = z.object({
  seq: z.number().int(),
  ticketId: Id,
  actorId: Id,
  /** UTC */
  at: IsoDateTime,
  /** the same moment on the wall clock of the ticket team's calendar zone (UTC when it has none) */
  atLocal: z.string(),
  timeZone: z.string(),
  /** what the client reported: office-lan, vpn, other; unknown when it said nothing */
  network: z.enum(['office-lan', 'vpn', 'other', 'unknown']),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListResponse = z.object({ items: z.array(AuditEntry) });
export type AuditListResponse = z.infer<typeof AuditListResponse>;

export const AuditCsvQuery = z.strictObject({
  /** first day, UTC */
  from: DateOnly,
  /** last day (included), UTC */
  to: DateOnly,
});
export type AuditCsvQuery = z.infer<typeof AuditCsvQuery>;
