// The inbox's store: every ticket row the main process has in its cache, the filter, the search
// (answered by the local index in the main process), the selected ticket's detail and the actions.
// The visible list is derived here (filter, then sort by SLA due) so the view only renders it.
import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type {
  AuditLine,
  EscalationTeam,
  NewTicket,
  Person,
  SavedView,
  TicketAction,
  TicketDetail,
  TicketFilter,
  TicketRow,
} from '../../shared/contract/tickets';
import type { CreateTicketRequest } from '../../shared/office-api/tickets';
import { slaClock } from '../../shared/domain/sla';
import { calendarFor, rememberCalendars } from './calendars';
import type { SlaBucket } from '../../shared/domain/sla';
import { isOpen } from '../../shared/domain/tickets';
import { disposables } from '../../shared/disposables';

export type InboxScope = TicketFilter['scope'];

export interface InboxCounts {
  mine: number;
  team: number;
  unassigned: number;
  /** open tickets escalated into my team's queue, waiting to be taken */
  queue: number;
  /** open tickets I escalated to another team (I follow them read-only) */
  escalated: number;
  /** at risk or breached, and waiting on the user: within the scope shown (a manager's team queue counts the team's) */
  atRisk: number;
  waiting: number;
  /** my new tickets and my open ones at risk or breached: the rail's badge */
  attention: number;
}

export interface InboxState {
  status: 'loading' | 'ready' | 'failed';
  error: ContractErrorData | null;
  rows: ReadonlyMap<string, TicketRow>;
  me: string | null;
  manager: boolean;
  people: Person[];
  /** tickets I created offline, waiting for the office to number them */
  creating: NewTicket[];
  syncedAt: number | null;
  filter: TicketFilter;
  query: string;
  /** ids the search matched, null when there is no search */
  matches: ReadonlySet<string> | null;
  /** the list as shown: filtered, sorted by SLA due */
  visible: readonly string[];
  counts: InboxCounts;
  selectedId: string | null;
  showing: 'list' | 'detail';
  detail: TicketDetail | null;
  detailStatus: 'idle' | 'loading' | 'ready' | 'missing';
  actionError: ContractErrorData | null;
  busy: boolean;
  views: SavedView[];
  follow(): () => void;
  load(): Promise<void>;
  setFilter(change: Partial<TicketFilter>): void;
  search(query: string): Promise<void>;
  select(id: string | null): void;
  open(id: string): void;
  back(): void;
  move(step: 1 | -1): void;
  act(action: TicketAction): Promise<boolean>;
  retry(itemId: string): Promise<void>;
  discard(itemId: string): Promise<void>;
  create(request: CreateTicketRequest): Promise<boolean>;
  /** a ticket created offline that the office refused: sent again, or dropped */
  retryCreate(itemId: string): Promise<void>;
  discardCreate(itemId: string): Promise<void>;
  assign(assigneeId: string | null): Promise<boolean>;
  /** the teams an escalation may go to (empty when the office is out of reach: it then picks its default) */
  escalationTeams(): Promise<EscalationTeam[]>;
  /** managers and admins: the selected ticket's audit trail (null: it could not be read; actionError says why) */
  audit(): Promise<AuditLine[] | null>;
  saveView(name: string): Promise<void>;
  deleteView(name: string): Promise<void>;
  applyView(name: string): void;
  clearActionError(): void;
}

const OPEN = (row: TicketRow) => isOpen(row.status);
const ALERTING: ReadonlySet<SlaBucket> = new Set(['at-risk', 'critical', 'breached']);

/** escalated by me to another team, and not (yet) mine again: I follow it read-only */
export const escalatedAway = (row: TicketRow, me: string | null): boolean =>
  me !== null && (row.escalatedBy === me || row.firstEscalatedBy === me) && row.assigneeId !== me;
/** escalated into my team by someone else, waiting for one of us to take it */
export const waitingInQueue = (row: TicketRow, me: string | null): boolean =>
  row.assigneeId === null && !!row.escalatedBy && row.escalatedBy !== me && row.firstEscalatedBy !== me;

