// SLA calendars: the deadline preview (what the creation form shows, what an admin checks a calendar
// with), a calendar version by id (the desktop client computes clocks with it), and an admin's
// change of a team's calendar, which adds a version and leaves open tickets on theirs.
import { z } from 'zod';
import { computeSla } from '../../shared/domain/sla';
import { calendarProblem } from '../../shared/domain/sla-calendar';
import {
  ErrorBody,
  Id,
  SetCalendarRequest,
  SlaCalendarResponse,
  SlaPreviewQuery,
  SlaPreviewResponse,
} from '../../shared/office-api';
import type { ServerContext } from '../context';
import { ApiError, notFound } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { iso } from '../services/views';
import { calendarOf, toApiCalendar } from '../sla/calendar-book';
import { knowsCountry } from '../sla/holidays';
import { networkOf } from '../services/audit';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

export function slaRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/sla/preview',
      tag: 'sla',
      summary:
        'The response and resolution deadlines a ticket of this priority opened at openedAt would get, on the calendar of my team (or teamId: admins any team)',
      auth: true,
      query: SlaPreviewQuery,
      responses: { 200: SlaPreviewResponse, ...errors },
      async handler({ user, query }) {
        const teamId = query.teamId ?? user.teamId;
        if (teamId === null) throw new ApiError(400, 'validation_failed', 'give teamId: you belong to no team');
        // another team's calendar is for admins; to anyone else that team does not exist
        if (teamId !== user.teamId && user.role !== 'admin') throw notFound('team');
        if (!(await ctx.store.users.getTeam(teamId))) throw notFound('team');
        const openedAt = Date.parse(query.openedAt);
        const record = await ctx.store.calendars.current(teamId);
        const calendar = record ? calendarOf(record, openedAt) : null;
        const sla = computeSla(
          {
            priority: query.priority,
            createdAt: openedAt,
            respondedAt: null,
            resolvedAt: null,
            pausedMs: 0,
            pausedSince: null,
          },
          openedAt,
          undefined,
          calendar,
        );
        return {
          body: {
            responseDueAt: iso(sla.responseDueAt),
            resolutionDueAt: iso(sla.resolutionDueAt),
            calendar: calendar ? toApiCalendar(calendar) : null,
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/sla/calendars/:id',
      tag: 'sla',
      summary: 'One version of a team calendar, with its holidays (a ticket names the one it was opened under)',
      auth: true,
      params: z.strictObject({ id: Id }),
      responses: { 200: SlaCalendarResponse, ...errors },
      async handler({ user, params }) {
        const record = await ctx.store.calendars.get(params.id);
        if (!record || (user.role !== 'admin' && record.teamId !== user.teamId)) throw notFound('calendar');
        const calendar = calendarOf(record, ctx.now());
        return {
          body: {
            calendar: toApiCalendar(calendar),
          },
        };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/teams/:id/calendar',
      tag: 'sla',
      summary:
        'Set a team’s SLA calendar (admins): a new version for tickets opened from now on; open tickets keep theirs, and their history says so',
      auth: true,
      roles: ['admin'],
      params: z.strictObject({ id: Id }),
      body: SetCalendarRequest,
      responses: { 200: SlaCalendarResponse, ...errors },
      async handler({ user, params, body, request }) {
        if (!(await ctx.store.users.getTeam(params.id))) throw notFound('team');
        const problem =
          calendarProblem(body) ??
          (body.country && !knowsCountry(body.country) ? `no public holidays known for ${body.country}` : null);
        if (problem) throw new ApiError(400, 'validation_failed', problem);
        const now = ctx.now();
        const settings = {
          ...body,
          workingDays: [...new Set(body.workingDays)].sort(),
          roundTheClock: [...new Set(body.roundTheClock)],
        };
        const record = await ctx.store.transaction(async (tx) => {
          const previous = await tx.calendars.current(params.id);
          const added = await tx.calendars.add(params.id, settings, user.id, now);
          const open = await tx.tickets.list({ teamId: params.id, open: true, limit: 1_000_000 });
          for (const t of open) {
            await tx.audit.append({
              ticketId: t.id,
              teamId: t.teamId,
              actorId: user.id,
              at: now,
              network: networkOf(request),
              action: 'calendar',
              before: JSON.stringify({ calendarId: t.calendarId }),
              // the ticket keeps its calendar: the entry records that the team's changed without moving it
              // the versions make the ticket's history line ("… keeps the deadlines of …")
              after: JSON.stringify({
                calendarId: t.calendarId,
                teamCalendarId: added.id,
                teamCalendarVersion: added.version,
                keptVersion: t.calendarId !== null && t.calendarId === previous?.id ? previous.version : null,
              }),
            });
          }
          return added;
        });
        const calendar = calendarOf(record, now);
        return {
          body: {
            calendar: toApiCalendar(calendar),
          },
        };
      },
    }),
  ];
}
