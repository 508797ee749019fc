import { z } from 'zod';
import {
  AcknowledgeSummaryRequest,
  ErrorBody,
  Id,
  SUMMARY_DATE_MAX,
  SUMMARY_DATE_MIN,
  SummariesQuery,
  Summary,
  SummaryCsvQuery,
  SummaryInput,
  SummaryListResponse,
} from '../../shared/office-api';
import type { SummaryRecord, UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, forbidden, notFound } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { isManagerOf, teamManagerIds, teamMembers } from '../services/access';
import { newId } from '../data/ids';
import { toApiSummary } from '../services/views';
import { summariesCsv } from '../../shared/domain/summary-csv';
import { summariesXlsx, XLSX_CONTENT_TYPE } from '../services/summary-xlsx';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

function range(q: { date?: string; from?: string; to?: string }): { from: string; to: string } {
  if (q.date) return { from: q.date, to: q.date };
  return { from: q.from ?? SUMMARY_DATE_MIN, to: q.to ?? SUMMARY_DATE_MAX };
}

const DAY_MS = 24 * 3600_000;

/** no summary is about a day that has not begun anywhere: UTC+14 is at most one day ahead of UTC */
function refuseFutureDate(date: string, now: number): void {
  const latest = new Date(now + DAY_MS).toISOString().slice(0, 10);
  if (date <= latest) return;
  const message = `must not be after ${latest} (tomorrow by the server's clock)`;
  throw new ApiError(400, 'validation_failed', `invalid body: body.date ${message}`, [{ path: 'body.date', message }]);
}

/**
 * A correction (a day already sent) only within the office's window, and only so many times: each
 * version is kept, and the manager's views and exports read them, so an unbounded number of them
 * would make that day's Team view too large to load. The first version of a day is not limited.
 * The store checks them in the same step as the write (on PostgreSQL a read of its own would cost
 * the node about what the write does).
 */
