// The work session: the timer (work-recorder.ts), the day's summary drafted from the log and the
// inbox's tickets (the tickets port) and sent through the outbox, the end-of-day reminder, and the
// manager's Team view (team presence from the presence port, today's summaries live, tickets at SLA
// risk, CSV). It provides the work-session port, so the office-loss notice fires while a session runs.
import { ContractError, signedOutError } from '../../../shared/contract';
import type { SessionView, SummaryDraft, TeamToday } from '../../../shared/contract/session';
import { stripFromStates, stripFromSummary, teamWeek, weekDays } from '../../../shared/domain/team-week';
import { z } from 'zod';
import { managesTeam } from '../../../shared/domain/roles';
import { isOpen } from '../../../shared/domain/tickets';
import { hoursMinutes } from '../../../shared/domain/time-format';
import { SLA_AT_RISK_FRACTION, computeSla } from '../../../shared/domain/sla';
import type { SlaCalendar } from '../../../shared/domain/sla-calendar';
import type { BreakKind, GapAnswer, WorkSegment } from '../../../shared/domain/work-session';
import { WorkLogError, toMinutes, zonedInstant } from '../../../shared/domain/work-session';
import { summariesCsv } from '../../../shared/domain/summary-csv';
import { translate } from '../../../shared/i18n';
import type {
  Summary,
  SummaryInput,
  SummaryTicket,
  Ticket,
  User,
  WorkState,
  WorkStateInput,
} from '../../../shared/office-api';
import {
  OFFICE_LOST_PER_DAY,
  SUMMARY_CORRECTION_DAYS,
  SUMMARY_VERSIONS_PER_DAY,
  SummaryListResponse,
  TicketListResponse,
  UsersResponse,
  WorkStateListResponse,
  workedMsAt,
} from '../../../shared/office-api';
import { networkPort, presencePort, ticketsPort, workSessionPort } from '../feature-ports';
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import { defineModule } from '../module';
import { toContractError } from '../office/office-errors';
import { acknowledgeSummary, putWorkState, submitSummary } from './commands';
import type { WorkRecorderOptions } from './work-recorder';
import { WorkRecorder } from './work-recorder';
import { disposables, listenerSet } from '../../../shared/disposables';

/** The end of the working day, when the reminder comes if no summary was sent (policy may change it later). */
export const DEFAULT_END_OF_DAY = '17:00';
const MAX_SEGMENTS = 1000;

export interface SessionModuleOptions extends Pick<
  WorkRecorderOptions,
  'mono' | 'idleAfterMs' | 'heartbeatMs' | 'timers' | 'timeZone' | 'run'
> {
  /** "HH:MM" local time of the end-of-day reminder */
  endOfDay?: string;
}

/**
 * The timer's state as the manager gets it: what the user does now and the day's worked time, not
 * the log. Null before anything happened today ("not started"). A ticket the inbox does not hold
 * (reassigned meanwhile) is left out rather than refused by the office.
 */
export function sharedState(
  recorder: WorkRecorder,
  knownTicket: (id: string) => boolean,
  closedToday = false,
  officeLost: ReadonlyArray<readonly [number, number]> = [],
): WorkStateInput | null {
  const totals = recorder.totals();
  const s = totals.state;
  if (s.mode === 'stopped' && totals.workedMs === 0 && totals.breakMs === 0) return null;
  const quiet = s.mode === 'working' ? recorder.quietFrom() : null;
  const mode = quiet !== null ? 'idle' : s.mode === 'stopped' && closedToday ? 'closed' : s.mode;
  const since = mode === 'stopped' || mode === 'closed' ? null : (quiet ?? s.since);
  const ticketId =
    (mode === 'working' || mode === 'idle') && s.ticketId !== null && knownTicket(s.ticketId) ? s.ticketId : null;
  return {
    date: recorder.today(),
    mode,
    ticketId,
    since: since === null ? null : new Date(since).toISOString(),
    workedMs: Math.min(Math.max(0, Math.round(totals.workedMs)), 48 * 3_600_000),
    at: new Date(recorder.now()).toISOString(),
    ...(officeLost.length
      ? {
          officeLost: officeLost
            .slice(-OFFICE_LOST_PER_DAY)
            .map(([start, end]) => ({ start: new Date(start).toISOString(), end: new Date(end).toISOString() })),
        }
      : {}),
  };
}

/** what makes two shared states different enough to send again (the worked time alone grows by itself) */
const sharedKey = (userId: string, s: WorkStateInput | null) =>
  s === null ? null : [userId, s.date, s.mode, s.ticketId ?? '', s.since ?? '', s.officeLost?.length ?? 0].join('|');

