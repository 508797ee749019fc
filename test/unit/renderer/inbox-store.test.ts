// The inbox's store against a stand-in main process: the derived list (filter, sort by SLA due),
// search, keyboard movement, events, actions and the badge count.
import { describe, expect, it } from 'vitest';
import type { TicketRow } from '../../../shared/contract/tickets';
import { createInboxStore, derive } from '../../../renderer/inbox/inbox-store';
import { inboxSection } from '../../../renderer/inbox';
import { fakeApi } from './fake-api';

const MIN = 60_000;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const row = (id: string, over: Partial<TicketRow> = {}): TicketRow => ({
  id,
  title: `Ticket ${id}`,
  requester: 'Branch',
  priority: 'P2',
  status: 'in-progress',
  escalationLevel: 'L1',
  assigneeId: 'u-budi',
  createdAt: NOW - 60 * MIN,
  updatedAt: NOW - 60 * MIN,
  respondedAt: NOW - 55 * MIN,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
  version: 1,
  pending: 0,
  failed: null,
  ...over,
});

const rows = [
  row('INC-1001', { priority: 'P3' }), // 3 days
  row('INC-1002', { createdAt: NOW - 7.5 * 60 * MIN, respondedAt: NOW - 7 * 60 * MIN }), // 30 min left: critical
  row('INC-1003', { status: 'new', respondedAt: null, createdAt: NOW - 50 * MIN }), // response: 10 min left
  row('INC-1004', { assigneeId: null }),
  row('INC-1005', { status: 'resolved', resolvedAt: NOW - 5 * MIN }),
  row('INC-1006', { assigneeId: 'u-ayu', escalationLevel: 'L2' }),
];

