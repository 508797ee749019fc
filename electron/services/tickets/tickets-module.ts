// Tickets: the inbox's contract area. The list is the cache (mine; a manager's whole team), read
// offline, with my queued changes laid over it; search is the local FTS5 index; actions and a
// manager's assignments go through the outbox with the version they were made on, so a ticket
// someone else changed meanwhile comes back as a visible conflict instead of being overwritten. A
// ticket created while the office is out of reach is queued too, and listed as waiting until the
// office numbers it. Alerts: a new assignment, and one of mine reaching "at risk" or breaching
// (each once per ticket).
import { ContractError, signedOutError } from '../../../shared/contract';
import type {
  CreateTicketResult,
  Inbox,
  NewTicket,
  TicketAction,
  TicketChange,
  TicketDetail,
  TicketRow,
} from '../../../shared/contract/tickets';
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import { slaClock } from '../../../shared/domain/sla';
import { timelineFor, type SlaCalendar } from '../../../shared/domain/sla-calendar';
import type { SlaBucket } from '../../../shared/domain/sla';
import { assignsTickets } from '../../../shared/domain/roles';
import { applyTransition, canEscalate, canTransition, isOpen } from '../../../shared/domain/tickets';
import type { TicketClock } from '../../../shared/domain/tickets';
import { translate } from '../../../shared/i18n';
import type {
  AssignTicketRequest,
  ChangeStatusRequest,
  CreateTicketRequest,
  EscalateRequest,
  Ticket,
} from '../../../shared/office-api';
import {
  AuditListResponse,
  type Comment,
  EscalationTeamsResponse,
  SlaCalendarResponse,
  type SlaCalendarBody,
  TicketDetailResponse,
  TicketListResponse,
  TicketResponse,
  UsersResponse,
} from '../../../shared/office-api';
import { networkPort, ticketsPort } from '../feature-ports';
import { defineModule } from '../module';
import type { AreaEmit, ModuleDeps } from '../module';
import { toContractError } from '../office/office-errors';
import { laidOver, refreshWindow } from '../office/refresh-window';
import type { OutboxItem } from '../outbox/outbox';
import type { OfficeHttp } from '../office-client/http';
import type { OfficeCache } from '../store/office-cache';
import {
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  createTicket,
  escalateTicket,
  handBackTicket,
  takeTicket,
} from './commands';
import { TicketStore } from './ticket-store';
import { disposables } from '../../../shared/disposables';

const epoch = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const QUEUE_PREFIX = 'ticket:';
const ALERT_EVERY_MS = 5_000;
const DETAIL_FRESH_MS = 5_000;

function summaryOf(item: OutboxItem): string {
  const body = (item.body ?? {}) as { status?: string; level?: string; body?: string; assigneeId?: string | null };
  if (item.kind === 'ticket-status') return body.status ?? '';
  if (item.kind === 'ticket-escalation') return body.level ?? '';
  // the person's id ('' for nobody): the renderer names them
  if (item.kind === 'ticket-assignment') return body.assigneeId ?? '';
  if (item.kind === 'ticket-take') return '';
  if (item.kind === 'ticket-hand-back') return ((body as { note?: string }).note ?? '').slice(0, 80);
  return (body.body ?? '').slice(0, 80);
}

function toChange(item: OutboxItem): TicketChange {
  return {
    itemId: item.id,
    kind: item.kind as TicketChange['kind'],
    state: item.state,
    summary: summaryOf(item),
    code: item.state === 'failed' ? item.lastErrorCode : null,
    message: item.state === 'failed' ? item.lastError : null,
  };
}

/** A ticket created offline, as the inbox shows it until the office gives it a number. */
export function toNewTicket(item: OutboxItem): NewTicket {
  const body = (item.body ?? {}) as Partial<CreateTicketRequest>;
  return {
    itemId: item.id,
    title: body.title ?? '',
    priority: body.priority ?? 'P3',
    assigneeId: body.assigneeId ?? null,
    state: item.state,
    code: item.state === 'failed' ? item.lastErrorCode : null,
    message: item.state === 'failed' ? item.lastError : null,
    createdAt: item.createdAt,
  };
}

/**
 * A ticket as the list shows it, with my queued changes laid over it (a queued pause measured on its
 * calendar; a queued take makes it `me`'s).
 */
