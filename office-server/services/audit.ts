// Every change to a ticket becomes one append-only audit entry: who, when, from which network state
// the client reported (X-Teleworker-Network: office-lan, vpn, other), the changed fields before and
// after. Written in the same store transaction as the change it records (the routes hand in the
// transaction's repositories), so neither commits without the other; the database refuses to alter
// or remove it.
import type { FastifyRequest } from 'fastify';
import {
  NETWORK_STATES,
  type NetworkState,
  type OfficeRepositories,
  type TicketRecord,
  type UserRecord,
} from '../data/store';

import { NETWORK_HEADER } from '../../shared/office-api/audit';
export { NETWORK_HEADER };

/** what the client said about its network; anything else (or nothing) is 'unknown' */
export function networkOf(request: FastifyRequest): NetworkState {
  const value = request.headers[NETWORK_HEADER];
  return typeof value === 'string' && (NETWORK_STATES as readonly string[]).includes(value)
    ? (value as NetworkState)
    : 'unknown';
}

type Fields = Partial<Record<keyof TicketRecord | 'comment' | 'reason' | 'calendar' | 'note', unknown>>;

export const AUDIT_ACTIONS = [
  'create',
  'assign',
  'status',
  'escalate',
  'take',
  'hand-back',
  'comment',
  'calendar',
] as const;

export async function audit(
  repos: Pick<OfficeRepositories, 'audit'>,
  entry: {
    ticket: Pick<TicketRecord, 'id' | 'teamId'>;
    actor: UserRecord;
    request: FastifyRequest;
    action: (typeof AUDIT_ACTIONS)[number];
    before: Fields | null;
    after: Fields | null;
    at: number;
  },
): Promise<void> {
  await repos.audit.append({
    ticketId: entry.ticket.id,
    teamId: entry.ticket.teamId,
    actorId: entry.actor.id,
    at: entry.at,
    network: networkOf(entry.request),
    action: entry.action,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
  });
}
