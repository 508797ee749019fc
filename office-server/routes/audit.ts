// The ticket audit trail for managers (their team's tickets) and admins (every ticket): in the
// ticket, and as CSV for a date range. Read-only: there is no route that changes an entry, and the
// database refuses it anyway (triggers, migration 8).
import { z } from 'zod';
import { AuditCsvQuery, AuditListResponse, ErrorBody, Id, type AuditEntry } from '../../shared/office-api';
import type { AuditRecord, UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, forbidden, notFound } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { iso } from '../services/views';
import { toCsv } from '../../shared/domain/summary-csv';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const DAY = 86_400_000;
const COLUMNS = ['seq', 'atUtc', 'atLocal', 'timeZone', 'ticketId', 'actor', 'network', 'action', 'before', 'after'];

export function auditRoutes(ctx: ServerContext): AnyRoute[] {
  /** each team's calendar zone, asked once per request */
  async function zones(records: AuditRecord[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of records) {
      if (out.has(r.teamId)) continue;
      out.set(r.teamId, (await ctx.store.calendars.current(r.teamId))?.settings.timeZone ?? 'UTC');
    }
    return out;
  }
  const local = (at: number, timeZone: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(at);

  function toEntry(r: AuditRecord, timeZone: string): AuditEntry {
    return {
      seq: r.seq,
      ticketId: r.ticketId,
      actorId: r.actorId,
      at: iso(r.at),
      atLocal: local(r.at, timeZone),
      timeZone,
      network: r.network,
      action: r.action,
      before: r.before === null ? null : (JSON.parse(r.before) as Record<string, unknown>),
      after: r.after === null ? null : (JSON.parse(r.after) as Record<string, unknown>),
    };
  }

  function teamOf(user: UserRecord): string | undefined {
    if (user.role === 'admin') return undefined;
    if (user.role !== 'manager' || user.teamId === null) throw forbidden('the audit trail is for managers and admins');
    return user.teamId;
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/tickets/:id/audit',
      tag: 'tickets',
      summary:
        'The audit trail of a ticket: every change, who, when, from which network state, before and after (managers of its team, admins)',
      auth: true,
      roles: ['manager', 'admin'],
      params: z.strictObject({ id: Id }),
      responses: { 200: AuditListResponse, ...errors },
      async handler({ user, params }) {
        const team = teamOf(user);
        const t = await ctx.store.tickets.get(params.id);
        if (!t || (team !== undefined && t.teamId !== team)) throw notFound('ticket');
        // entries made while the ticket was in another team stay with the ticket
        const records = await ctx.store.audit.listForTicket(t.id);
        const z = await zones(records);
        return { body: { items: records.map((r) => toEntry(r, z.get(r.teamId) ?? 'UTC')) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit.csv',
      tag: 'tickets',
      summary:
        'CSV export of the ticket audit trail for a date range, UTC days from–to inclusive (managers: their team; admins: all)',
      auth: true,
      roles: ['manager', 'admin'],
      query: AuditCsvQuery,
      responses: { 200: 'csv', ...errors },
      async handler({ user, query }) {
        const team = teamOf(user);
        const from = Date.parse(`${query.from}T00:00:00Z`);
        const to = Date.parse(`${query.to}T00:00:00Z`) + DAY;
        if (to <= from) throw new ApiError(400, 'validation_failed', 'to must not be before from');
        const records = await ctx.store.audit.listRange({ from, to, ...(team !== undefined ? { teamId: team } : {}) });
        const z = await zones(records);
        const names = new Map<string, string>();
        // the one CSV writer of the project (shared/domain/summary-csv.ts): formula guard, quoting, CRLF
        const rows: (string | number)[][] = [COLUMNS];
        for (const r of records) {
          if (!names.has(r.actorId))
            names.set(r.actorId, (await ctx.store.users.get(r.actorId))?.username ?? r.actorId);
          const e = toEntry(r, z.get(r.teamId) ?? 'UTC');
          rows.push([
            e.seq,
            e.at,
            e.atLocal,
            e.timeZone,
            e.ticketId,
            names.get(r.actorId)!,
            e.network,
            e.action,
            r.before ?? '',
            r.after ?? '',
          ]);
        }
        return {
          body: toCsv(rows),
          contentType: 'text/csv; charset=utf-8',
          headers: { 'content-disposition': `attachment; filename="ticket-audit-${query.from}-${query.to}.csv"` },
        };
      },
    }),
  ];
}