export function toRow(
  ticket: Ticket,
  items: readonly OutboxItem[],
  calendar: SlaCalendar | null = null,
  me: string | null = null,
): TicketRow {
  let clock: TicketClock = {
    status: ticket.status,
    respondedAt: epoch(ticket.respondedAt),
    resolvedAt: epoch(ticket.resolvedAt),
    closedAt: epoch(ticket.closedAt),
    pausedMs: ticket.pausedMs,
    pausedSince: epoch(ticket.pausedSince),
  };
  let level = ticket.escalationLevel;
  let assigneeId = ticket.assigneeId;
  let escalatedBy = ticket.escalatedBy ?? null;
  let pending = 0;
  let failed: TicketChange | null = null;
  for (const item of items) {
    if (item.state === 'failed') {
      failed ??= toChange(item);
      continue;
    }
    pending++;
    const body = item.body as Partial<ChangeStatusRequest & EscalateRequest & AssignTicketRequest>;
    if (item.kind === 'ticket-status' && body.status) {
      const next = applyTransition(clock, body.status, item.createdAt, timelineFor(calendar, ticket.priority).between);
      if (next.ok) clock = next.ticket;
    } else if (item.kind === 'ticket-escalation' && body.level) level = body.level;
    else if (item.kind === 'ticket-assignment' && body.assigneeId !== undefined) assigneeId = body.assigneeId;
    else if (item.kind === 'ticket-take' && me) assigneeId = me;
    else if (item.kind === 'ticket-hand-back') {
      // back to whoever escalated it, at the first level (the office has the last word on both)
      level = 'L1';
      assigneeId = escalatedBy;
      escalatedBy = null;
    }
  }
  return {
    id: ticket.id,
    title: ticket.title,
    requester: ticket.requester,
    priority: ticket.priority,
    status: clock.status,
    escalationLevel: level,
    assigneeId,
    createdAt: Date.parse(ticket.createdAt),
    updatedAt: Date.parse(ticket.updatedAt),
    respondedAt: clock.respondedAt,
    resolvedAt: clock.resolvedAt,
    pausedMs: clock.pausedMs,
    pausedSince: clock.pausedSince,
    version: ticket.version,
    calendarId: ticket.calendarId ?? null,
    escalatedBy,
    firstEscalatedBy: escalatedBy === null ? null : (ticket.firstEscalatedBy ?? null),
    pending,
    failed,
  };
}

/** what the people on both ends of an escalation are told (the office's `change` of a ticket.updated) */
const ESCALATION_ALERTS: ReadonlySet<string> = new Set(['queued', 'taken', 'handed-back', 'resolved']);

/** the alert a ticket.updated is for `me`, if any */
export function escalationAlert(
  ticket: Pick<Ticket, 'assigneeId' | 'escalatedBy' | 'firstEscalatedBy'>,
  change: string,
  me: string,
): 'queued' | 'taken' | 'handed-back' | 'resolved' | null {
  // the first escalator follows a further hop (L2 → L3) too: it is not a ticket for their queue
  const mine = ticket.escalatedBy === me || ticket.firstEscalatedBy === me;
  if (change.startsWith('escalated:') && ticket.assigneeId === null && ticket.escalatedBy && !mine) return 'queued';
  if (mine && ticket.assigneeId !== me) {
    if (change === 'taken') return 'taken';
    if (change === 'status:resolved') return 'resolved';
  }
  if (change === 'handed-back' && ticket.assigneeId === me) return 'handed-back';
  return null;
}

/** the local cache's kind for SLA calendar versions */
const CALENDAR_KIND = 'sla-calendar';

const ALERT_RANK: Record<SlaBucket, number> = {
  'on-track': 0,
  paused: 0,
  met: 0,
  'at-risk': 1,
  critical: 1,
  breached: 2,
};

