// The presence area: my own presence (queued, shown as pending until the office has it) and the
// team's presence in the cache, kept live by the event stream.
import { ContractError } from '../../../shared/contract';
import type { MyPresence } from '../../../shared/contract/presence';
import type { Presence } from '../../../shared/office-api';
import { PresenceListResponse } from '../../../shared/office-api';
import { defineModule } from '../module';
import { toContractError } from '../office/office-errors';
import type { OfficeService } from '../office/office-service';
import { setPresence } from './commands';

/** The server's presence with the user's queued changes laid over it, so the UI shows what they chose. */
export function myPresence(office: OfficeService): MyPresence | null {
  const me = office.me();
  if (!me) return null;
  const base = office.cache.get<Presence>('presence', me.id);
  const view: MyPresence = { status: base?.status ?? 'available', location: base?.location ?? 'unknown', statusText: base?.statusText ?? '', pending: false };
  for (const change of office.outbox.bodiesOf(setPresence)) Object.assign(view, change, { pending: true });
  return view;
}

export const presenceModule = defineModule({
  name: 'presence',
  area: 'presence',
  commands: [setPresence],
  create({ office }) {
    return {
      area: 'presence',
      handlers: {
        getMine: () => myPresence(office),
        setMine: (change) => {
          if (!office.me()) throw new ContractError('forbidden', 'Sign in to set your presence.', { reason: 'signed-out' });
          try {
            office.enqueue(setPresence, {}, change);
          } catch (error) {
            throw toContractError(error);
          }
          return myPresence(office)!;
        },
      },
      attach(emit) {
        const offs = [
          office.onSyncChange(() => emit('mineChanged', myPresence(office))),
          office.onEvent((event) => {
            if (event.type === 'presence.changed') emit('mineChanged', myPresence(office));
          }),
        ];
        return () => offs.forEach((off) => off());
      },
      feed: {
        refresh: async (http, cache) => {
          const presence = await http('GET', '/presence', { schema: PresenceListResponse });
          cache.replaceAll('presence', presence.items.map((p) => ({ id: p.userId, data: p })));
        },
        apply: (event, cache) => {
          if (event.type === 'presence.changed') cache.put('presence', event.presence.userId, event.presence);
        },
      },
    };
  },
});
