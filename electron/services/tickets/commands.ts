// The ticket actions a home worker takes, queued per ticket so they reach the office in order (a
// failed one holds back the ticket's later actions until the user retries or discards it).
import { z } from 'zod';
import {
  AssignTicketRequest,
  ChangeStatusRequest,
  CreateCommentRequest,
  CreateTicketRequest,
  EscalateRequest,
  HandBackRequest,
  Id,
  TakeTicketRequest,
} from '../../../shared/office-api';
import { defineCommand } from '../outbox/command';

const TicketRef = z.object({ ticketId: Id });
const ticketPath = (ticketId: string, action: string) => `/tickets/${encodeURIComponent(ticketId)}/${action}`;
const ticketQueue = ({ ticketId }: { ticketId: string }) => `ticket:${ticketId}`;

export const changeTicketStatus = defineCommand({
  kind: 'ticket-status',
  method: 'POST',
  params: TicketRef,
  body: ChangeStatusRequest,
  path: ({ ticketId }) => ticketPath(ticketId, 'status'),
  queue: ticketQueue,
  strictOrder: true,
});

export const commentOnTicket = defineCommand({
  kind: 'ticket-comment',
  method: 'POST',
  params: TicketRef,
  body: CreateCommentRequest,
  path: ({ ticketId }) => ticketPath(ticketId, 'comments'),
  queue: ticketQueue,
  strictOrder: true,
});

export const escalateTicket = defineCommand({
  kind: 'ticket-escalation',
  method: 'POST',
  params: TicketRef,
  body: EscalateRequest,
  path: ({ ticketId }) => ticketPath(ticketId, 'escalate'),
  queue: ticketQueue,
  strictOrder: true,
});

/** taking a ticket from my team's queue */
export const takeTicket = defineCommand({
  kind: 'ticket-take',
  method: 'POST',
  params: TicketRef,
  body: TakeTicketRequest,
  path: ({ ticketId }) => ticketPath(ticketId, 'take'),
  queue: ticketQueue,
  strictOrder: true,
});

/** an escalated ticket back to the team it came from */
export const handBackTicket = defineCommand({
  kind: 'ticket-hand-back',
  method: 'POST',
  params: TicketRef,
  body: HandBackRequest,
  path: ({ ticketId }) => ticketPath(ticketId, 'hand-back'),
  queue: ticketQueue,
  strictOrder: true,
});

/** a manager's (re)assignment: in the ticket's queue, so it keeps its place among the other changes */
export const assignTicket = defineCommand({
  kind: 'ticket-assignment',
  method: 'POST',
  params: TicketRef,
  body: AssignTicketRequest,
  path: ({ ticketId }) => ticketPath(ticketId, 'assign'),
  queue: ticketQueue,
  strictOrder: true,
});

/** a ticket a manager created offline: one queue, so they arrive (and get their numbers) in the order made */
export const createTicket = defineCommand({
  kind: 'ticket-create',
  method: 'POST',
  params: z.object({}),
  body: CreateTicketRequest,
  path: () => '/tickets',
  queue: () => 'tickets:new',
});