function createTickets(deps: ModuleDeps) {
  const { office, notifications, preferences, logger } = deps;
  const store = new TicketStore(deps.localDb);
  const now = () => deps.clock().getTime();
  let emit: AreaEmit<'tickets'> | null = null;
  const send = {
    rows: (rows: TicketRow[], removed: string[] = [], live = false) =>
      emit?.('rowsChanged', { rows, removed, ...(live ? { syncedAt: liveAt() } : {}) }),
    detail: (id: string) => emit?.('detailChanged', { id }),
    reset: () => emit?.('reset', { syncedAt: syncedAt() }),
    creating: (items: NewTicket[]) => emit?.('creatingChanged', { items }),
  };

  /** The tickets I created offline that the office has not numbered yet, oldest first. */
  const creating = (): NewTicket[] =>
    office.outbox
      .list()
      .filter((item) => item.kind === 'ticket-create')
      .map(toNewTicket);
  const syncedAt = () => Number(office.cache.getSetting('tickets.syncedAt') ?? 0) || null;
  /** an event on the office's live stream: the list is the office's as of now ("updated … ago" restarts) */
  const liveAt = () => {
    const at = now();
    office.cache.setSetting('tickets.syncedAt', String(at));
    return at;
  };

  /** My outbox items per ticket, oldest first. */
  function itemsByTicket(): Map<string, OutboxItem[]> {
    const map = new Map<string, OutboxItem[]>();
    for (const item of office.outbox.list()) {
      if (!item.queue.startsWith(QUEUE_PREFIX)) continue;
      const id = item.queue.slice(QUEUE_PREFIX.length);
      const list = map.get(id) ?? [];
      list.push(item);
      map.set(id, list);
    }
    return map;
  }

  const ticketOf = (id: string) => office.cache.get<Ticket>('ticket', id);
  const meId = () => office.me()?.id ?? null;
  /** the SLA calendar a ticket's clocks run on, from the cache (null: round the clock, or not fetched yet) */
  const calendarOf = (t: Ticket): SlaCalendar | null =>
    t.calendarId ? office.cache.get<SlaCalendar>(CALENDAR_KIND, t.calendarId) : null;
  /** fetches a calendar a ticket names that the cache lacks, then has the inbox read everything again */
  async function fetchCalendar(id: string): Promise<void> {
    if (office.cache.get(CALENDAR_KIND, id)) return;
    try {
      const answer = await office.request('GET', `/sla/calendars/${encodeURIComponent(id)}`, {
        schema: SlaCalendarResponse,
      });
      office.cache.put(CALENDAR_KIND, id, answer.calendar);
      invalidate();
      send.reset();
    } catch (error) {
      logger.warn(`SLA calendar ${id} could not be fetched: ${(error as Error).message}`);
    }
  }
  // every cached ticket, read once and kept until the cache changes (the list and the alert check use it)
  let memo: Ticket[] | null = null;
  const allTickets = (): Ticket[] => (memo ??= office.cache.list<Ticket>('ticket'));
  const invalidate = () => {
    memo = null;
  };
  const rowOf = (id: string): TicketRow | null => {
    const t = ticketOf(id);
    return t ? toRow(t, itemsByTicket().get(id) ?? [], calendarOf(t), meId()) : null;
  };

  function requireRow(id: string): { ticket: Ticket; row: TicketRow; items: OutboxItem[] } {
    if (!office.me()) throw signedOutError('Sign in to work on tickets.');
    const ticket = ticketOf(id);
    if (!ticket) throw new ContractError('not-found', `Ticket ${id} is not in your inbox.`);
    const items = itemsByTicket().get(id) ?? [];
    return { ticket, row: toRow(ticket, items, calendarOf(ticket), meId()), items };
  }

  /** The version the office will have when this change arrives: each status change, escalation or assignment before it raises it by one. */
  const expectedVersion = (ticket: Ticket, items: readonly OutboxItem[]) =>
    ticket.version + items.filter((i) => i.kind !== 'ticket-comment').length;

  /** A manager's (re)assignment, queued like every other change; assigning to whom it already goes is nothing to send. */
  function enqueueAssignment(ticket: Ticket, row: TicketRow, items: OutboxItem[], assigneeId: string | null): void {
    const me = office.me();
    if (!me || !assignsTickets(me.role))
      throw new ContractError('forbidden', 'Only the team’s manager assigns tickets.');
    if (row.assigneeId === assigneeId) return;
    try {
      office.enqueue(assignTicket, { ticketId: ticket.id }, { assigneeId, version: expectedVersion(ticket, items) });
    } catch (error) {
      throw toContractError(error);
    }
  }

  function enqueue(ticket: Ticket, row: TicketRow, items: OutboxItem[], action: TicketAction): void {
    const ticketId = ticket.id;
    try {
      if (action.type === 'status') {
        if (!canTransition(row.status, action.to))
          throw new ContractError('conflict', `A ${row.status} ticket cannot become ${action.to}.`);
        office.enqueue(
          changeTicketStatus,
          { ticketId },
          { status: action.to, ...(action.note ? { note: action.note } : {}), version: expectedVersion(ticket, items) },
        );
      } else if (action.type === 'escalate') {
        if (!canEscalate(row.status, row.escalationLevel, action.level))
          throw new ContractError('conflict', `This ticket cannot be escalated to ${action.level}.`);
        office.enqueue(
          escalateTicket,
          { ticketId },
          {
            level: action.level,
            reason: action.reason,
            ...(action.teamId ? { teamId: action.teamId } : {}),
            version: expectedVersion(ticket, items),
          },
        );
      } else if (action.type === 'take') {
        if (row.assigneeId !== null || !row.escalatedBy)
          throw new ContractError('conflict', 'Only a ticket waiting in your team’s queue can be taken.');
        office.enqueue(takeTicket, { ticketId }, { version: expectedVersion(ticket, items) });
      } else if (action.type === 'hand-back') {
        if (!ticket.escalatedFromTeamId)
          throw new ContractError('conflict', 'This ticket was not escalated from another team.');
        office.enqueue(handBackTicket, { ticketId }, { note: action.note, version: expectedVersion(ticket, items) });
      } else {
        office.enqueue(commentOnTicket, { ticketId }, { body: action.body });
      }
    } catch (error) {
      throw toContractError(error);
    }
  }

  function peopleNames(): Map<string, string> {
    return new Map(store.people().map((p) => [p.id, p.name]));
  }

  function detail(id: string): TicketDetail | null {
    const ticket = ticketOf(id);
    if (!ticket) return null;
    const items = itemsByTicket().get(id) ?? [];
    const names = peopleNames();
    const me = office.me();
    if (me) names.set(me.id, me.displayName);
    if (office.me() && (store.fetchedAt(id) ?? 0) < now() - DETAIL_FRESH_MS) void fetchDetail(id);
    return {
      row: toRow(ticket, items, calendarOf(ticket), meId()),
      description: ticket.description,
      createdBy: names.get(ticket.createdBy) ?? ticket.createdBy,
      entries: store.comments(id).map((c) => ({
        id: c.id,
        authorId: c.authorId,
        authorName: names.get(c.authorId) ?? c.authorId,
        kind: c.kind,
        body: c.body,
        createdAt: c.createdAt,
        ...(c.history ? { history: c.history } : {}),
      })),
      changes: items.map(toChange),
      entriesAt: store.fetchedAt(id),
    };
  }

  const inFlight = new Set<string>();
  const refetch = new Set<string>();
  /** comments the stream delivered while the ticket's detail was being read: kept over what the read saw */
  const deliveredDuring = new Map<string, Comment[]>();
  function commentArrived(comment: Comment): void {
    store.addComment(comment);
    deliveredDuring.get(comment.ticketId)?.push(comment);
  }
  async function fetchDetail(id: string, again = false): Promise<void> {
    if (inFlight.has(id)) {
      if (again) refetch.add(id);
      return;
    }
    inFlight.add(id);
    const delivered: Comment[] = [];
    deliveredDuring.set(id, delivered);
    try {
      const answer = await office.request('GET', `/tickets/${encodeURIComponent(id)}`, {
        schema: TicketDetailResponse,
      });
      office.cache.put('ticket', id, answer.ticket);
      invalidate();
      // the office may have read its comments before one the stream has since delivered: that one stays
      const read = new Set(answer.comments.map((c) => c.id));
      store.replaceComments(id, [...answer.comments, ...delivered.filter((c) => !read.has(c.id))], now());
      store.index(answer.ticket);
      send.detail(id);
      const row = rowOf(id);
      if (row) send.rows([row]);
    } catch (error) {
      logger.warn(`ticket ${id} could not be fetched: ${(error as Error).message}`);
    } finally {
      inFlight.delete(id);
      deliveredDuring.delete(id);
      if (refetch.delete(id)) void fetchDetail(id);
    }
  }

  function inbox(first?: number): Inbox {
    const me = office.me();
    const items = itemsByTicket();
    let rows: TicketRow[];
    if (first === undefined) rows = allTickets().map((t) => toRow(t, items.get(t.id) ?? [], calendarOf(t), meId()));
    else {
      // the first screenful: my open tickets due soonest (the renderer then asks for everything)
      const at = now();
      rows = allTickets()
        .filter((t) => t.assigneeId === me?.id && isOpen(t.status))
        .map((t) => ({ row: toRow(t, items.get(t.id) ?? [], calendarOf(t), meId()), calendar: calendarOf(t) }))
        .map(({ row, calendar }) => ({ row, due: slaClock(row, at, undefined, calendar).remainingMs }))
        .sort((a, b) => a.due - b.due)
        .slice(0, first)
        .map((x) => x.row);
    }
    const people = store.people();
    return {
      rows,
      creating: creating(),
      me: me?.id ?? null,
      manager: me ? assignsTickets(me.role) : false,
      people,
      syncedAt: syncedAt(),
      complete: first === undefined,
      calendars: Object.fromEntries(
        office.cache.list<SlaCalendarBody>(CALENDAR_KIND).map((calendar) => [calendar.id, calendar]),
      ),
    };
  }

  // Pending markers follow the outbox: a row is sent again when its changes are not what they were.
  let lastChanges = new Map<string, string>();
  let lastCreating = '';
  function onSync(): void {
    const waiting = creating();
    const signature = waiting.map((c) => `${c.itemId}:${c.state}:${c.code ?? ''}`).join(',');
    if (signature !== lastCreating) {
      lastCreating = signature;
      send.creating(waiting);
    }
    const items = itemsByTicket();
    const next = new Map<string, string>();
    for (const [id, list] of items)
      next.set(id, list.map((i) => `${i.id}:${i.state}:${i.lastErrorCode ?? ''}`).join(','));
    const changed = new Set<string>();
    for (const [id, sig] of next) if (lastChanges.get(id) !== sig) changed.add(id);
    for (const id of lastChanges.keys()) if (!next.has(id)) changed.add(id);
    lastChanges = next;
    const rows: TicketRow[] = [];
    for (const id of changed) {
      const t = ticketOf(id);
      if (t) rows.push(toRow(t, items.get(id) ?? [], calendarOf(t), meId()));
    }
    if (rows.length) send.rows(rows);
    for (const id of changed) send.detail(id);
  }

  // Alerts: an assignment at once; "at risk" and "breached" when one of my open tickets moves into
  // them while the app watches (the first look only notes where each ticket stands).
  const seenBucket = new Map<string, SlaBucket>();
  const text = (key: string, params: Record<string, string | number> = {}) =>
    translate(preferences.locale(), key, params);
  function alertOnce(
    ticket: { id: string; title: string; version?: number },
    kind: 'assigned' | 'at-risk' | 'breached' | 'queued' | 'taken' | 'handed-back' | 'resolved',
  ): void {
    const me = office.me();
    // an escalation's steps can repeat on one ticket (escalated, handed back, escalated again): once per version
    const once = ESCALATION_ALERTS.has(kind) ? `${kind}:${ticket.version ?? 0}` : kind;
    if (!me || !store.firstAlert(me.id, ticket.id, once, now())) return;
    const target = { section: 'inbox', item: ticket.id };
    if (ESCALATION_ALERTS.has(kind)) {
      notifications.notify({
        title: text(`inbox.alert.${kind}`, { id: ticket.id }),
        body: ticket.title,
        locked: { title: text('inbox.alert.lockedEscalation'), body: '' },
        target,
      });
      return;
    }
    if (kind === 'assigned') {
      const locked = text('inbox.alert.lockedTitle');
      notifications.notify({
        title: text('inbox.alert.assigned', { id: ticket.id }),
        body: ticket.title,
        locked: { title: locked, body: '' },
        target,
      });
    } else {
      notifications.notify({
        title: text(kind === 'at-risk' ? 'inbox.alert.atRisk' : 'inbox.alert.breached', { id: ticket.id }),
        body: ticket.title,
        target,
      });
    }
  }
  function watchClocks(): void {
    const me = office.me();
    if (!me) return;
    const at = now();
    const items = itemsByTicket();
    for (const t of allTickets()) {
      if (t.assigneeId !== me.id || !isOpen(t.status)) continue;
      const calendar = calendarOf(t);
      const bucket = slaClock(toRow(t, items.get(t.id) ?? [], calendar, me.id), at, undefined, calendar).bucket;
      const before = seenBucket.get(t.id);
      seenBucket.set(t.id, bucket);
      if (before === undefined || ALERT_RANK[bucket] <= ALERT_RANK[before]) continue;
      alertOnce(t, ALERT_RANK[bucket] === 2 ? 'breached' : 'at-risk');
    }
  }

  return {
    store,
    inbox,
    detail,
    alertOnce,
    fetchDetail,
    commentArrived,
    fetchCalendar,
    invalidate,
    watchClocks,
    onSync,
    send,
    setEmit(fn: typeof emit) {
      emit = fn;
    },
    rowOf,
    requireRow,
    enqueue,
    enqueueAssignment,
    creating,
    itemsByTicket,
    expectedVersion,
    now,
  };
}

