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
  EscalationTeamsResponse,
  HandBackRequest,
  Id,
  TakeTicketRequest,
  TicketDetailResponse,
  TicketListQuery,
  TicketListResponse,
  TicketResponse,
  type Ticket,
} from '../../shared/office-api';
import type { OfficeRepositories, TeamRecord, TicketPatch, TicketRecord, UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { decodeCursor, pageOf } from '../http/cursor';
import { ApiError, conflict, forbidden, notFound } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import {
  canChangeTicket,
  canSeeTicket,
  canTakeTicket,
  isManagerOf,
  teamManagerIds,
  ticketAudience,
} from '../services/access';
import { toApiComment, toApiTicket } from '../services/views';
import { ticketCalendars } from '../sla/calendar-book';
import { audit } from '../services/audit';
import { ticketHistory } from '../services/history';
import type { EscalationLevel } from '../../shared/domain/tickets';

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

  /** the change and its audit entry (whence its history line) commit together (`write` runs in the same transaction) */
  async function change(
    t: TicketRecord,
    patch: TicketPatch,
    at: number,
    write: (tx: OfficeRepositories, updated: TicketRecord) => Promise<void>,
  ): Promise<TicketRecord> {
    return ctx.store.transaction(async (tx) => {
      const updated = await tx.tickets.update(t.id, t.version, patch, at);
      if (!updated) throw conflict('the ticket changed meanwhile; reload it and try again');
      await write(tx, updated);
      return updated;
    });
  }

  function assertMayChange(user: UserRecord, t: TicketRecord): void {
    if (!canChangeTicket(user, t)) {
      throw forbidden(
        t.escalatedBy === user.id || t.firstEscalatedBy === user.id
          ? 'you escalated this ticket: you may read and comment on it; its new team works it'
          : 'take the ticket from the queue first',
      );
    }
  }

  /**
   * Everyone who sees the ticket now hears of the change; whoever saw it before and no longer does
   * (it left their queue or their team) is told it is gone. A new assignee other than the actor gets
   * it as an assignment.
   */
  async function announceMove(
    before: TicketRecord,
    after: TicketRecord,
    change: string,
    actor: UserRecord,
  ): Promise<void> {
    const was = new Set(await ticketAudience(ctx, before));
    const now = new Set(await ticketAudience(ctx, after));
    const gone = [...was].filter((id) => !now.has(id));
    if (gone.length) await ctx.hub.publish({ type: 'ticket.unassigned', ticketId: after.id }, gone);
    const api = await view(after, ctx.now());
    if (after.assigneeId && after.assigneeId !== before.assigneeId && after.assigneeId !== actor.id)
      await ctx.hub.publish({ type: 'ticket.assigned', ticket: api }, [after.assigneeId]);
    await ctx.hub.publish({ type: 'ticket.updated', ticket: api, change }, [...now]);
  }

  /** the team an escalation to `level` goes to: the one picked, else the default (first by name); null: none at that level */
  async function escalationTarget(
    t: TicketRecord,
    level: EscalationLevel,
    teamId: string | undefined,
  ): Promise<TeamRecord | null> {
    const teams = (await ctx.store.users.listTeams()).filter((x) => x.supportLevel === level && x.id !== t.teamId);
    if (teamId !== undefined) {
      const picked = teams.find((x) => x.id === teamId);
      if (!picked) throw new ApiError(400, 'validation_failed', `that team does not take ${level} escalations`);
      return picked;
    }
    return teams[0] ?? null;
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
      summary:
        'List tickets: assigned to me (default), my team (?scope=team, managers), all (?scope=all, admins), my team’s ' +
        'queue of escalated tickets (?scope=queue), the ones I escalated to another team (?scope=escalated)',
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
        } else if (query.scope === 'queue') {
          if (user.role === 'admin' || user.teamId === null) throw forbidden('a queue belongs to a team');
          filter.teamId = user.teamId;
          filter.queue = true;
        } else if (query.scope === 'escalated') {
          filter.escalatedBy = user.id;
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
      summary: 'A ticket with its comments and its history lines (kind system, drawn from its audit trail)',
      auth: true,
      params: IdParams,
      responses: { 200: TicketDetailResponse, ...errors },
      async handler({ user, params }) {
        const t = await load(user, params.id);
        const [comments, entries, teams] = await Promise.all([
          ctx.store.tickets.listComments(t.id),
          ctx.store.audit.listForTicket(t.id),
          ctx.store.users.listTeams(),
        ]);
        const teamNames = new Map(teams.map((x) => [x.id, x.name]));
        const assignees = new Set(
          entries
            .filter((e) => e.action === 'assign' && e.after !== null)
            .map((e) => (JSON.parse(e.after!) as { assigneeId?: unknown }).assigneeId)
            .filter((id): id is string => typeof id === 'string'),
        );
        const people = new Map<string, string>();
        for (const id of assignees) {
          const p = await ctx.store.users.get(id);
          if (p) people.set(id, p.displayName);
        }
        const history = ticketHistory(comments, entries, {
          team: (id) => teamNames.get(id),
          person: (id) => people.get(id),
        });
        return { body: { ticket: await view(t, ctx.now()), comments: history } };
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
        const t = await ctx.store.transaction(async (tx) => {
          const created = await tx.tickets.create({
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
          await audit(tx, {
            ticket: created,
            actor: user,
            request,
            action: 'create',
            before: null,
            after: {
              title: created.title,
              requester: created.requester,
              priority: created.priority,
              status: created.status,
              assigneeId: created.assigneeId,
              calendarId: created.calendarId,
            },
            at: created.createdAt,
          });
          return created;
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
        const at = ctx.now();
        const updated = await change(t, { assigneeId: body.assigneeId }, at, (tx, u) =>
          audit(tx, {
            ticket: t,
            actor: user,
            request,
            action: 'assign',
            before: { assigneeId: previous },
            after: { assigneeId: u.assigneeId },
            at,
          }),
        );
        const api = await view(updated, ctx.now());
        if (updated.assigneeId) await ctx.hub.publish({ type: 'ticket.assigned', ticket: api }, [updated.assigneeId]);
        const still = new Set(await ticketAudience(ctx, updated));
        if (previous && !still.has(previous))
          await ctx.hub.publish({ type: 'ticket.unassigned', ticketId: t.id }, [previous]);
        // the rest of the audience (the team's managers, whoever escalated it, a queue it left)
        const was = (await ticketAudience(ctx, t)).filter((id) => !still.has(id) && id !== previous);
        if (was.length) await ctx.hub.publish({ type: 'ticket.unassigned', ticketId: t.id }, was);
        await ctx.hub.publish(
          { type: 'ticket.updated', ticket: api, change: 'assigned' },
          [...still].filter((id) => id !== updated.assigneeId),
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
        assertMayChange(user, t);
        assertVersion(t, body.version);
        const now = ctx.now();
        // a waiting-on-user pause counts on the ticket's own clock: working time on its calendar
        const calendar =
          t.calendarId === null ? null : (await ticketCalendars(ctx.store.calendars, [t], now)).get(t.calendarId);
        const r = applyTransition(t, body.status, now, timelineFor(calendar, t.priority).between);
        if (!r.ok) throw new ApiError(409, 'illegal_transition', r.reason);
        const { status, respondedAt, resolvedAt, closedAt, pausedMs, pausedSince } = r.ticket;
        const updated = await change(
          t,
          { status, respondedAt, resolvedAt, closedAt, pausedMs, pausedSince },
          now,
          async (tx) => {
            await audit(tx, {
              ticket: t,
              actor: user,
              request,
              action: 'status',
              before: { status: t.status, pausedMs: t.pausedMs, pausedSince: t.pausedSince },
              after: { status, pausedMs, pausedSince, ...(body.note ? { comment: body.note } : {}) },
              at: now,
            });
            if (body.note) {
              await tx.tickets.addComment({
                ticketId: t.id,
                authorId: user.id,
                kind: 'comment',
                body: body.note,
                createdAt: now,
              });
            }
          },
        );
        await announce(updated, `status:${status}`);
        return { body: { ticket: await view(updated, now) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/escalate',
      tag: 'tickets',
      summary:
        'Escalate to L2 or L3 with a reason (only upwards, only while open): the ticket moves to the queue of the team ' +
        'picked (teamId) or the default team at that level, unassigned, its SLA clocks running on; the escalating ' +
        'person keeps reading and commenting on it. With no team at that level the ticket stays and is only marked.',
      auth: true,
      params: IdParams,
      body: EscalateRequest,
      responses: { 200: TicketResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        assertMayChange(user, t);
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
        const target = await escalationTarget(t, body.level, body.teamId);
        const now = ctx.now();
        // the calendar and the clocks stay: the escalation does not reset the SLA
        const patch: TicketPatch = target
          ? {
              escalationLevel: body.level,
              teamId: target.id,
              assigneeId: null,
              escalatedBy: user.id,
              escalatedFromTeamId: t.teamId,
              // a further hop (L2 → L3) keeps the first one, so its L1 person still follows the ticket
              firstEscalatedBy: t.escalatedBy === null ? user.id : (t.firstEscalatedBy ?? t.escalatedBy),
              firstEscalatedFromTeamId:
                t.escalatedBy === null ? t.teamId : (t.firstEscalatedFromTeamId ?? t.escalatedFromTeamId),
            }
          : { escalationLevel: body.level };
        const updated = await change(t, patch, now, async (tx) => {
          await audit(tx, {
            ticket: t,
            actor: user,
            request,
            action: 'escalate',
            before: { escalationLevel: t.escalationLevel, teamId: t.teamId, assigneeId: t.assigneeId },
            after: { ...patch, reason: body.reason },
            at: now,
          });
        });
        await announceMove(t, updated, `escalated:${body.level}`, user);
        return { body: { ticket: await view(updated, now) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tickets/escalation-teams',
      tag: 'tickets',
      summary: 'The teams a ticket may be escalated to (L2 and L3), each level’s default first',
      auth: true,
      responses: { 200: EscalationTeamsResponse, 401: ErrorBody },
      async handler({ user }) {
        const teams = (await ctx.store.users.listTeams()).filter(
          (x) => x.supportLevel !== 'L1' && x.id !== user.teamId,
        );
        const seen = new Set<string>();
        const items = teams.map((x) => {
          const first = !seen.has(x.supportLevel);
          seen.add(x.supportLevel);
          return { id: x.id, name: x.name, supportLevel: x.supportLevel, default: first };
        });
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/take',
      tag: 'tickets',
      summary: 'Take a ticket from your team’s queue (assign it to yourself); whoever escalated it is told',
      auth: true,
      params: IdParams,
      body: TakeTicketRequest,
      responses: { 200: TicketResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        if (t.assigneeId === user.id) return { body: { ticket: await view(t, ctx.now()) } };
        if (!canTakeTicket(user, t)) {
          throw t.assigneeId !== null
            ? conflict('someone has taken this ticket already')
            : forbidden('only the people of the team whose queue it is in take it');
        }
        assertVersion(t, body.version);
        const now = ctx.now();
        const updated = await change(t, { assigneeId: user.id }, now, (tx) =>
          audit(tx, {
            ticket: t,
            actor: user,
            request,
            action: 'take',
            before: { assigneeId: null },
            after: { assigneeId: user.id },
            at: now,
          }),
        );
        await announceMove(t, updated, 'taken', user);
        return { body: { ticket: await view(updated, now) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tickets/:id/hand-back',
      tag: 'tickets',
      summary:
        'Hand an escalated ticket back to the team it came from with a note: it returns to the person who escalated ' +
        'it (or, when they left that team, to its manager’s unassigned list), at that team’s level',
      auth: true,
      params: IdParams,
      body: HandBackRequest,
      responses: { 200: TicketResponse, ...errors },
      async handler({ user, params, body, request }) {
        const t = await load(user, params.id);
        assertMayChange(user, t);
        assertVersion(t, body.version);
        if (t.escalatedFromTeamId === null)
          throw new ApiError(409, 'illegal_transition', 'this ticket was not escalated from another team');
        if (!isOpen(t.status))
          throw new ApiError(409, 'illegal_transition', `a ${t.status} ticket cannot be handed back`);
        const home = await ctx.store.users.getTeam(t.escalatedFromTeamId);
        const escalator = t.escalatedBy ? await ctx.store.users.get(t.escalatedBy) : null;
        const back =
          escalator && escalator.teamId === t.escalatedFromTeamId && escalator.disabledAt === null
            ? escalator.id
            : null;
        const now = ctx.now();
        // back from a further hop (L3 → L2): the first hop is the current one again, so the L2 team
        // can hand it back to L1 in turn and its L1 person still follows it
        const firstHop =
          t.firstEscalatedFromTeamId !== null && t.firstEscalatedFromTeamId !== t.escalatedFromTeamId
            ? { by: t.firstEscalatedBy, from: t.firstEscalatedFromTeamId }
            : null;
        const patch: TicketPatch = {
          teamId: t.escalatedFromTeamId,
          escalationLevel: home?.supportLevel ?? 'L1',
          assigneeId: back,
          escalatedBy: firstHop?.by ?? null,
          escalatedFromTeamId: firstHop?.from ?? null,
          firstEscalatedBy: firstHop?.by ?? null,
          firstEscalatedFromTeamId: firstHop?.from ?? null,
        };
        const updated = await change(t, patch, now, async (tx) => {
          await audit(tx, {
            ticket: t,
            actor: user,
            request,
            action: 'hand-back',
            before: { escalationLevel: t.escalationLevel, teamId: t.teamId, assigneeId: t.assigneeId },
            after: { ...patch, note: body.note },
            at: now,
          });
        });
        await announceMove(t, updated, 'handed-back', user);
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
          await ctx.store.transaction(async (tx) => {
            const added = await tx.tickets.addComment({
              ticketId: t.id,
              authorId: user.id,
              kind: 'comment',
              body: body.body,
              createdAt: now,
            });
            await audit(tx, {
              ticket: t,
              actor: user,
              request,
              action: 'comment',
              before: null,
              after: { comment: body.body },
              at: now,
            });
            return added;
          }),
        );
        const ticket = await view(t, now);
        await ctx.hub.publish({ type: 'ticket.commented', ticket, comment }, await ticketAudience(ctx, t));
        return { status: 201, body: { comment, ticket } };
      },
    }),
  ];
}
