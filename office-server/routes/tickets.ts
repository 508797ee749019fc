import { z } from 'zod';
import { applyTransition, canEscalate, isOpen } from '../../shared/domain/tickets';
import { timelineFor } from '../../shared/domain/sla-calendar';
import {
  AssignTicketRequest,
  ChangeStatusRequest,
  CommentResponse,
  CreateCommentRequest,
  CreateTicketRequest,
  ErrorBody,
  EscalateRequest,
  Id,
  TicketDetailResponse,
  TicketListQuery,
  TicketListResponse,
  TicketResponse,
  type Ticket,
} from '../../shared/office-api';
import type { TicketPatch, TicketRecord, UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { decodeCursor, pageOf } from '../http/cursor';
import { ApiError, conflict, forbidden, notFound } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { canSeeTicket, isManagerOf, teamManagerIds, ticketAudience } from '../services/access';
import { toApiComment, toApiTicket } from '../services/views';
import { ticketCalendars } from '../sla/calendar-book';
import { audit } from '../services/audit';

const IdParams = z.strictObject({ id: Id });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export function ticketRoutes(ctx: ServerContext): AnyRoute[] {
  async function load(user: UserRecord, id: string): Promise<TicketRecord> {
    const t = await ctx.store.tickets.get(id);
    // another person's or another team's ticket does not exist for this user
    if (!t || !canSeeTicket(user, t)) throw notFound('ticket');
    return t;
  }

  /** The ticket as the API shows it, its SLA computed on the calendar version it was opened under. */
  async function view(t: TicketRecord, now: number): Promise<Ticket> {
    const calendars = await ticketCalendars(ctx.store.calendars, [t], now);
    return toApiTicket(t, now, t.calendarId === null ? null : (calendars.get(t.calendarId) ?? null));
  }

  async function update(t: TicketRecord, patch: TicketPatch): Promise<TicketRecord> {
    const updated = await ctx.store.tickets.update(t.id, t.version, patch, ctx.now());
    if (!updated) throw conflict('the ticket changed meanwhile; reload it and try again');
    return updated;
  }

  /** The client made its change on a version it names: a ticket changed since is a conflict, never overwritten. */
  function assertVersion(t: TicketRecord, version: number | undefined): void {
    if (version !== undefined && version !== t.version) {
      throw conflict(
        `the ticket changed meanwhile (version ${t.version}, the change was made on ${version}); look at it again and retry`,
      );
    }
  }

  async function announce(t: TicketRecord, change: string, also: string[] = []): Promise<void> {
    const audience = [...(await ticketAudience(ctx, t)), ...also];
    await ctx.hub.publish({ type: 'ticket.updated', ticket: await view(t, ctx.now()), change }, audience);
  }

  async function assertAssignable(teamId: string, assigneeId: string | null | undefined): Promise<void> {
    if (!assigneeId) return;
    const a = await ctx.store.users.get(assigneeId);
    if (!a || a.teamId !== teamId || a.role === 'admin') {
      throw new ApiError(400, 'validation_failed', 'the assignee must be a member of the ticket’s team');
    }
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/tickets',
      tag: 'tickets',
      summary: 'List tickets: assigned to me (default), my team (?scope=team, managers), all (?scope=all, admins)',
      auth: true,
      query: TicketListQuery,
      responses: { 200: TicketListResponse, ...errors },
      async handler({ user, query }) {
        const filter: Parameters<typeof ctx.store.tickets.list>[0] = {
          limit: query.limit + 1,
          beforeSeq: decodeCursor(query.cursor),
        };
        if (query.status) filter.statuses = query.status;
        if (query.priority) filter.priorities = query.priority;
        if (query.open !== undefined) filter.open = query.open;
        if (query.scope === 'mine') {
          if (query.assigneeId !== undefined && query.assigneeId !== user.id) {
            throw new ApiError(400, 'bad_request', 'assigneeId needs scope=team or scope=all');
          }
          filter.assigneeId = user.id;
        } else if (query.scope === 'team') {
          if (user.role !== 'manager' || user.teamId === null)
            throw forbidden('only a team’s manager sees its tickets');
          filter.teamId = user.teamId;
          if (query.assigneeId !== undefined) filter.assigneeId = query.assigneeId;
        } else {
          if (user.role !== 'admin') throw forbidden('only admins see every team’s tickets');
          if (query.assigneeId !== undefined) filter.assigneeId = query.assigneeId;
        }
        const { rows, next } = pageOf(await ctx.store.tickets.list(filter), query.limit);
        const now = ctx.now();
        const calendars = await ticketCalendars(ctx.store.calendars, rows, now);
        const items = rows.map((t) =>
          toApiTicket(t, now, t.calendarId === null ? null : (calendars.get(t.calendarId) ?? null)),
        );
        return { body: { items, next } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tickets/:id',
      tag: 'tickets',
      summary: 'A ticket with its comments',
      auth: true,
      params: IdParams,
      responses: { 200: TicketDetailResponse, ...errors },
      async handler({ user, params }) {
        const t = await load(user, params.id);
        const comments = await ctx.store.tickets.listComments(t.id);
        return { body: { ticket: await view(t, ctx.now()), comments: comments.map(toApiComment) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets',
      tag: 'tickets',
      summary: 'Create a ticket (managers for their team, admins for any team)',
      auth: true,
      roles: ['manager', 'admin'],
      body: CreateTicketRequest,
      responses: { 201: TicketResponse, ...errors },
      async handler({ user, body, request }) {
        let teamId: string;
        if (user.role === 'admin') {
          if (!body.teamId) throw new ApiError(400, 'validation_failed', 'admins must give teamId');
          if (!(await ctx.store.users.getTeam(body.teamId))) throw notFound('team');
          teamId = body.teamId;
        } else {
          if (user.teamId === null || (body.teamId !== undefined && body.teamId !== user.teamId)) {
            throw forbidden('managers create tickets for their own team');
          }
          teamId = user.teamId;
        }
        await assertAssignable(teamId, body.assigneeId);
        // the team's calendar now: the ticket keeps this version whatever the team's calendar becomes
        const calendar = await ctx.store.calendars.current(teamId);
        const t = await ctx.store.tickets.create({
          title: body.title,
          description: body.description,
          requester: body.requester,
          priority: body.priority,
          status: 'new',
          escalationLevel: 'L1',
          teamId,
          assigneeId: body.assigneeId ?? null,
          createdBy: user.id,
          createdAt: ctx.now(),
          respondedAt: null,
          resolvedAt: null,
          closedAt: null,
          pausedMs: 0,
          pausedSince: null,
          calendarId: calendar?.id ?? null,
        });
        await audit(ctx, {
          ticket: t,
          actor: user,
          request,
          action: 'create',
          before: null,
          after: {
            title: t.title,
            requester: t.requester,
            priority: t.priority,
            status: t.status,
            assigneeId: t.assigneeId,
            calendarId: t.calendarId,
          },
          at: t.createdAt,
        });
        const api = await view(t, ctx.now());
        if (t.assigneeId) await ctx.hub.publish({ type: 'ticket.assigned', ticket: api }, [t.assigneeId]);
        await ctx.hub.publish(
          { type: 'ticket.updated', ticket: api, change: 'created' },
          await teamManagerIds(ctx, teamId),
        );
        return { status: 201, body: { ticket: api } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/assign',
      tag: 'tickets',
      summary: 'Assign (or unassign with null) a ticket (the team’s manager, admins)',
      auth: true,
      roles: ['manager', 'admin'],
      params: IdParams,
      body: AssignTicketRequest,
      responses: { 200: TicketResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        if (user.role === 'manager' && !isManagerOf(user, t.teamId)) throw notFound('ticket');
        await assertAssignable(t.teamId, body.assigneeId);
        // already so: nothing to overwrite, whatever happened to the ticket meanwhile
        if (t.assigneeId === body.assigneeId) return { body: { ticket: await view(t, ctx.now()) } };
        assertVersion(t, body.version);
        const previous = t.assigneeId;
        const updated = await update(t, { assigneeId: body.assigneeId });
        await audit(ctx, {
          ticket: t,
          actor: user,
          request,
          action: 'assign',
          before: { assigneeId: previous },
          after: { assigneeId: updated.assigneeId },
          at: updated.updatedAt,
        });
        const api = await view(updated, ctx.now());
        if (updated.assigneeId) await ctx.hub.publish({ type: 'ticket.assigned', ticket: api }, [updated.assigneeId]);
        if (previous) await ctx.hub.publish({ type: 'ticket.unassigned', ticketId: t.id }, [previous]);
        await ctx.hub.publish(
          { type: 'ticket.updated', ticket: api, change: 'assigned' },
          await teamManagerIds(ctx, t.teamId),
        );
        return { body: { ticket: api } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/status',
      tag: 'tickets',
      summary: 'Change the status; illegal transitions are refused with 409 illegal_transition',
      auth: true,
      params: IdParams,
      body: ChangeStatusRequest,
      responses: { 200: TicketResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        assertVersion(t, body.version);
        const now = ctx.now();
        // a waiting-on-user pause counts on the ticket's own clock: working time on its calendar
        const calendar =
          t.calendarId === null ? null : (await ticketCalendars(ctx.store.calendars, [t], now)).get(t.calendarId);
        const r = applyTransition(t, body.status, now, timelineFor(calendar, t.priority).between);
        if (!r.ok) throw new ApiError(409, 'illegal_transition', r.reason);
        const { status, respondedAt, resolvedAt, closedAt, pausedMs, pausedSince } = r.ticket;
        const updated = await update(t, { status, respondedAt, resolvedAt, closedAt, pausedMs, pausedSince });
        await audit(ctx, {
          ticket: t,
          actor: user,
          request,
          action: 'status',
          before: { status: t.status, pausedMs: t.pausedMs, pausedSince: t.pausedSince },
          after: { status, pausedMs, pausedSince, ...(body.note ? { comment: body.note } : {}) },
          at: now,
        });
        await ctx.store.tickets.addComment({
          ticketId: t.id,
          authorId: user.id,
          kind: 'system',
          body: `status: ${t.status} → ${status}`,
          createdAt: now,
        });
        if (body.note) {
          await ctx.store.tickets.addComment({
            ticketId: t.id,
            authorId: user.id,
            kind: 'comment',
            body: body.note,
            createdAt: now,
          });
        }
        await announce(updated, `status:${status}`);
        return { body: { ticket: await view(updated, now) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/escalate',
      tag: 'tickets',
      summary: 'Escalate to L2 or L3 with a reason (only upwards, only while open)',
      auth: true,
      params: IdParams,
      body: EscalateRequest,
      responses: { 200: TicketResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        assertVersion(t, body.version);
        if (!canEscalate(t.status, t.escalationLevel, body.level)) {
          throw new ApiError(
            409,
            'illegal_transition',
            !isOpen(t.status)
              ? `a ${t.status} ticket cannot be escalated`
              : `the ticket is already at ${t.escalationLevel}; escalation only goes up`,
          );
        }
        const now = ctx.now();
        const updated = await update(t, { escalationLevel: body.level });
        await audit(ctx, {
          ticket: t,
          actor: user,
          request,
          action: 'escalate',
          before: { escalationLevel: t.escalationLevel },
          after: { escalationLevel: body.level, reason: body.reason },
          at: now,
        });
        await ctx.store.tickets.addComment({
          ticketId: t.id,
          authorId: user.id,
          kind: 'system',
          body: `escalated ${t.escalationLevel} → ${body.level}: ${body.reason}`,
          createdAt: now,
        });
        await announce(updated, `escalated:${body.level}`);
        return { body: { ticket: await view(updated, now) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/comments',
      tag: 'tickets',
      summary: 'Comment on a ticket',
      auth: true,
      params: IdParams,
      body: CreateCommentRequest,
      responses: { 201: CommentResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        const now = ctx.now();
        const comment = toApiComment(
          await ctx.store.tickets.addComment({
            ticketId: t.id,
            authorId: user.id,
            kind: 'comment',
            body: body.body,
            createdAt: now,
          }),
        );
        await audit(ctx, {
          ticket: t,
          actor: user,
          request,
          action: 'comment',
          before: null,
          after: { comment: body.body },
          at: now,
        });
        const ticket = await view(t, now);
        await ctx.hub.publish({ type: 'ticket.commented', ticket, comment }, await ticketAudience(ctx, t));
        return { status: 201, body: { comment, ticket } };
      },
    }),
  ];
}