export const ticketsModule = defineModule({
  name: 'tickets',
  area: 'tickets',
  commands: [
    changeTicketStatus,
    commentOnTicket,
    escalateTicket,
    assignTicket,
    createTicket,
    takeTicket,
    handBackTicket,
  ],
  requires: { network: networkPort },
  provides: { tickets: ticketsPort },
  create(deps, { network }) {
    const { office } = deps;
    const t = createTickets(deps);
    const owner = () => office.me()?.id ?? '';
    let timer: ReturnType<typeof setInterval> | null = null;
    const stops = disposables();
    const refreshing = refreshWindow<Ticket>();

    const afterCall = (row: TicketRow | null, id: string): TicketRow => {
      // the pending markers learn of the change now: an item queued and sent between two looks at
      // the outbox would otherwise never clear the "changes waiting" the answer below shows
      t.onSync();
      const fresh = row ?? t.rowOf(id);
      if (!fresh) throw new ContractError('not-found', `Ticket ${id} is not in your inbox.`);
      return fresh;
    };

    return {
      area: 'tickets',
      provides: {
        tickets: {
          // a worker's: theirs and what they escalated, not what waits in their team's queue (not theirs
          // yet); a manager's: the whole team's, its queue too
          inbox: () =>
            office.cache
              .list<Ticket>('ticket')
              .filter(
                (k) =>
                  office.me()?.role === 'manager' ||
                  !(
                    k.assigneeId === null &&
                    k.escalatedBy &&
                    k.escalatedBy !== owner() &&
                    k.firstEscalatedBy !== owner()
                  ),
              ),
          myOpen: () => office.cache.list<Ticket>('ticket').filter((k) => k.assigneeId === owner() && isOpen(k.status)),
          title: (id: string) => office.cache.get<Ticket>('ticket', id)?.title ?? null,
          calendarOf: (ticket: Ticket) =>
            ticket.calendarId ? office.cache.get<SlaCalendar>(CALENDAR_KIND, ticket.calendarId) : null,
        },
      },
      handlers: {
        list: (request) => t.inbox(request?.first),
        get: ({ id }) => t.detail(id),
        search: ({ query }) => ({ ids: t.store.search(query) }),
        act: ({ id, action }) => {
          const { ticket, row, items } = t.requireRow(id);
          t.enqueue(ticket, row, items, action);
          return afterCall(null, id);
        },
        retry: ({ id, itemId }) => {
          const { ticket, items } = t.requireRow(id);
          const item = items.find((i) => i.id === itemId && i.state === 'failed');
          if (!item) throw new ContractError('not-found', 'That change is no longer waiting.');
          office.outbox.discard(itemId);
          const rest = items.filter((i) => i.id !== itemId);
          const row = toRow(ticket, rest, null, office.me()?.id ?? null);
          const body = item.body as Partial<
            ChangeStatusRequest & EscalateRequest & AssignTicketRequest & { body: string }
          >;
          if (item.kind === 'ticket-assignment' && body.assigneeId !== undefined) {
            t.enqueueAssignment(ticket, row, rest, body.assigneeId);
            return afterCall(null, id);
          }
          const action: TicketAction | null =
            item.kind === 'ticket-take'
              ? { type: 'take' }
              : item.kind === 'ticket-hand-back' && (body as { note?: string }).note
                ? { type: 'hand-back', note: (body as { note: string }).note }
                : item.kind === 'ticket-status' && body.status
                  ? { type: 'status', to: body.status, ...(body.note ? { note: body.note } : {}) }
                  : item.kind === 'ticket-escalation' && body.level && body.reason
                    ? {
                        type: 'escalate',
                        level: body.level,
                        reason: body.reason,
                        ...(body.teamId ? { teamId: body.teamId } : {}),
                      }
                    : item.kind === 'ticket-comment' && body.body
                      ? { type: 'comment', body: body.body }
                      : null;
          if (!action)
            throw new ContractError('invalid-request', 'That change cannot be sent again; it was discarded.');
          t.enqueue(ticket, row, rest, action);
          return afterCall(null, id);
        },
        discard: ({ id, itemId }) => {
          t.requireRow(id);
          office.outbox.discard(itemId);
          return afterCall(null, id);
        },
        create: async (request): Promise<CreateTicketResult> => {
          const me = office.me();
          if (!me) throw signedOutError('Sign in to create tickets.');
          if (!assignsTickets(me.role))
            throw new ContractError('forbidden', 'Only the team’s manager creates tickets.');
          try {
            // out of reach: queued, to be numbered by the office when it arrives (never sent twice: the outbox's key)
            if (!officeReachable(network.current().status)) {
              const item = office.enqueue(createTicket, {}, request);
              t.onSync();
              return { state: 'queued', ticket: toNewTicket(item) };
            }
            const answer = await office.request('POST', '/tickets', { schema: TicketResponse, body: request });
            office.cache.put('ticket', answer.ticket.id, answer.ticket);
            t.invalidate();
            t.store.index(answer.ticket);
            return { state: 'created', row: afterCall(null, answer.ticket.id) };
          } catch (error) {
            throw toContractError(error);
          }
        },
        assign: ({ id, assigneeId }) => {
          const { ticket, row, items } = t.requireRow(id);
          t.enqueueAssignment(ticket, row, items, assigneeId);
          return afterCall(null, id);
        },
        audit: async ({ id }) => {
          const me = office.me();
          if (!me) throw signedOutError('Sign in to read the audit trail.');
          if (me.role === 'worker') throw new ContractError('forbidden', 'The audit trail is for managers and admins.');
          try {
            const answer = await office.request('GET', `/tickets/${encodeURIComponent(id)}/audit`, {
              schema: AuditListResponse,
            });
            const names = new Map(t.store.people().map((p) => [p.id, p.name]));
            names.set(me.id, me.displayName);
            return answer.items.map((e) => ({
              seq: e.seq,
              at: Date.parse(e.at),
              atLocal: e.atLocal,
              timeZone: e.timeZone,
              actorName: names.get(e.actorId) ?? e.actorId,
              network: e.network,
              action: e.action,
            }));
          } catch (error) {
            throw toContractError(error);
          }
        },
        escalationTeams: async () => {
          if (!office.me()) throw signedOutError('Sign in to escalate tickets.');
          try {
            const answer = await office.request('GET', '/tickets/escalation-teams', {
              schema: EscalationTeamsResponse,
            });
            return answer.items;
          } catch (error) {
            // out of reach: the escalation still queues, and the office picks its default team
            deps.logger.warn(`escalation teams could not be fetched: ${(error as Error).message}`);
            return [];
          }
        },
        listViews: () => t.store.views(owner()),
        saveView: (view) => {
          if (!owner()) throw signedOutError('Sign in to save a view.');
          t.store.saveView(owner(), view);
          return t.store.views(owner());
        },
        deleteView: ({ name }) => {
          t.store.deleteView(owner(), name);
          return t.store.views(owner());
        },
      },
      attach(emit) {
        t.setEmit(emit);
        const offs = disposables(
          office.onSyncChange(() => t.onSync()),
          office.onEvent((event) => {
            if (event.type === 'ticket.unassigned') {
              t.send.rows([], [event.ticketId], true);
              return;
            }
            if (
              event.type !== 'ticket.assigned' &&
              event.type !== 'ticket.updated' &&
              event.type !== 'ticket.commented'
            )
              return;
            const row = t.rowOf(event.ticket.id);
            if (row) t.send.rows([row], [], true);
            if (event.type === 'ticket.commented') t.send.detail(event.ticket.id);
            // a status change or an escalation adds history on the office: a ticket whose history we keep is fetched again
            if (event.type === 'ticket.updated' && t.store.fetchedAt(event.ticket.id) !== null)
              void t.fetchDetail(event.ticket.id, true);
            const me = office.me()?.id;
            if (event.type === 'ticket.assigned' && event.ticket.assigneeId === me && event.ticket.escalatedBy == null)
              t.alertOnce(event.ticket, 'assigned');
            if (event.type === 'ticket.updated' && me) {
              const alert = escalationAlert(event.ticket, event.change, me);
              if (alert) t.alertOnce(event.ticket, alert);
            }
          }),
        );
        return () => {
          offs.dispose();
          t.setEmit(null);
        };
      },
      start() {
        timer = setInterval(() => t.watchClocks(), ALERT_EVERY_MS);
        timer.unref?.();
        stops.add(
          office.session.onChange((state) => {
            t.invalidate();
            if (state.status === 'signed-out') t.store.forgetOfficeData();
          }),
        );
      },
      stop() {
        if (timer) clearInterval(timer);
        stops.dispose();
      },
      feed: {
        refresh: (http, cache) => refreshing.run((delivered) => refreshTickets(http, cache, delivered)),
        apply: (event, cache) => {
          if (event.type.startsWith('ticket.')) t.invalidate();
          if (
            event.type === 'ticket.assigned' ||
            event.type === 'ticket.updated' ||
            event.type === 'ticket.commented'
          ) {
            refreshing.saw(event.ticket.id, event.ticket);
            cache.put('ticket', event.ticket.id, event.ticket);
            if (event.ticket.calendarId && !cache.get(CALENDAR_KIND, event.ticket.calendarId))
              void t.fetchCalendar(event.ticket.calendarId);
            if (event.type === 'ticket.commented') t.commentArrived(event.comment);
            t.store.index(event.ticket);
          } else if (event.type === 'ticket.unassigned') {
            refreshing.forget(event.ticketId);
            cache.remove('ticket', event.ticketId);
            t.store.unindex(event.ticketId);
          }
        },
      },
    };

    async function refreshTickets(
      http: OfficeHttp,
      cache: OfficeCache,
      delivered: ReadonlyMap<string, Ticket>,
    ): Promise<void> {
      const me = office.me();
      // what I may see: mine (a manager's team, an admin's all), my team's queue, what I escalated out
      const scopes =
        me?.role === 'manager'
          ? ['team', 'escalated']
          : me?.role === 'admin'
            ? ['all']
            : ['mine', 'queue', 'escalated'];
      const byId = new Map<string, Ticket>();
      for (const scope of scopes) {
        let cursor: string | undefined;
        do {
          const page = await http('GET', '/tickets', {
            schema: TicketListResponse,
            query: { scope, limit: 200, ...(cursor ? { cursor } : {}) },
          });
          for (const item of page.items) byId.set(item.id, item);
          cursor = page.next ?? undefined;
        } while (cursor);
      }
      // a ticket the stream delivered while the pages were read is kept (the newer version wins)
      const all = laidOver(
        [...byId.values()].map((item) => ({ id: item.id, data: item })),
        delivered,
        (streamed, read) => streamed.version > read.version,
      ).map((item) => item.data);
      if (cache.getSetting('tickets.owner') !== (me?.id ?? '')) t.store.forgetOfficeData();
      cache.setSetting('tickets.owner', me?.id ?? '');
      cache.replaceAll(
        'ticket',
        all.map((item) => ({ id: item.id, data: item })),
      );
      t.invalidate();
      t.store.reindexAll(all);
      cache.setSetting('tickets.syncedAt', String(t.now()));
      // the calendars the tickets run on (a version never changes: one fetch each, kept offline)
      for (const id of new Set(all.map((item) => item.calendarId).filter((c): c is string => !!c))) {
        if (cache.get(CALENDAR_KIND, id)) continue;
        try {
          const answer = await http('GET', `/sla/calendars/${encodeURIComponent(id)}`, {
            schema: SlaCalendarResponse,
          });
          cache.put(CALENDAR_KIND, id, answer.calendar);
        } catch (error) {
          deps.logger.warn(`SLA calendar ${id} could not be fetched: ${(error as Error).message}`);
        }
      }
      try {
        const users = await http('GET', '/users', { schema: UsersResponse });
        t.store.putPeople(users.items.map((u) => ({ id: u.id, name: u.displayName })));
      } catch (error) {
        deps.logger.warn(`the team's names could not be fetched: ${(error as Error).message}`);
      }
      t.send.reset();
      t.watchClocks();
    }
  },
});