function setup(
  handlers: Record<
    string,
    (p: unknown) => { ok: true; value: unknown } | { ok: false; error: { code: 'conflict'; message: string } }
  > = {},
) {
  const fake = fakeApi({
    handlers: {
      'tw:tickets:list': () => ({
        ok: true,
        value: {
          rows,
          creating: [],
          me: 'u-budi',
          manager: true,
          people: [{ id: 'u-ayu', name: 'Ayu' }],
          syncedAt: NOW,
        },
      }),
      'tw:tickets:listViews': () => ({ ok: true, value: [] }),
      'tw:tickets:get': (p) => ({
        ok: true,
        value: {
          row: rows.find((r) => r.id === (p as { id: string }).id),
          description: 'd',
          createdBy: 'Siti',
          entries: [],
          changes: [],
          entriesAt: null,
        },
      }),
      ...handlers,
    },
  });
  const store = createInboxStore(fake.api, () => NOW);
  return { fake, store };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the inbox store', () => {
  it('lists my tickets sorted by the next SLA deadline, resolved last, and counts the chips and the badge', async () => {
    const { store } = setup();
    const stop = store.getState().follow();
    await flush();
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.visible).toEqual(['INC-1003', 'INC-1002', 'INC-1001', 'INC-1005']);
    expect(s.counts).toMatchObject({ mine: 3, team: 5, unassigned: 1, atRisk: 2, waiting: 0 });
    // the new one and the two at risk (INC-1003 is both)
    expect(inboxSection.badge!(s as never)).toBe(2);
    stop();
  });

  it('filters by scope, status, priority, level, assignee and SLA risk', async () => {
    const { store } = setup();
    store.getState().follow();
    await flush();
    const s = store.getState();
    s.setFilter({ scope: 'team' });
    expect(store.getState().visible).toHaveLength(6);
    s.setFilter({ level: ['L2'] });
    expect(store.getState().visible).toEqual(['INC-1006']);
    s.setFilter({ level: undefined, scope: 'unassigned' });
    expect(store.getState().visible).toEqual(['INC-1004']);
    s.setFilter({ scope: 'mine', risk: ['critical'] });
    expect(store.getState().visible).toEqual(['INC-1002']);
    s.setFilter({ risk: ['at-risk', 'critical'] });
    expect(store.getState().visible).toEqual(['INC-1003', 'INC-1002']);
    s.setFilter({ risk: undefined, priority: ['P3'] });
    expect(store.getState().visible).toEqual(['INC-1001']);
    s.setFilter({ priority: undefined, status: ['resolved'] });
    expect(store.getState().visible).toEqual(['INC-1005']);
    s.setFilter({ status: undefined, scope: 'team', assigneeId: 'u-ayu' });
    expect(store.getState().visible).toEqual(['INC-1006']);
  });

  it('narrows the list to what the local index found, and forgets a search answered after a newer one', async () => {
    let answer: (v: unknown) => void = () => {};
    const { store } = setup({
      'tw:tickets:search': (p) =>
        (p as { query: string }).query === 'slow'
          ? (new Promise((r) => (answer = r)) as never)
          : { ok: true, value: { ids: ['INC-1001', 'INC-1006'] } },
    });
    store.getState().follow();
    await flush();
    const slow = store.getState().search('slow');
    await store.getState().search('fast');
    expect(store.getState().visible).toEqual(['INC-1001']); // INC-1006 is not mine
    answer({ ok: true, value: { ids: ['INC-1002'] } });
    await slow;
    expect(store.getState().visible).toEqual(['INC-1001']);
    await store.getState().search('');
    expect(store.getState().visible).toHaveLength(4);
  });

  it('moves with j/k within the visible list and opens a ticket from a notification even when filtered out', async () => {
    const { store } = setup();
    store.getState().follow();
    await flush();
    const s = store.getState();
    s.move(1);
    expect(store.getState().selectedId).toBe('INC-1003');
    s.move(1);
    s.move(1);
    s.move(1);
    s.move(1);
    expect(store.getState().selectedId).toBe('INC-1005');
    s.move(-1);
    expect(store.getState().selectedId).toBe('INC-1001');
    inboxSection.open!(store as never, 'INC-1006');
    expect(store.getState()).toMatchObject({ selectedId: 'INC-1006', showing: 'detail' });
    await flush();
    expect(store.getState().detail?.row.id).toBe('INC-1006');
  });

  it('a manager with no ticket of their own starts on the team queue; a scope they pick stays theirs', async () => {
    const { store } = setup({
      'tw:tickets:list': () => ({
        ok: true,
        value: { rows, creating: [], me: 'u-siti', manager: true, people: [], syncedAt: NOW },
      }),
    });
    await store.getState().load();
    expect(store.getState().filter.scope).toBe('team');
    expect(store.getState().visible.length).toBeGreaterThan(0);
    store.getState().setFilter({ scope: 'mine' });
    await store.getState().load();
    expect(store.getState().filter.scope).toBe('mine');
  });

  it('applies rows the main process sends and drops removed ones', async () => {
    const { store, fake } = setup();
    store.getState().follow();
    await flush();
    fake.emit('tw:tickets!rowsChanged', {
      rows: [row('INC-1007', { status: 'new', respondedAt: null, createdAt: NOW - 55 * MIN })],
      removed: ['INC-1003'],
    });
    expect(store.getState().visible[0]).toBe('INC-1007');
    expect(store.getState().visible).not.toContain('INC-1003');
  });

  it('a ticket created offline waits above the list; the main process’s changes replace the list; a refused one is retried or dropped through sync', async () => {
    const queued = {
      itemId: 'o1',
      title: 'ATM 12 jammed',
      priority: 'P1',
      assigneeId: null,
      state: 'pending',
      code: null,
      message: null,
      createdAt: NOW,
    };
    const { store, fake } = setup({
      'tw:tickets:create': () => ({ ok: true, value: { state: 'queued', ticket: queued } }),
      'tw:sync:retry': () => ({ ok: true, value: true }),
      'tw:sync:discard': () => ({ ok: true, value: true }),
    });
    store.getState().follow();
    await flush();
    const ok = await store
      .getState()
      .create({ title: 'ATM 12 jammed', requester: 'ATM ops', priority: 'P1', assigneeId: null });
    expect(ok).toBe(true);
    expect(store.getState().creating).toEqual([queued]);
    expect(store.getState().selectedId).toBeNull();
    fake.emit('tw:tickets!creatingChanged', {
      items: [
        {
          ...queued,
          state: 'failed',
          code: 'validation_failed',
          message: 'the assignee must be a member of the ticket’s team',
        },
      ],
    });
    expect(store.getState().creating[0]).toMatchObject({ state: 'failed', code: 'validation_failed' });
    await store.getState().retryCreate('o1');
    expect(fake.calls).toContainEqual(['tw:sync:retry', { id: 'o1' }]);
    await store.getState().discardCreate('o1');
    expect(fake.calls).toContainEqual(['tw:sync:discard', { id: 'o1' }]);
    expect(store.getState().creating).toEqual([]);
  });

  it('shows an action as pending from the row it gets back, and a refused one as the reason', async () => {
    let refuse = false;
    const { store } = setup({
      'tw:tickets:act': () =>
        refuse
          ? { ok: false, error: { code: 'conflict', message: 'A new ticket cannot become resolved.' } }
          : { ok: true, value: row('INC-1003', { status: 'acknowledged', respondedAt: NOW, pending: 1 }) },
    });
    store.getState().follow();
    await flush();
    store.getState().select('INC-1003');
    expect(await store.getState().act({ type: 'status', to: 'acknowledged' })).toBe(true);
    expect(store.getState().rows.get('INC-1003')).toMatchObject({ status: 'acknowledged', pending: 1 });
    refuse = true;
    expect(await store.getState().act({ type: 'status', to: 'resolved', note: 'x' })).toBe(false);
    expect(store.getState().actionError?.code).toBe('conflict');
  });

  it('starting work on a ticket also starts the work timer on it; acknowledging does not', async () => {
    const { store, fake } = setup({
      'tw:tickets:act': (p) => ({
        ok: true,
        value: row('INC-1003', { status: (p as { action: { to: TicketRow['status'] } }).action.to, pending: 1 }),
      }),
      'tw:session:start': () => ({ ok: true, value: {} }),
    });
    store.getState().follow();
    await flush();
    store.getState().select('INC-1003');
    await store.getState().act({ type: 'status', to: 'acknowledged' });
    expect(fake.calls.filter(([c]) => c === 'tw:session:start')).toEqual([]);
    expect(await store.getState().act({ type: 'status', to: 'in-progress' })).toBe(true);
    expect(fake.calls.filter(([c]) => c === 'tw:session:start')).toEqual([
      ['tw:session:start', { ticketId: 'INC-1003' }],
    ]);
  });

  it('filters 10,000 rows by SLA risk (the speed is measured by bench/inbox.bench.ts)', () => {
    const many = new Map<string, TicketRow>();
    for (let i = 0; i < 10_000; i++)
      many.set(`INC-${i}`, row(`INC-${i}`, { createdAt: NOW - i * MIN, respondedAt: NOW - i * MIN }));
    const { visible } = derive(many, { scope: 'mine', risk: ['on-track'] }, null, 'u-budi', NOW);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(10_000);
  });
});