export function inScope(row: TicketRow, scope: InboxScope, me: string | null): boolean {
  if (scope === 'mine') return row.assigneeId === me;
  if (scope === 'queue') return waitingInQueue(row, me);
  if (scope === 'escalated') return escalatedAway(row, me);
  // the team's lists leave out what I handed to another team
  if (scope === 'unassigned') return row.assigneeId === null && !escalatedAway(row, me);
  return !escalatedAway(row, me);
}

/** The visible list and the chips' counts, from the rows, the filter and the search (one SLA computation per row). */
export function derive(
  rows: ReadonlyMap<string, TicketRow>,
  filter: TicketFilter,
  matches: ReadonlySet<string> | null,
  me: string | null,
  now: number,
): { visible: string[]; counts: InboxCounts } {
  const counts: InboxCounts = {
    mine: 0,
    team: 0,
    unassigned: 0,
    queue: 0,
    escalated: 0,
    atRisk: 0,
    waiting: 0,
    attention: 0,
  };
  const ids: string[] = [];
  const dues: number[] = [];
  const { scope, status, priority, level, assigneeId, risk } = filter;
  for (const row of rows.values()) {
    const mine = row.assigneeId === me;
    const open = OPEN(row);
    const clock = open ? slaClock(row, now, undefined, calendarFor(row)) : null;
    if (clock && escalatedAway(row, me)) counts.escalated++;
    else if (clock) {
      counts.team++;
      if (row.assigneeId === null) counts.unassigned++;
      if (waitingInQueue(row, me)) {
        counts.queue++;
        counts.attention++;
      }
      const alerting = ALERTING.has(clock.bucket);
      if (mine) {
        counts.mine++;
        if (row.status === 'new' || alerting) counts.attention++;
      }
      if (inScope(row, scope, me)) {
        if (row.status === 'waiting-on-user') counts.waiting++;
        if (alerting) counts.atRisk++;
      }
    }
    if (matches && !matches.has(row.id)) continue;
    if (!inScope(row, scope, me)) continue;
    if (status?.length && !status.includes(row.status)) continue;
    if (priority?.length && !priority.includes(row.priority)) continue;
    if (level?.length && !level.includes(row.escalationLevel)) continue;
    if (assigneeId !== undefined && row.assigneeId !== assigneeId) continue;
    if (risk?.length && !risk.includes(clock ? clock.bucket : slaClock(row, now, undefined, calendarFor(row)).bucket))
      continue;
    ids.push(row.id);
    dues.push(clock ? now + clock.remainingMs : Number.MAX_SAFE_INTEGER - (now - row.updatedAt));
  }
  const order = ids.map((_, i) => i);
  order.sort((a, b) => dues[a]! - dues[b]! || (ids[a]! < ids[b]! ? -1 : 1));
  return { visible: order.map((i) => ids[i]!), counts };
}

export const DEFAULT_FILTER: TicketFilter = { scope: 'mine' };

