import type { TeleworkerApi } from '../../shared/contract';

/** Starts the work timer on a ticket (or switches the running session to it): `session.start({ ticketId })`. */
export async function startWorkOn(api: TeleworkerApi, ticketId: string): Promise<boolean> {
  const r = await api.session.start({ ticketId });
  return r.ok;
}
