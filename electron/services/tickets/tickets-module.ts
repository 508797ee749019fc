// Tickets: the user's tickets in the cache (read offline), kept live, and the ticket actions the
// outbox sends. Its contract area (the inbox) arrives with the inbox issue; until then the module
// has no handlers of its own.
import { TicketListResponse } from '../../../shared/office-api';
import { defineModule } from '../module';
import { changeTicketStatus, commentOnTicket, escalateTicket } from './commands';

export const ticketsModule = defineModule({
  name: 'tickets',
  area: null,
  commands: [changeTicketStatus, commentOnTicket, escalateTicket],
  create: () => ({
    area: null,
    handlers: null,
    feed: {
      refresh: async (http, cache) => {
        const tickets = await http('GET', '/tickets', { schema: TicketListResponse, query: { limit: 200 } });
        cache.replaceAll('ticket', tickets.items.map((t) => ({ id: t.id, data: t })));
      },
      apply: (event, cache) => {
        if (event.type === 'ticket.assigned' || event.type === 'ticket.updated' || event.type === 'ticket.commented') cache.put('ticket', event.ticket.id, event.ticket);
        else if (event.type === 'ticket.unassigned') cache.remove('ticket', event.ticketId);
      },
    },
  }),
});