function toView(
  recorder: WorkRecorder,
  knownTicket: (id: string) => boolean = () => true,
  closedToday = false,
  stillWorking: SessionView['stillWorking'] = null,
  officeLost: ReadonlyArray<readonly [number, number]> = [],
): SessionView {
  const totals = recorder.totals();
  const s = totals.state;
  return {
    mode: s.mode,
    ticketId: s.ticketId,
    breakKind: s.breakKind,
    since: s.since,
    date: recorder.today(),
    workedMs: totals.workedMs,
    breakMs: totals.breakMs,
    pausedMs: totals.pausedMs,
    breaks: totals.breaks,
    perTicket: totals.perTicket,
    segments: totals.segments,
    gaps: s.openGaps,
    computedAt: recorder.now(),
    shared: sharedState(recorder, knownTicket, closedToday, officeLost),
    stillWorking,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Summary segments: work and breaks only, neighbours of the same kind and ticket merged when there are too many. */
function summarySegments(segments: WorkSegment[], knownTicket: (id: string) => boolean): SummaryInput['segments'] {
  let out = segments
    .filter((s) => s.kind !== 'pause')
    .map((s) => ({
      start: s.start,
      end: s.end,
      kind: s.kind as 'work' | 'break',
      ticketId: s.ticketId !== null && knownTicket(s.ticketId) ? s.ticketId : undefined,
    }));
  if (out.length > MAX_SEGMENTS) {
    const merged: typeof out = [];
    for (const s of out) {
      const last = merged.at(-1);
      if (last && last.kind === s.kind && last.ticketId === s.ticketId) last.end = s.end;
      else merged.push({ ...s });
    }
    out = merged.slice(0, MAX_SEGMENTS);
  }
  return out.map((s) => ({
    start: iso(s.start),
    end: iso(s.end),
    kind: s.kind,
    ...(s.ticketId ? { ticketId: s.ticketId } : {}),
  }));
}

const epochOrNull = (at: string | null) => (at === null ? null : Date.parse(at));

/**
 * The team's open tickets at SLA risk or breached as of `now`: the office's own `sla` is as of its
 * answer, and a list kept from then would show a breached ticket as "at risk" until a refresh.
 */
export function teamAtRisk(
  tickets: readonly Ticket[],
  now: number,
  calendarOf: (t: Ticket) => SlaCalendar | null = () => null,
): TeamToday['atRisk'] {
  const iso = (ms: number) => new Date(ms).toISOString();
  return tickets
    .filter((t) => t.status !== 'resolved' && t.status !== 'closed')
    .map((t) => ({
      t,
      sla: computeSla(
        {
          priority: t.priority,
          createdAt: Date.parse(t.createdAt),
          respondedAt: epochOrNull(t.respondedAt),
          resolvedAt: epochOrNull(t.resolvedAt),
          pausedMs: t.pausedMs,
          pausedSince: epochOrNull(t.pausedSince),
        },
        now,
        undefined,
        calendarOf(t),
      ),
    }))
    .filter(({ sla }) => sla.state === 'at-risk' || sla.state === 'breached')
    .map(({ t, sla }) => {
      const clock = !sla.resolutionBreached && sla.responseRemainingMs !== null ? 'response' : 'resolution';
      return {
        id: t.id,
        title: t.title,
        priority: t.priority,
        assigneeId: t.assigneeId,
        sla: sla.state,
        resolutionDueAt: iso(sla.resolutionDueAt),
        clock,
        dueAt: iso(clock === 'response' ? sla.responseDueAt : sla.resolutionDueAt),
      } as const;
    })
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** The next moment one of these tickets turns at risk or breached (null: none will). */
export function nextSlaChange(
  tickets: readonly Ticket[],
  now: number,
  calendarOf: (t: Ticket) => SlaCalendar | null = () => null,
): number | null {
  let next: number | null = null;
  for (const t of tickets) {
    if (t.status === 'resolved' || t.status === 'closed' || t.pausedSince !== null) continue;
    const sla = computeSla(
      {
        priority: t.priority,
        createdAt: Date.parse(t.createdAt),
        respondedAt: epochOrNull(t.respondedAt),
        resolvedAt: null,
        pausedMs: t.pausedMs,
        pausedSince: null,
      },
      now,
      undefined,
      calendarOf(t),
    );
    const created = Date.parse(t.createdAt);
    const moments = [sla.resolutionDueAt, sla.resolutionDueAt - (sla.resolutionDueAt - created) * SLA_AT_RISK_FRACTION];
    if (sla.responseRemainingMs !== null)
      moments.push(sla.responseDueAt, sla.responseDueAt - (sla.responseDueAt - created) * SLA_AT_RISK_FRACTION);
    for (const m of moments) if (m > now && (next === null || m < next)) next = m;
  }
  return next;
}

function ticketOutcome(t: Ticket): SummaryTicket['outcome'] {
  if (!isOpen(t.status)) return 'resolved';
  if (t.escalationLevel !== 'L1') return 'escalated';
  return 'in-progress';
}

/** The team's summaries of a range, newest version of each person's day, as CSV (the office's columns). */
export function teamCsv(summaries: Summary[], users: Map<string, User>): string {
  return summariesCsv(summaries, users);
}

interface SentRow {
  outbox_id: string;
  date: string;
  sent_at: number;
  last_state: 'queued' | 'failed' | 'delivered' | 'discarded';
  reason: string | null;
  reason_code: string | null;
}

export function sessionModuleWith(options: SessionModuleOptions = {}) {
  return defineModule({
    name: 'session',
    area: 'session',
    commands: [submitSummary, putWorkState, acknowledgeSummary],
    requires: { tickets: ticketsPort, presence: presencePort, network: networkPort },
    provides: { workSession: workSessionPort },
    create(deps, { tickets: ticketsReader, presence: teamPresence, network }) {
      const { office, localDb, notifications, preferences, logger } = deps;
      // idle minutes and the end of the day follow the settings (IT's policy, else the user's choice)
      const recorder = new WorkRecorder({
        localDb,
        clock: deps.clock,
        logger,
        idle: deps.idle,
        idleAfterMs: () => deps.settings.get('idleMinutes') * 60_000,
        ...options,
      });
      const db = localDb.db;
      const stmts = {
        notesGet: db.prepare('SELECT notes FROM session_notes WHERE date = ?').pluck(),
        notesSet: db.prepare(
          'INSERT INTO session_notes (date, notes, updated_at) VALUES (?, ?, ?) ON CONFLICT (date) DO UPDATE SET notes = excluded.notes, updated_at = excluded.updated_at',
        ),
        sentAdd: db.prepare('INSERT INTO session_sent (outbox_id, date, sent_at) VALUES (?, ?, ?)'),
        sentForDate: db.prepare('SELECT * FROM session_sent WHERE date = ? ORDER BY sent_at'),
        sentOpen: db.prepare("SELECT * FROM session_sent WHERE last_state IN ('queued', 'failed')"),
        sentUpdate: db.prepare(
          'UPDATE session_sent SET last_state = ?, reason = ?, reason_code = ? WHERE outbox_id = ?',
        ),
        metaGet: db.prepare('SELECT value FROM session_meta WHERE key = ?').pluck(),
        metaSet: db.prepare(
          'INSERT INTO session_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        ),
      };

      const signedIn = () => {
        const me = office.me();
        if (!me) throw signedOutError('Sign in to use the work session.');
        return me;
      };
      /** the team's reports (CSV, spreadsheet): a manager's, for a range in order */
      const refuseExport = (from: string, to: string) => {
        const me = signedIn();
        if (!managesTeam(me.role))
          throw new ContractError('forbidden', 'Only a team’s manager exports the team’s summaries.');
        if (from > to)
          throw new ContractError('invalid-request', 'The first day is after the last.', {
            fields: [{ field: 'from', problem: 'invalid' }],
          });
      };
      const act = (fn: () => void): SessionView => {
        signedIn();
        try {
          fn();
        } catch (error) {
          if (error instanceof WorkLogError) throw new ContractError('conflict', error.message);
          throw error;
        }
        return viewOf();
      };

      /** Brings the sent rows up to date with the outbox: still there (queued / failed) or gone (delivered, or discarded after failing). */
      const syncSent = (): boolean => {
        const items = new Map(
          office.outbox
            .list()
            .filter((i) => i.kind === 'summary')
            .map((i) => [i.id, i]),
        );
        let changed = false;
        for (const row of stmts.sentOpen.all() as SentRow[]) {
          const item = items.get(row.outbox_id);
          const next = item
            ? item.state === 'failed'
              ? 'failed'
              : 'queued'
            : row.last_state === 'failed'
              ? 'discarded'
              : 'delivered';
          const reason = item?.lastError ?? (next === 'discarded' ? row.reason : null);
          const code = item?.lastErrorCode ?? (next === 'discarded' ? row.reason_code : null);
          if (next !== row.last_state || reason !== row.reason) {
            stmts.sentUpdate.run(next, reason, code, row.outbox_id);
            changed = true;
          }
        }
        return changed;
      };

      const myTickets = (): readonly Ticket[] => ticketsReader.inbox();
      /** a colleague's name as the directory has it ('?' for someone it does not hold) */
      const nameOf = (userId: string) =>
        teamPresence.person(userId)?.displayName ?? office.cache.get<User>('team', userId)?.displayName ?? '?';
      /** the summaries whose acknowledgement waits in the outbox */
      const acksQueued = () =>
        new Set(
          office.outbox
            .list()
            .filter((i) => i.kind === 'summary-ack')
            .map((i) => i.path.split('/')[2] ?? ''),
        );
      const knownTicket = (id: string) => myTickets().some((t) => t.id === id);
      const viewOf = () => toView(recorder, knownTicket, closedToday(), stillWorking(), lostToday());

      // ---- the office lost: the day's stretches the connectivity monitor could not reach it ----
      /** the stretches of one day, [start, end] epoch ms, kept so a restart still sends them */
      const lostDay = (): { date: string; stretches: Array<[number, number]> } => {
        try {
          const day = JSON.parse(String(stmts.metaGet.get('officeLost.day') ?? 'null')) as {
            date: string;
            stretches: Array<[number, number]>;
          } | null;
          if (day && typeof day.date === 'string' && Array.isArray(day.stretches)) return day;
        } catch {
          // an unreadable row is a day without stretches, not a failing session
        }
        return { date: '', stretches: [] };
      };
      const lostToday = () => {
        const day = lostDay();
        return day.date === recorder.today() ? day.stretches : [];
      };
      /**
       * Follows the monitor: a loss that begins while the timer runs is remembered; when the office
       * is back, the stretch joins the day's list and goes with the timer's state (nothing can be
       * sent while the office is away).
       */
      const watchOffice = () => {
        let wasReachable = officeReachable(network.current().status);
        return network.onChange((status) => {
          const reachable = officeReachable(status.status);
          const now = recorder.now();
          if (wasReachable && !reachable && recorder.isRunning())
            stmts.metaSet.run('officeLost.open', `${recorder.today()}|${now}`);
          if (!wasReachable && reachable) {
            const [date = '', start = ''] = String(stmts.metaGet.get('officeLost.open') ?? '').split('|');
            stmts.metaSet.run('officeLost.open', '');
            if (date && Number(start) < now) {
              const day = lostDay();
              const stretches = day.date === date ? day.stretches : [];
              stretches.push([Number(start), now]);
              stmts.metaSet.run(
                'officeLost.day',
                JSON.stringify({ date, stretches: stretches.slice(-OFFICE_LOST_PER_DAY) }),
              );
              shareState();
            }
          }
          wasReachable = reachable;
        });
      };

      /**
       * Sends the timer's state to the office when it changed (a start, pause, break, switch, idle,
       * stop), through the outbox so a change made offline arrives later in order. `always`: the
       * current figures even if the state is the same (after sign-in, so the office is up to date).
       */
      const shareState = (always = false) => {
        const me = office.me();
        if (!me) return;
        const state = sharedState(recorder, knownTicket, closedToday(), lostToday());
        const key = sharedKey(me.id, state);
        if (state === null || key === null) return;
        if (!always && stmts.metaGet.get('sharedKey') === key) return;
        try {
          office.enqueue(putWorkState, {}, state);
          stmts.metaSet.run('sharedKey', key);
        } catch (error) {
          logger.warn(`session: could not queue the timer state for the office: ${(error as Error).message}`);
        }
      };

      /**
       * The timer's ticket as the cache spells it, or null for "no ticket". A number the office never
       * sent is refused with a sentence: time on it would reach the manager without its ticket.
       */
      const knownTicketId = (typed: string | null): string | null => {
        const wanted = typed?.trim() ?? '';
        if (wanted === '') return null;
        const found =
          office.cache.get<Ticket>('ticket', wanted) ??
          myTickets().find((t) => t.id.toLowerCase() === wanted.toLowerCase()) ??
          null;
        if (!found)
          throw new ContractError('not-found', `There is no ticket ${wanted} among your tickets.`, {
            reason: 'unknown-ticket',
            params: { id: wanted },
          });
        return found.id;
      };

      const draft = (date: string): SummaryDraft => {
        const me = signedIn();
        syncSent();
        const totals = recorder.totals(date);
        const tickets = new Map(myTickets().map((t) => [t.id, t]));
        const dayFrom = zonedInstant(date, recorder.timeZone);
        const dayTo = dayFrom + 86_400_000 + 3_600_000;
        const touchedToday = (t: Ticket) => {
          const u = Date.parse(t.updatedAt);
          return u >= dayFrom && u < dayTo;
        };
        const rows = [...tickets.values()]
          .filter((t) => (totals.perTicket[t.id] ?? 0) > 0 || touchedToday(t) || isOpen(t.status))
          .map((t) => ({
            id: t.id,
            outcome: ticketOutcome(t),
            title: t.title,
            workedMs: totals.perTicket[t.id] ?? 0,
            slaBreached: t.sla.state === 'breached' || t.sla.responseBreached || t.sla.resolutionBreached,
          }))
          .sort((a, b) => b.workedMs - a.workedMs || a.id.localeCompare(b.id));
        const sent = stmts.sentForDate.all(date) as SentRow[];
        const last = sent.filter((r) => r.last_state !== 'discarded').at(-1);
        const delivered = sent.filter((r) => r.last_state === 'delivered').length;
        const mine = office.cache.list<Summary>('summary').filter((s) => s.userId === me.id && s.date === date);
        const newest = mine.reduce<Summary | null>((a, b) => (!a || (b.version ?? 1) > (a.version ?? 1) ? b : a), null);
        const workedMinutes = toMinutes(totals.workedMs);
        const breakMinutes = toMinutes(totals.breakMs);
        const known = new Set(tickets.keys());
        const sentFigures = newest && {
          workedMinutes: newest.workedMinutes,
          breakMinutes: newest.breakMinutes,
          // a break or a switch since adds segments even while the minutes still read the same
          changed:
            newest.workedMinutes !== Math.min(workedMinutes, 24 * 60) ||
            newest.breakMinutes !== Math.min(breakMinutes, 24 * 60) ||
            newest.segments.length !== summarySegments(totals.segments, (id) => known.has(id)).length,
        };
        return {
          date,
          status: !last
            ? 'draft'
            : last.last_state === 'delivered'
              ? 'delivered'
              : last.last_state === 'failed'
                ? 'failed'
                : 'queued',
          reason: last?.last_state === 'failed' ? last.reason : null,
          reasonCode: last?.last_state === 'failed' ? last.reason_code : null,
          sentVersions: Math.max(delivered, ...mine.map((s) => s.version ?? 1)),
          workedMinutes,
          breakMinutes,
          segments: totals.segments,
          tickets: rows,
          slaBreaches: rows.filter((r) => r.slaBreached).map((r) => r.id),
          notes: (stmts.notesGet.get(date) as string | undefined) ?? '',
          sent: sentFigures,
          acknowledgement:
            newest?.acknowledgedAt && newest.acknowledgedBy
              ? {
                  version: newest.version ?? 1,
                  byName: nameOf(newest.acknowledgedBy),
                  at: newest.acknowledgedAt,
                  reply: newest.ackReply ?? null,
                  correctionRequested: newest.correctionRequested === true,
                }
              : null,
        };
      };

      /** versions of the day this app sent or has queued (not the discarded ones) */
      const sentCount = (date: string) =>
        (stmts.sentForDate.all(date) as SentRow[]).filter((r) => r.last_state !== 'discarded').length;

      const send = (date: string, notes: string, chosen: SummaryTicket[]): SummaryDraft => {
        signedIn();
        const base = draft(date);
        // the office's limits on corrections, refused here with a sentence rather than queued to fail
        if (base.status !== 'draft' || base.sentVersions > 0) {
          const earliest = new Date(Date.parse(`${recorder.today()}T00:00:00Z`) - SUMMARY_CORRECTION_DAYS * 86_400_000)
            .toISOString()
            .slice(0, 10);
          if (date < earliest)
            throw new ContractError(
              'invalid-request',
              `A sent day can be corrected for ${SUMMARY_CORRECTION_DAYS} days; ${date} is too long ago.`,
              { fields: [{ field: 'date', problem: 'invalid' }] },
            );
          const versions = Math.max(base.sentVersions, sentCount(date));
          if (versions >= SUMMARY_VERSIONS_PER_DAY)
            throw new ContractError(
              'invalid-request',
              `${date} was already sent ${versions} times, the most one day may have; it cannot be corrected again.`,
            );
        }
        const known = new Set(myTickets().map((t) => t.id));
        const unknown = chosen.filter((t) => !known.has(t.id));
        if (unknown.length)
          throw new ContractError(
            'invalid-request',
            `These tickets are not yours (or not known here): ${unknown.map((t) => t.id).join(', ')}.`,
          );
        const body: SummaryInput = {
          date,
          workedMinutes: Math.min(base.workedMinutes, 24 * 60),
          breakMinutes: Math.min(base.breakMinutes, 24 * 60),
          segments: summarySegments(recorder.totals(date).segments, (id) => known.has(id)),
          tickets: chosen,
          slaBreaches: base.slaBreaches.filter((id) => chosen.some((t) => t.id === id)),
          notes,
        };
        stmts.notesSet.run(date, notes, deps.clock().getTime());
        try {
          const item = office.enqueue(submitSummary, {}, body);
          stmts.sentAdd.run(item.id, date, deps.clock().getTime());
        } catch (error) {
          throw toContractError(error);
        }
        return draft(date);
      };

      // ---- the manager's team ----
      let teamTickets: { items: Ticket[]; fetchedAt: number | null } = { items: [], fetchedAt: null };
      let teamStale = false;
      const isManager = () => {
        const me = office.me();
        return me !== null && managesTeam(me.role);
      };

      /** the timer states of a person's day this app saw arrive, oldest first */
      const seenToday = (userId: string, date: string): WorkState[] => {
        const seen = office.cache.get<{ date: string; states: WorkState[] }>('work-history', userId);
        return seen && seen.date === date ? seen.states : [];
      };

      const live = (userId: string, date: string): WorkState | null => {
        const state = office.cache.get<WorkState>('work-state', userId);
        return state && state.date === date ? state : null;
      };

      const team = (): TeamToday => {
        const me = signedIn();
        if (!managesTeam(me.role)) throw new ContractError('forbidden', 'Only a team’s manager sees the team.');
        const date = recorder.today();
        const latest = new Map<string, Summary>();
        for (const s of office.cache.list<Summary>('summary')) {
          if (s.date !== date) continue;
          const seen = latest.get(s.userId);
          if (
            !seen ||
            (s.version ?? 1) > (seen.version ?? 1) ||
            ((s.version ?? 1) === (seen.version ?? 1) && s.receivedAt > seen.receivedAt)
          )
            latest.set(s.userId, s);
        }
        const queued = acksQueued();
        const members = office.cache
          .list<User>('team')
          .filter((u) => u.role !== 'admin')
          .map((u) => {
            const p = teamPresence.presenceOf(u.id);
            const summary = latest.get(u.id) ?? null;
            return {
              userId: u.id,
              username: u.username,
              displayName: u.displayName,
              // the status they chose counts while they are connected (Chat shows the same)
              status: p?.connected ? p.status : 'offline',
              location: p?.location ?? null,
              connected: p?.connected ?? false,
              summary,
              live: live(u.id, date),
              officeLost: (live(u.id, date)?.officeLost ?? []).map((l) => ({
                start: Date.parse(l.start),
                end: Date.parse(l.end),
              })),
              ackPending: summary !== null && queued.has(summary.id),
              strip: summary ? stripFromSummary(summary) : stripFromStates(seenToday(u.id, date), recorder.now()),
            };
          })
          .sort((a, b) => a.displayName.localeCompare(b.displayName));
        // the cache is kept live by the event stream; the list fetched on Refresh stands in when it is empty
        const cached = myTickets();
        const source = cached.length ? cached : teamTickets.items;
        const atRisk = teamAtRisk(source, recorder.now(), ticketsReader.calendarOf);
        const teamId = office.me()?.teamId ?? null;
        const queue = source
          .filter((t) => t.teamId === teamId && t.assigneeId === null && !!t.escalatedBy && isOpen(t.status))
          .map((t) => ({
            id: t.id,
            title: t.title,
            priority: t.priority,
            escalationLevel: t.escalationLevel,
            updatedAt: t.updatedAt,
          }));
        return { date, members, atRisk, queue, fetchedAt: teamTickets.fetchedAt, stale: teamStale };
      };

      let emitTeam: (() => void) | null = null;

      // ---- the forgotten timer: "Still working?" at the timerStopAt hour, then a stop ----
      // how long the question waits for an answer: IT's policy, else 30 minutes
      const forgottenWaitMs = () => deps.settings.managed('timerStopWaitMinutes') * 60_000;
      const stopAtToday = () => {
        const [h, m] = deps.settings.get('timerStopAt').split(':').map(Number) as [number, number];
        return zonedInstant(recorder.today(), recorder.timeZone, h, m);
      };
      /** the day the app stopped a forgotten timer (the manager's view says the day was closed so) */
      const closedToday = () => stmts.metaGet.get('forgotten.closed') === recorder.today();
      /** today's open question, if the timer runs past the hour and nobody answered yet */
      const stillWorking = (): SessionView['stillWorking'] => {
        const asked = String(stmts.metaGet.get('forgotten.asked') ?? '').split('|');
        if (asked[0] !== recorder.today() || !recorder.isRunning()) return null;
        if (stmts.metaGet.get('forgotten.confirmed') === recorder.today()) return null;
        return { askedAt: Number(asked[1]), stopAt: stopAtToday() };
      };
      let notifyView: (() => void) | null = null;
      const checkForgotten = () => {
        if (!office.me() || !recorder.isRunning()) return;
        const date = recorder.today();
        const now = recorder.now();
        if (now < stopAtToday() || stmts.metaGet.get('forgotten.confirmed') === date) return;
        const asked = String(stmts.metaGet.get('forgotten.asked') ?? '').split('|');
        if (asked[0] !== date) {
          stmts.metaSet.run('forgotten.asked', `${date}|${now}`);
          const locale = preferences.locale();
          const title = translate(locale, 'session.forgotten.notifyTitle');
          const body = translate(locale, 'session.forgotten.notifyBody');
          notifications.notify({ title, body, locked: { title, body }, target: { section: 'session' } });
          notifyView?.();
          return;
        }
        if (now - Number(asked[1]) < forgottenWaitMs()) return;
        // nobody answered: the timer stops at the last input; the stretch since is a gap to answer
        const lastInput = now - (deps.idle?.idleSeconds() ?? 0) * 1000;
        const lastActivity = Math.min(now, Math.max(lastInput, recorder.state().since ?? 0));
        stmts.metaSet.run('forgotten.closed', date);
        if (now > lastActivity) recorder.append({ type: 'gap', from: lastActivity, to: now, reason: 'idle' });
        recorder.append({ type: 'stop' });
      };
      const confirmStillWorking = () => {
        signedIn();
        stmts.metaSet.run('forgotten.confirmed', recorder.today());
        notifyView?.();
        return viewOf();
      };

      // ---- the end-of-day reminder ----
      const checkReminder = () => {
        if (!office.me()) return;
        const endOfDay = options.endOfDay ?? deps.settings.get('endOfDayReminder') ?? DEFAULT_END_OF_DAY;
        const [eh, em] = endOfDay.split(':').map(Number) as [number, number];
        const date = recorder.today();
        if (recorder.now() < zonedInstant(date, recorder.timeZone, eh, em)) return;
        if (stmts.metaGet.get('reminded') === date) return;
        const sent = (stmts.sentForDate.all(date) as SentRow[]).some((r) => r.last_state !== 'discarded');
        // nothing to report on a day nobody worked
        if (sent || recorder.totals(date).workedMs === 0) return;
        stmts.metaSet.run('reminded', date);
        const locale = preferences.locale();
        const title = translate(locale, 'session.notify.reminderTitle');
        const body = translate(locale, 'session.notify.reminderBody');
        notifications.notify({ title, body, locked: { title, body }, target: { section: 'session' } });
      };

      let reminderTimer: ReturnType<typeof setInterval> | null = null;
      let stopFollowingBreak: (() => void) | null = null;
      let stopSharing: (() => void) | null = null;
      let stopWatchingOffice: (() => void) | null = null;
      const emitters = listenerSet();

      return {
        area: 'session',
        provides: { workSession: { isRunning: () => recorder.isRunning() } },
        handlers: {
          getState: () => viewOf(),
          start: (req) => {
            return act(() => {
              const ticketId = req?.ticketId === undefined ? null : knownTicketId(req.ticketId);
              if (recorder.isRunning()) {
                if (req?.ticketId !== undefined) recorder.append({ type: 'switch', ticketId });
                if (recorder.state().mode !== 'working') recorder.append({ type: 'resume' });
              } else recorder.append({ type: 'start', ticketId });
            });
          },
          pause: () => act(() => recorder.append({ type: 'pause' })),
          stillWorking: () => confirmStillWorking(),
          resume: () => act(() => recorder.append({ type: 'resume' })),
          takeBreak: ({ kind }: { kind: BreakKind }) => act(() => recorder.append({ type: 'break', kind })),
          switchTicket: ({ ticketId }) =>
            act(() => recorder.append({ type: 'switch', ticketId: knownTicketId(ticketId) })),
          stop: () => act(() => recorder.append({ type: 'stop' })),
          answerGap: ({ from, to, as }: { from: number; to: number; as: GapAnswer }) =>
            act(() => {
              if (!recorder.state().openGaps.some((g) => g.from === from && g.to === to))
                throw new ContractError('not-found', 'That gap was already answered.');
              recorder.append({ type: 'adjust', from, to, as });
            }),
          getSummary: (req) => draft(req?.date ?? recorder.today()),
          saveNotes: ({ date, notes }) => {
            signedIn();
            stmts.notesSet.run(date, notes, deps.clock().getTime());
            return draft(date);
          },
          sendSummary: ({ date, notes, tickets }) => send(date, notes, tickets),
          getTeam: async () => {
            signedIn();
            if (isManager()) {
              try {
                await fetchTeamTickets();
              } catch {
                teamStale = true;
              }
            }
            return team();
          },
          acknowledgeSummary: ({ summaryId, reply, requestCorrection }) => {
            const me = signedIn();
            if (!managesTeam(me.role))
              throw new ContractError('forbidden', 'Only a team’s manager acknowledges summaries.');
            const s = office.cache.get<Summary>('summary', summaryId);
            if (!s || s.userId === me.id)
              throw new ContractError('not-found', 'That summary is not one of your team’s.');
            if (requestCorrection && !reply?.trim())
              throw new ContractError('invalid-request', 'Say what to correct.', {
                fields: [{ field: 'reply', problem: 'required' }],
              });
            if (!s.acknowledgedAt && !acksQueued().has(summaryId)) {
              try {
                office.enqueue(
                  acknowledgeSummary,
                  { id: summaryId },
                  {
                    ...(reply?.trim() ? { reply: reply.trim() } : {}),
                    ...(requestCorrection ? { requestCorrection: true } : {}),
                  },
                );
              } catch (error) {
                throw toContractError(error);
              }
            }
            return team();
          },
          getTeamWeek: async (req) => {
            const me = signedIn();
            if (!managesTeam(me.role)) throw new ContractError('forbidden', 'Only a team’s manager sees the team.');
            const today = recorder.today();
            const days = weekDays(req?.date ?? today);
            const people = office.cache
              .list<User>('team')
              .filter((u) => u.role !== 'admin')
              .sort((a, b) => a.displayName.localeCompare(b.displayName));
            const now = recorder.now();
            const live = new Map(
              office.cache
                .list<WorkState>('work-state')
                .map((s) => [s.userId, { date: s.date, minutes: workedMsAt(s, now) / 60_000 }] as const),
            );
            try {
              const list = await office.fetch('/team/summaries', SummaryListResponse, {
                from: days[0]!,
                to: days[6]!,
              });
              return teamWeek(days, people, list.items, live);
            } catch (error) {
              throw toContractError(error);
            }
          },
          exportTeamCsv: async ({ from, to }) => {
            refuseExport(from, to);
            try {
              const list = await office.fetch('/team/summaries', SummaryListResponse, { from, to });
              return {
                filename: `team-summaries-${from}-${to}.csv`,
                text: teamCsv(list.items, new Map(office.cache.list<User>('team').map((u) => [u.id, u]))),
              };
            } catch (error) {
              throw toContractError(error);
            }
          },
          exportTeamSpreadsheet: async ({ from, to }) => {
            refuseExport(from, to);
            try {
              // the office writes it (exceljs lives there), from the same rows as its CSV
              const base64 = await office.request('GET', '/team/summaries.csv', {
                schema: z.string().min(1),
                query: { from, to, format: 'xlsx' },
                binary: true,
                timeoutMs: 60_000,
              });
              return { filename: `team-summaries-${from}-${to}.xlsx`, base64 };
            } catch (error) {
              throw toContractError(error);
            }
          },
        },
        attach(emit) {
          const view = () => emit('changed', viewOf());
          notifyView = view;
          const summary = () => {
            if (office.me()) emit('summaryChanged', draft(recorder.today()));
          };
          let slaTimer: ReturnType<typeof setTimeout> | null = null;
          emitTeam = () => {
            if (!isManager()) return;
            emit('teamChanged', team());
            // the list changes the moment a ticket turns at risk or breached, not at the next refresh
            if (slaTimer) clearTimeout(slaTimer);
            slaTimer = null;
            const at = recorder.now();
            const next = nextSlaChange(myTickets(), at, ticketsReader.calendarOf);
            if (next !== null && next - at < 3_600_000) {
              slaTimer = setTimeout(() => emitTeam?.(), next - at + 250);
              slaTimer.unref?.();
            }
          };
          const offs = disposables(
            emitters.on(view),
            emitters.on(summary),
            recorder.onChange(view),
            // the draft's figures follow the timer (a break, a switch), not only saved notes
            recorder.onChange(summary),
            office.onSyncChange(() => {
              if (syncSent()) summary();
              // an acknowledgement queued or delivered changes the Team's "waiting" marks
              emitTeam?.();
            }),
            office.onEvent((event) => {
              if (event.type === 'summary.created' || event.type === 'summary.acknowledged') {
                summary();
                emitTeam?.();
              }
              if (
                event.type === 'presence.changed' ||
                event.type === 'work.changed' ||
                event.type.startsWith('ticket.')
              )
                emitTeam?.();
              if (event.type === 'ticket.updated' || event.type === 'ticket.assigned') summary();
            }),
          );
          return () => {
            offs.dispose();
            notifyView = null;
            emitTeam = null;
            if (slaTimer) clearTimeout(slaTimer);
          };
        },
        feed: {
          refresh: async (http, cache) => {
            const me = office.me();
            if (!me) return;
            const today = recorder.today();
            const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
            const mine = await http('GET', '/summaries', {
              schema: SummaryListResponse,
              query: { from: weekAgo, to: today },
            });
            const items = mine.items;
            if (managesTeam(me.role)) {
              const [summaries, users, states] = await Promise.all([
                http('GET', '/team/summaries', { schema: SummaryListResponse, query: { date: today } }),
                http('GET', '/users', { schema: UsersResponse }),
                http('GET', '/team/work-states', { schema: WorkStateListResponse, query: { date: today } }),
              ]);
              cache.replaceAll(
                'work-state',
                states.items.map((x) => ({ id: x.userId, data: x })),
              );
              items.push(...summaries.items.filter((s) => s.userId !== me.id));
              cache.replaceAll(
                'team',
                users.items.map((u) => ({ id: u.id, data: u })),
              );
            }
            cache.replaceAll(
              'summary',
              items.map((s) => ({ id: s.id, data: s })),
            );
            emitTeam?.();
            // the office has the timer's state as it is now, whatever happened while signed out
            shareState(true);
          },
          apply: (event, cache) => {
            if (event.type === 'work.changed') {
              cache.put('work-state', event.state.userId, event.state);
              // the day's strip: each state seen, a new day starts afresh (a bounded list)
              const seen = cache.get<{ date: string; states: WorkState[] }>('work-history', event.state.userId);
              const states = seen && seen.date === event.state.date ? seen.states : [];
              cache.put('work-history', event.state.userId, {
                date: event.state.date,
                states: [...states, event.state].slice(-500),
              });
            }
            if (event.type === 'summary.acknowledged') {
              cache.put('summary', event.summary.id, event.summary);
              const me = office.me();
              if (me && event.summary.userId === me.id && event.summary.acknowledgedBy) {
                const locale = preferences.locale();
                const asked = event.summary.correctionRequested === true;
                const params = { name: nameOf(event.summary.acknowledgedBy), date: event.summary.date };
                notifications.notify({
                  title: translate(locale, asked ? 'session.ack.notifyCorrectionTitle' : 'session.ack.notifyTitle'),
                  body: translate(
                    locale,
                    asked ? 'session.ack.notifyCorrectionBody' : 'session.ack.notifyBody',
                    params,
                  ),
                  // a locked screen names nobody
                  locked: {
                    title: translate(locale, 'session.ack.notifyTitle'),
                    body: translate(locale, 'session.ack.notifyLocked'),
                  },
                  target: { section: 'session' },
                });
              }
              return;
            }
            if (event.type !== 'summary.created') return;
            cache.put('summary', event.summary.id, event.summary);
            const me = office.me();
            if (me && managesTeam(me.role) && event.summary.userId !== me.id) {
              const author = cache.get<User>('team', event.summary.userId);
              const locale = preferences.locale();
              const hours = hoursMinutes(event.summary.workedMinutes);
              notifications.notify({
                title: translate(locale, 'session.notify.arrivedTitle'),
                body: translate(locale, 'session.notify.arrivedBody', {
                  name: author?.displayName ?? '?',
                  hours,
                  tickets: event.summary.tickets.length,
                }),
                // a locked screen names nobody
                locked: {
                  title: translate(locale, 'session.notify.arrivedTitle'),
                  body: translate(locale, 'session.notify.arrivedLocked'),
                },
                target: { section: 'team', item: event.summary.userId },
              });
            }
          },
        },
        start() {
          recorder.start();
          // my presence follows a break (Away, "On a break") and comes back after it
          const followBreak = () => teamPresence.followBreak(recorder.state().mode === 'break');
          stopFollowingBreak = recorder.onChange(followBreak);
          stopSharing = recorder.onChange(() => shareState());
          stopWatchingOffice = watchOffice();
          checkForgotten();
          reminderTimer = setInterval(() => {
            checkReminder();
            checkForgotten();
            // the running timer's view is pushed once a minute so the status item stays right
            // even if the renderer's own ticking stopped (it counts seconds itself)
            if (recorder.isRunning()) emitters.emit();
            // tickets move into "at risk" and "breached" with time alone
            emitTeam?.();
          }, 60_000);
          reminderTimer.unref?.();
        },
        stop() {
          stopFollowingBreak?.();
          stopFollowingBreak = null;
          stopSharing?.();
          stopSharing = null;
          stopWatchingOffice?.();
          stopWatchingOffice = null;
          recorder.stop();
          if (reminderTimer) clearInterval(reminderTimer);
          reminderTimer = null;
        },
      };

      async function fetchTeamTickets(): Promise<void> {
        const tickets = await office.fetch('/tickets', TicketListResponse, { scope: 'team', open: 'true', limit: 200 });
        teamTickets = { items: tickets.items, fetchedAt: deps.clock().getTime() };
        teamStale = false;
      }
    },
  });
}

export const sessionModule = sessionModuleWith();