function correctionLimits(now: number, limits: { correctionDays: number; versionsPerDay: number }) {
  // one day of slack: the author's day may begin up to a day before the server's (UTC-12)
  const from = new Date(now - (limits.correctionDays + 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, versionsPerDay: limits.versionsPerDay };
}

function correctionRefused(
  refused: 'too-old' | 'too-many',
  date: string,
  versions: number,
  correction: { from: string },
  limits: { correctionDays: number },
): ApiError {
  if (refused === 'too-old') {
    const message = `a sent day can be corrected for ${limits.correctionDays} days; ${date} is before ${correction.from}`;
    return new ApiError(400, 'validation_failed', `invalid body: body.date ${message}`, [
      { path: 'body.date', message },
    ]);
  }
  return new ApiError(
    409,
    'conflict',
    `${date} already has ${versions} versions, the most one day may have; it cannot be corrected again`,
  );
}

/**
 * Every ticket a summary names (its outcomes, its SLA breaches, its segments) must be the author's:
 * assigned to them, opened by them, or one they commented on (an escalated ticket may have moved
 * on to someone else). Unknown or foreign tickets are refused with the field that names them.
 */
async function refuseForeignTickets(ctx: ServerContext, user: UserRecord, body: SummaryInput): Promise<void> {
  const named = new Map<string, string>();
  body.tickets.forEach((t, i) => named.has(t.id) || named.set(t.id, `body.tickets.${i}.id`));
  body.slaBreaches.forEach((id, i) => named.has(id) || named.set(id, `body.slaBreaches.${i}`));
  body.segments.forEach(
    (seg, i) =>
      seg.ticketId === undefined || named.has(seg.ticketId) || named.set(seg.ticketId, `body.segments.${i}.ticketId`),
  );
  const issues: Array<{ path: string; message: string }> = [];
  for (const [id, path] of named) {
    const t = await ctx.store.tickets.get(id);
    if (t && (t.assigneeId === user.id || t.createdBy === user.id)) continue;
    if (t && (await ctx.store.tickets.listComments(id)).some((c) => c.authorId === user.id && c.kind === 'comment'))
      continue;
    issues.push({ path, message: t ? `ticket ${id} is not yours` : `there is no ticket ${id}` });
  }
  if (issues.length) {
    throw new ApiError(
      400,
      'validation_failed',
      `invalid body: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    );
  }
}

/** the newest version of each person's summary of each day (a correction supersedes what it corrects) */
const latestVersions = (rows: SummaryRecord[]): SummaryRecord[] => {
  const latest = new Map<string, SummaryRecord>();
  for (const r of rows) {
    const key = `${r.userId} ${r.date}`;
    const seen = latest.get(key);
    if (!seen || (r.version ?? 1) > (seen.version ?? 1)) latest.set(key, r);
  }
  return rows.filter((r) => latest.get(`${r.userId} ${r.date}`) === r);
};

/** the newest version of each person's day, with how many earlier ones it supersedes */
const latestWithCount = (rows: SummaryRecord[]) => {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.userId} ${r.date}`, (counts.get(`${r.userId} ${r.date}`) ?? 0) + 1);
  return latestVersions(rows).map((r) => ({
    ...toApiSummary(r),
    earlierVersions: (counts.get(`${r.userId} ${r.date}`) ?? 1) - 1,
  }));
};

/** the range's report in the format asked for: CSV by default, or xlsx, both from the same rows */
async function report(
  rows: SummaryRecord[],
  users: Map<string, UserRecord>,
  query: { from: string; to: string; format?: 'csv' | 'xlsx' | undefined },
) {
  const latest = latestVersions(rows);
  if (query.format === 'xlsx') {
    return {
      body: await summariesXlsx(latest, users),
      contentType: XLSX_CONTENT_TYPE,
      headers: { 'content-disposition': `attachment; filename="summaries-${query.from}-${query.to}.xlsx"` },
    };
  }
  return {
    body: summariesCsv(latest, users),
    contentType: 'text/csv; charset=utf-8',
    headers: { 'content-disposition': `attachment; filename="summaries-${query.from}-${query.to}.csv"` },
  };
}

/** the `summary.created` event as JSON: the same text as JSON.stringify({ type, summary }), built from the summary's JSON */
function summaryCreatedPayload(summaryJson: string): string {
  return `{"type":"summary.created","summary":${summaryJson}}`;
}

export function summaryRoutes(ctx: ServerContext): AnyRoute[] {
  async function teamScope(user: UserRecord, userId: string | undefined): Promise<UserRecord[]> {
    if (user.role !== 'manager' || user.teamId === null) throw forbidden('only a team’s manager sees its summaries');
    const members = await teamMembers(ctx, user.teamId);
    if (userId === undefined) return members;
    const one = members.filter((m) => m.id === userId);
    if (!one.length) throw notFound('team member');
    return one;
  }

  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/summaries',
      tag: 'summaries',
      summary: 'Send the day’s session summary. Idempotency-Key required; a repeat returns the first result',
      auth: true,
      idempotency: 'required',
      // the key check, the insert, the event and the key's result are one store transaction (one commit)
      idempotencyInHandler: true,
      body: SummaryInput,
      responses: { 201: Summary, ...errors },
      async handler({ user, body, idempotencyKey, fingerprint }) {
        if (idempotencyKey === null || fingerprint === null) {
          throw new ApiError(400, 'idempotency_key_required', 'send an Idempotency-Key header');
        }
        const now = ctx.now();
        refuseFutureDate(body.date, now);
        await refuseForeignTickets(ctx, user, body);
        const correction = correctionLimits(now, ctx.summaries);
        const record: SummaryRecord = { ...body, id: newId('sum'), userId: user.id, receivedAt: now };
        const r = await ctx.store.submitSummary({
          summary: record,
          idempotencyKey,
          fingerprint,
          now,
          // the author and their managers (a manager's own summary: once)
          event: {
            payload: (stored) => summaryCreatedPayload(JSON.stringify(toApiSummary(stored))),
            recipients: [user.id],
            managersOf: user.teamId,
            at: now,
          },
          correction,
        });
        switch (r.state) {
          case 'too-old':
          case 'too-many':
            throw correctionRefused(r.state, body.date, r.versions, correction, ctx.summaries);
          case 'in-flight':
            throw new ApiError(
              409,
              'idempotency_in_flight',
              'a request with this Idempotency-Key is still being processed; retry shortly',
            );
          case 'mismatch':
            throw new ApiError(
              422,
              'idempotency_key_reused',
              'this Idempotency-Key was already used with a different request',
            );
          case 'done':
            return {
              status: r.status,
              json: 'body' in r ? r.body : JSON.stringify(toApiSummary(r.summary)),
              headers: { 'idempotent-replayed': 'true' },
            };
          case 'new':
            // committed: push the stored event to the recipients online
            if (r.eventId !== null && r.payload !== null) ctx.hub.deliver(r.eventId, now, r.payload, r.recipients);
            return { status: 201, json: JSON.stringify(toApiSummary(r.summary)) };
        }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/summaries',
      tag: 'summaries',
      summary: 'Your own summaries (?date= or ?from=&to=)',
      auth: true,
      query: SummariesQuery,
      responses: { 200: SummaryListResponse, ...errors },
      async handler({ user, query }) {
        if (query.userId !== undefined && query.userId !== user.id) {
          throw new ApiError(400, 'bad_request', 'userId belongs to /api/v1/team/summaries');
        }
        const rows = await ctx.store.summaries.list({ userIds: [user.id], ...range(query) });
        return { body: { items: rows.map(toApiSummary) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/summaries/:id',
      tag: 'summaries',
      summary: 'One summary: its author’s, or their manager’s',
      auth: true,
      params: z.strictObject({ id: Id }),
      responses: { 200: Summary, ...errors },
      async handler({ user, params }) {
        const s = await ctx.store.summaries.get(params.id);
        if (!s) throw notFound('summary');
        if (s.userId !== user.id) {
          const author = await ctx.store.users.get(s.userId);
          if (!author || !isManagerOf(user, author.teamId)) throw notFound('summary');
        }
        return { body: toApiSummary(s) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/summaries/:id/acknowledge',
      tag: 'summaries',
      summary:
        'Acknowledge a summary of your team (managers), optionally with a reply or a request to correct; the newest version of the day only, once',
      auth: true,
      roles: ['manager'],
      params: z.strictObject({ id: Id }),
      body: AcknowledgeSummaryRequest,
      responses: { 200: Summary, ...errors },
      async handler({ user, params, body }) {
        const s = await ctx.store.summaries.get(params.id);
        const author = s ? await ctx.store.users.get(s.userId) : null;
        if (!s || !author || !isManagerOf(user, author.teamId)) throw notFound('summary');
        // a repeat (the outbox retrying, a second click) is answered with the acknowledgement that stands
        if (s.ack) return { body: toApiSummary(s) };
        if ((await ctx.store.summaries.countForDay(s.userId, s.date)) > (s.version ?? 1))
          throw new ApiError(409, 'conflict', 'a newer version of this day arrived: acknowledge that one');
        const reply = body.reply?.trim() ? body.reply.trim() : null;
        const now = ctx.now();
        const first = await ctx.store.summaries.acknowledge(s.id, {
          by: user.id,
          at: now,
          reply,
          correctionRequested: body.requestCorrection === true,
        });
        const summary = toApiSummary((await ctx.store.summaries.get(s.id))!);
        // another manager of the team was first: theirs stands, and was announced already
        if (!first) return { body: summary };
        const audience = new Set([author.id, ...(await teamManagerIds(ctx, author.teamId))]);
        await ctx.hub.publish({ type: 'summary.acknowledged', summary }, audience);
        return { body: summary };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/team/summaries',
      tag: 'summaries',
      summary:
        'Your team’s summaries (managers; ?date= or ?from=&to=, optional userId): the newest version of each day, with how many earlier ones it has',
      auth: true,
      roles: ['manager'],
      query: SummariesQuery,
      responses: { 200: SummaryListResponse, ...errors },
      async handler({ user, query }) {
        const members = await teamScope(user, query.userId);
        const rows = await ctx.store.summaries.list({ userIds: members.map((m) => m.id), ...range(query) });
        return { body: { items: latestWithCount(rows) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/team/summaries.csv',
      tag: 'summaries',
      summary: 'Report of your team’s summaries for a date range (managers): CSV, or format=xlsx a spreadsheet',
      auth: true,
      roles: ['manager'],
      query: SummaryCsvQuery,
      responses: { 200: 'csv-or-xlsx', ...errors },
      async handler({ user, query }) {
        const members = await teamScope(user, query.userId);
        const rows = await ctx.store.summaries.list({
          userIds: members.map((m) => m.id),
          from: query.from,
          to: query.to,
        });
        return report(rows, new Map(members.map((m) => [m.id, m])), query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/summaries.csv',
      tag: 'summaries',
      summary: 'Report of your own summaries for a date range: CSV, or format=xlsx a spreadsheet',
      auth: true,
      query: SummaryCsvQuery,
      responses: { 200: 'csv-or-xlsx', ...errors },
      async handler({ user, query }) {
        const rows = await ctx.store.summaries.list({ userIds: [user.id], from: query.from, to: query.to });
        return report(rows, new Map([[user.id, user]]), query);
      },
    }),
  ];
}
