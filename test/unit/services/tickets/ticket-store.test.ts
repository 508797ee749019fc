// The inbox's own tables in a real local SQLite file: the FTS5 search (number, title, description,
// comments; any text the user types is safe), views per owner, alerts once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import { featureSchema } from '../../../../electron/services/store/feature-schema';
import { openLocalStore } from '../../../../electron/services/store/local-store';
import { TicketStore, ftsQuery } from '../../../../electron/services/tickets/ticket-store';
import type { Ticket } from '../../../../shared/office-api';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'tw-tickets-'));
  dirs.push(dir);
  const local = openLocalStore({ dir, logger: silentLogger });
  return { local, store: new TicketStore(featureSchema(local.db)) };
}

const ticket = (id: string, title: string, description = ''): Ticket =>
  ({ id, title, description, version: 1 }) as unknown as Ticket;
const at = '2026-11-27T09:00:00.000Z';

describe('the inbox tables', () => {
  it('finds tickets by number, title and description prefixes, and by comments once they are known', () => {
    const { local, store } = open();
    store.reindexAll([
      ticket('INC-1042', 'Branch 12 teller PCs cannot reach core banking', 'Since the VPN change'),
      ticket('INC-1043', 'Printer jam', 'Floor 3'),
    ]);
    expect(store.search('1042')).toEqual(['INC-1042']);
    expect(store.search('INC-1043')).toEqual(['INC-1043']);
    expect(store.search('tell bank')).toEqual(['INC-1042']);
    expect(store.search('floor')).toEqual(['INC-1043']);
    expect(store.search('firewall')).toEqual([]);
    store.addComment({
      id: 'c1',
      ticketId: 'INC-1043',
      authorId: 'u',
      kind: 'comment',
      body: 'Checked the firewall rule CHG-2211',
      createdAt: at,
    });
    store.index(ticket('INC-1043', 'Printer jam', 'Floor 3'));
    expect(store.search('firewall')).toEqual(['INC-1043']);
    expect(store.comments('INC-1043').map((c) => c.body)).toEqual(['Checked the firewall rule CHG-2211']);
    store.unindex('INC-1043');
    expect(store.search('firewall')).toEqual([]);
    local.close();
  });

  it('keeps a history line’s data beside its text, and reads a line without it (or a damaged one) by its text', () => {
    const { local, store } = open();
    const line = { ticketId: 'INC-1', authorId: 'u1', kind: 'system' as const, createdAt: at };
    store.replaceComments(
      'INC-1',
      [
        {
          ...line,
          id: 'a1',
          body: 'status: new → acknowledged',
          history: { kind: 'status', from: 'new', to: 'acknowledged' },
        },
        { ...line, id: 'a2', body: 'taken from the queue' },
        { ...line, id: 'a3', body: 'unassigned', history: { kind: 'unassigned' } },
      ],
      Date.parse(at),
    );
    local.db.prepare("UPDATE tickets_comments SET history = '{not json' WHERE id = 'a3'").run();
    expect(store.comments('INC-1').map((c) => [c.id, c.body, c.history])).toEqual([
      ['a1', 'status: new → acknowledged', { kind: 'status', from: 'new', to: 'acknowledged' }],
      ['a2', 'taken from the queue', undefined],
      ['a3', 'unassigned', undefined],
    ]);
    local.close();
  });

  it('treats what the user types as words, never as query syntax', () => {
    const { local, store } = open();
    store.reindexAll([ticket('INC-1', 'A "quoted" title AND more')]);
    for (const text of [
      '"',
      'AND',
      'title OR',
      'NEAR(a b)',
      '*',
      'title)',
      "'; DROP TABLE tickets_fts; --",
      '-title',
      '^x',
    ]) {
      expect(() => store.search(text), text).not.toThrow();
    }
    expect(store.search('quoted')).toEqual(['INC-1']);
    expect(ftsQuery('  ')).toBeNull();
    expect(ftsQuery('a "b" c')).toBe('"a"* "b"* "c"*');
    local.close();
  });

  it('keeps views per owner, shows each alert once, and forgets office data at sign-out but not views', () => {
    const { local, store } = open();
    store.saveView('u1', { name: 'P1 at risk', filter: { scope: 'mine', priority: ['P1'], risk: ['at-risk'] } });
    store.saveView('u2', { name: 'Other', filter: { scope: 'team' } });
    expect(store.views('u1')).toEqual([
      { name: 'P1 at risk', filter: { scope: 'mine', priority: ['P1'], risk: ['at-risk'] } },
    ]);
    store.deleteView('u1', 'P1 at risk');
    expect(store.views('u1')).toEqual([]);
    expect(store.firstAlert('u1', 'INC-1', 'breached', 1)).toBe(true);
    expect(store.firstAlert('u1', 'INC-1', 'breached', 2)).toBe(false);
    expect(store.firstAlert('u1', 'INC-1', 'at-risk', 2)).toBe(true);
    store.reindexAll([ticket('INC-1', 'Secret title')]);
    store.putPeople([{ id: 'u1', name: 'Budi' }]);
    store.forgetOfficeData();
    expect(store.search('secret')).toEqual([]);
    expect(store.people()).toEqual([]);
    expect(store.views('u2')).toHaveLength(1);
    local.close();
  });
});