export const createInboxStore = (api: TeleworkerApi, now: () => number = Date.now) =>
  createStore<InboxState>()((set, get) => {
    /** Recomputes the visible list after the rows, the filter or the search changed. */
    const refresh = (patch: Partial<InboxState>) => {
      const next = { ...get(), ...patch };
      set({ ...patch, ...derive(next.rows, next.filter, next.matches, next.me, now()) });
    };
    let searchSeq = 0;
    /** the user picked a scope or a view: the list no longer chooses one for them */
    let filterChosen = false;

    const loadDetail = async (id: string) => {
      if (get().detail?.row.id !== id) set({ detailStatus: 'loading' });
      const r = await api.tickets.get({ id });
      if (get().selectedId !== id) return;
      if (!r.ok) set({ actionError: r.error, detailStatus: 'ready' });
      else {
        set({ detail: r.value, detailStatus: r.value ? 'ready' : 'missing' });
        // The row an action answered with can arrive after the outbox already sent the change (its
        // rowsChanged came first): the detail, asked for after, has the row as it is now.
        const row = r.value?.row;
        const held = row ? get().rows.get(row.id) : undefined;
        const differs = (a: TicketRow, b: TicketRow) =>
          a.pending !== b.pending || a.version !== b.version || a.failed?.itemId !== b.failed?.itemId;
        if (row && held && differs(held, row)) putRow(row);
      }
    };

    const putRow = (row: TicketRow) => {
      const rows = new Map(get().rows);
      rows.set(row.id, row);
      refresh({ rows });
    };

    return {
      status: 'loading',
      error: null,
      rows: new Map(),
      me: null,
      manager: false,
      people: [],
      creating: [],
      syncedAt: null,
      filter: DEFAULT_FILTER,
      query: '',
      matches: null,
      visible: [],
      counts: { mine: 0, team: 0, unassigned: 0, queue: 0, escalated: 0, atRisk: 0, waiting: 0, attention: 0 },
      selectedId: null,
      showing: 'list',
      detail: null,
      detailStatus: 'idle',
      actionError: null,
      busy: false,
      views: [],

      follow() {
        const offs = disposables(
          api.tickets.onRowsChanged(({ rows: changed, removed, syncedAt }) => {
            const rows = new Map(get().rows);
            for (const row of changed) rows.set(row.id, row);
            for (const id of removed) rows.delete(id);
            refresh({ rows, ...(syncedAt !== undefined ? { syncedAt } : {}) });
            const selected = get().selectedId;
            if (selected && (removed.includes(selected) || changed.some((r) => r.id === selected)))
              void loadDetail(selected);
          }),
          api.tickets.onDetailChanged(({ id }) => {
            if (get().selectedId === id) void loadDetail(id);
          }),
          api.tickets.onReset(() => void get().load()),
          api.tickets.onCreatingChanged(({ items }) => set({ creating: items })),
        );
        void get().load();
        void api.tickets.listViews().then((r) => r.ok && set({ views: r.value }));
        // The SLA buckets move with time: the risk counts and the badge follow once a minute.
        const timer = setInterval(() => refresh({}), 60_000);
        return () => {
          offs.dispose();
          clearInterval(timer);
        };
      },

      async load() {
        // an empty list first gets one screenful (my tickets due soonest), then everything
        if (get().rows.size === 0) {
          const first = await api.tickets.list({ first: 60 });
          if (first.ok && get().rows.size === 0 && !first.value.complete) {
            rememberCalendars(first.value.calendars);
            const { rows: some, me, manager, people, syncedAt } = first.value;
            refresh({
              status: some.length ? 'ready' : get().status,
              rows: new Map(some.map((row) => [row.id, row])),
              me,
              manager,
              people,
              syncedAt,
            });
          }
        }
        const r = await api.tickets.list();
        if (!r.ok) {
          set({ status: get().rows.size ? 'ready' : 'failed', error: r.error });
          return;
        }
        rememberCalendars(r.value.calendars);
        const { rows: list, me, manager, people, syncedAt, creating } = r.value;
        const rows = new Map(list.map((row) => [row.id, row]));
        const kept = manager || ['mine', 'queue', 'escalated'].includes(get().filter.scope);
        let filter = kept ? get().filter : DEFAULT_FILTER;
        // a manager with nothing of their own starts on the team's queue, until they choose a filter
        if (manager && !filterChosen && filter.scope === 'mine' && !list.some((row) => row.assigneeId === me))
          filter = { ...filter, scope: 'team' };
        refresh({ status: 'ready', error: null, rows, me, manager, people, syncedAt, filter, creating });
        const selected = get().selectedId;
        if (selected) void loadDetail(selected);
      },

      setFilter(change) {
        filterChosen = true;
        refresh({ filter: { ...get().filter, ...change } });
      },

      async search(query) {
        const seq = ++searchSeq;
        set({ query });
        if (!query.trim()) {
          refresh({ matches: null });
          return;
        }
        const r = await api.tickets.search({ query });
        if (seq !== searchSeq) return;
        if (r.ok) refresh({ matches: new Set(r.value.ids) });
        else set({ actionError: r.error });
      },

      select(id) {
        if (id === get().selectedId) return;
        set({ selectedId: id, actionError: null, detail: id === null ? null : get().detail });
        if (id) void loadDetail(id);
      },

      open(id) {
        // From a notification or a link: the ticket is shown even when the filter hides it.
        get().select(id);
        set({ showing: 'detail' });
      },

      back() {
        set({ showing: 'list' });
      },

      move(step) {
        const { visible, selectedId } = get();
        if (!visible.length) return;
        const at = selectedId ? visible.indexOf(selectedId) : -1;
        const next =
          at < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(visible.length - 1, Math.max(0, at + step));
        get().select(visible[next]!);
      },

      async act(action) {
        const id = get().selectedId;
        if (!id) return false;
        set({ busy: true, actionError: null });
        const r = await api.tickets.act({ id, action });
        set({ busy: false });
        if (!r.ok) {
          set({ actionError: r.error });
          return false;
        }
        putRow(r.value);
        void loadDetail(id);
        // "start work" also starts the work timer on this ticket (or switches a running session to it)
        if (action.type === 'status' && action.to === 'in-progress') {
          const started = await api.session.start({ ticketId: id });
          if (!started.ok) set({ actionError: started.error });
        }
        return true;
      },

      async retry(itemId) {
        const id = get().selectedId;
        if (!id) return;
        const r = await api.tickets.retry({ id, itemId });
        if (!r.ok) set({ actionError: r.error });
        else putRow(r.value);
        void loadDetail(id);
      },

      async discard(itemId) {
        const id = get().selectedId;
        if (!id) return;
        const r = await api.tickets.discard({ id, itemId });
        if (!r.ok) set({ actionError: r.error });
        else putRow(r.value);
        void loadDetail(id);
      },

      async create(request) {
        set({ busy: true, actionError: null });
        const r = await api.tickets.create(request);
        set({ busy: false });
        if (!r.ok) {
          set({ actionError: r.error });
          return false;
        }
        if (r.value.state === 'queued') {
          // offline: it waits for the office, shown above the list until it has its number
          const queued = r.value.ticket;
          set({ creating: [...get().creating.filter((c) => c.itemId !== queued.itemId), queued] });
          return true;
        }
        putRow(r.value.row);
        get().open(r.value.row.id);
        return true;
      },

      async retryCreate(itemId) {
        const r = await api.sync.retry({ id: itemId });
        if (!r.ok) set({ actionError: r.error });
      },

      async discardCreate(itemId) {
        const r = await api.sync.discard({ id: itemId });
        if (!r.ok) set({ actionError: r.error });
        else set({ creating: get().creating.filter((c) => c.itemId !== itemId) });
      },

      async assign(assigneeId) {
        const id = get().selectedId;
        if (!id) return false;
        set({ busy: true, actionError: null });
        const r = await api.tickets.assign({ id, assigneeId });
        set({ busy: false });
        if (!r.ok) {
          set({ actionError: r.error });
          return false;
        }
        putRow(r.value);
        void loadDetail(id);
        return true;
      },

      async audit() {
        const id = get().selectedId;
        if (!id) return null;
        const r = await api.tickets.audit({ id });
        if (!r.ok) {
          set({ actionError: r.error });
          return null;
        }
        return r.value;
      },

      async escalationTeams() {
        const r = await api.tickets.escalationTeams();
        return r.ok ? r.value : [];
      },

      async saveView(name) {
        const r = await api.tickets.saveView({ name, filter: get().filter });
        if (r.ok) set({ views: r.value });
        else set({ actionError: r.error });
      },

      async deleteView(name) {
        const r = await api.tickets.deleteView({ name });
        if (r.ok) set({ views: r.value });
      },

      applyView(name) {
        const view = get().views.find((v) => v.name === name);
        if (!view) return;
        filterChosen = true;
        refresh({ filter: view.filter });
      },

      clearActionError() {
        set({ actionError: null });
      },
    };
  });
