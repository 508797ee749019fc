// The timer's state each person shares: what they do now and the day's hours so far. Only the
// person's own manager reads it (the team's managers); colleagues and other teams never do.
import {
  ErrorBody,
  OFFICE_LOST_PER_DAY,
  WorkStateInput,
  WorkStateListResponse,
  WorkStateResponse,
  WorkStatesQuery,
  type WorkState,
} from '../../shared/office-api';
import type { WorkStateRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, forbidden } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { canSeeTicket, teamManagerIds, teamMembers } from '../services/access';
import { iso } from '../services/views';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const DAY_MS = 24 * 3600_000;

export function toApiWorkState(s: WorkStateRecord): WorkState {
  return {
    userId: s.userId,
    date: s.date,
    mode: s.mode,
    ticketId: s.ticketId,
    since: s.since === null ? null : iso(s.since),
    workedMs: s.workedMs,
    at: iso(s.at),
    receivedAt: iso(s.receivedAt),
    officeLost: s.officeLost.map((l) => ({ start: iso(l.start), end: iso(l.end) })),
  };
}

type Lost = WorkStateRecord['officeLost'];

/**
 * The day's stretches without the office from what is stored and what arrived: each device sends
 * the ones it saw, so a second device (or a state sent before the office came back) adds to the
 * list rather than replacing it. The same start is one stretch, the longest end kept.
 */
export function mergeOfficeLost(stored: Lost, incoming: Lost): Lost {
  const byStart = new Map<number, number>();
  for (const l of [...stored, ...incoming]) byStart.set(l.start, Math.max(byStart.get(l.start) ?? l.end, l.end));
  return [...byStart]
    .map(([start, end]) => ({ start, end }))
    .sort((a, b) => a.start - b.start)
    .slice(-OFFICE_LOST_PER_DAY);
}

const invalid = (path: string, message: string) =>
  new ApiError(400, 'validation_failed', `invalid body: ${path} ${message}`, [{ path, message }]);

export function workStateRoutes(ctx: ServerContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'PUT',
      url: '/api/v1/work-state',
      tag: 'work-state',
      summary: 'Share your timer’s state (not its log) with your manager; a state older than the stored one is ignored',
      auth: true,
      body: WorkStateInput,
      responses: { 200: WorkStateResponse, ...errors },
      async handler({ user, body }) {
        const now = ctx.now();
        // no day that has not begun anywhere: UTC+14 is at most one day ahead of UTC
        const latest = new Date(now + DAY_MS).toISOString().slice(0, 10);
        if (body.date > latest) throw invalid('body.date', `must not be after ${latest}`);
        if ((body.mode === 'stopped' || body.mode === 'closed') !== (body.since === null))
          throw invalid('body.since', 'is null exactly when the mode is stopped or closed');
        if (body.ticketId !== null) {
          // the manager reads the ticket's number: it must be one the worker may see
          const t = await ctx.store.tickets.get(body.ticketId);
          if (!t || !(canSeeTicket(user, t) || t.createdBy === user.id))
            throw invalid(
              'body.ticketId',
              t ? `ticket ${body.ticketId} is not yours` : `there is no ticket ${body.ticketId}`,
            );
        }
        const lost = (body.officeLost ?? []).map((l, i) => {
          const start = Date.parse(l.start);
          const end = Date.parse(l.end);
          if (end <= start) throw invalid(`body.officeLost.${i}.end`, 'must be after its start');
          // the client sends a stretch once it has ended, so none ends after the state was computed
          if (end > Date.parse(body.at)) throw invalid(`body.officeLost.${i}.end`, 'must not be after body.at');
          return { start, end };
        });
        const stored = await ctx.store.workStates.get(user.id);
        const record: WorkStateRecord = {
          userId: user.id,
          date: body.date,
          mode: body.mode,
          ticketId: body.ticketId,
          since: body.since === null ? null : Date.parse(body.since),
          workedMs: body.workedMs,
          at: Date.parse(body.at),
          receivedAt: now,
          officeLost: mergeOfficeLost(stored && stored.date === body.date ? stored.officeLost : [], lost),
        };
        // two devices, or a queue replayed late: the newest state the client computed wins, though
        // the stretches without the office it carries still count
        const late = stored !== null && stored.at > record.at;
        if (late && (stored.date !== body.date || record.officeLost.length === stored.officeLost.length))
          return { body: { state: toApiWorkState(stored) } };
        const kept = late ? { ...stored, officeLost: record.officeLost } : record;
        await ctx.store.workStates.upsert(kept);
        const state = toApiWorkState(kept);
        await ctx.hub.publish({ type: 'work.changed', state }, await teamManagerIds(ctx, user.teamId));
        return { body: { state } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/team/work-states',
      tag: 'work-state',
      summary: 'Your team’s timer states of a day (managers): a person without one has not started',
      auth: true,
      roles: ['manager'],
      query: WorkStatesQuery,
      responses: { 200: WorkStateListResponse, ...errors },
      async handler({ user, query }) {
        if (user.teamId === null) throw forbidden('only a team’s manager sees its timers');
        const members = await teamMembers(ctx, user.teamId);
        const rows = await ctx.store.workStates.list(
          members.map((m) => m.id),
          query.date,
        );
        return { body: { items: rows.map(toApiWorkState) } };
      },
    }),
  ];
}
