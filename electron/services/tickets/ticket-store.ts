// The inbox's own tables in the local store: a full-text index (SQLite FTS5) over number, title,
// description and comments so search works offline, the comments (history) of tickets opened or
// commented while the app ran, the team's names, saved views and which alerts were already shown.
import type Database from 'better-sqlite3';
import type { SavedView, TicketFilter } from '../../../shared/contract/tickets';
import { HistoryEntry, type Comment, type Ticket } from '../../../shared/office-api';
import type { LocalDb } from '../store/feature-schema';

export const TICKET_TABLES: readonly string[] = [
  `CREATE VIRTUAL TABLE tickets_fts USING fts5(id UNINDEXED, number, title, description, comments, tokenize = 'unicode61');
   CREATE TABLE tickets_comments (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, author_id TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE INDEX tickets_comments_ticket ON tickets_comments (ticket_id, created_at);
   CREATE TABLE tickets_fetched (ticket_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
   CREATE TABLE tickets_people (id TEXT PRIMARY KEY, name TEXT NOT NULL);
   CREATE TABLE tickets_views (owner TEXT NOT NULL, name TEXT NOT NULL, filter TEXT NOT NULL, PRIMARY KEY (owner, name));
   CREATE TABLE tickets_alerts (owner TEXT NOT NULL, ticket_id TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (owner, ticket_id, kind));`,
  // a history line's content as the office sent it (JSON), worded in the reader's language
  `ALTER TABLE tickets_comments ADD COLUMN history TEXT;`,
];

export interface StoredComment {
  id: string;
  ticketId: string;
  authorId: string;
  kind: 'comment' | 'system';
  body: string;
  createdAt: number;
  /** a history line's content (absent: a comment, or an older office's line: its body stands in) */
  history?: HistoryEntry;
}

/** A search as FTS5 reads it: each word a quoted prefix, all of them required. Quotes in words are dropped, so no query syntax leaks through. */
export function ftsQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter(Boolean)
    .slice(0, 12);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

export class TicketStore {
  private readonly db: Database.Database;
  private readonly s;

  constructor(localDb: LocalDb) {
    localDb.migrate('tickets', TICKET_TABLES);
    const db = (this.db = localDb.db);
    this.s = {
      ftsDelete: db.prepare('DELETE FROM tickets_fts WHERE id = ?'),
      ftsInsert: db.prepare(
        'INSERT INTO tickets_fts (id, number, title, description, comments) VALUES (?, ?, ?, ?, ?)',
      ),
      ftsClear: db.prepare('DELETE FROM tickets_fts'),
      search: db.prepare('SELECT id FROM tickets_fts WHERE tickets_fts MATCH ? LIMIT 20000').pluck(),
      commentPut: db.prepare(
        'INSERT INTO tickets_comments (id, ticket_id, author_id, kind, body, created_at, history) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      commentsOf: db.prepare(
        'SELECT id, ticket_id AS ticketId, author_id AS authorId, kind, body, created_at AS createdAt, history FROM tickets_comments WHERE ticket_id = ? ORDER BY created_at, rowid',
      ),
      commentBodies: db.prepare("SELECT group_concat(body, ' ') FROM tickets_comments WHERE ticket_id = ?").pluck(),
      commentsClear: db.prepare('DELETE FROM tickets_comments WHERE ticket_id = ?'),
      fetchedGet: db.prepare('SELECT at FROM tickets_fetched WHERE ticket_id = ?').pluck(),
      fetchedPut: db.prepare(
        'INSERT INTO tickets_fetched (ticket_id, at) VALUES (?, ?) ON CONFLICT (ticket_id) DO UPDATE SET at = excluded.at',
      ),
      peoplePut: db.prepare(
        'INSERT INTO tickets_people (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
      ),
      peopleAll: db.prepare('SELECT id, name FROM tickets_people ORDER BY name'),
      viewsOf: db.prepare('SELECT name, filter FROM tickets_views WHERE owner = ? ORDER BY name'),
      viewPut: db.prepare(
        'INSERT INTO tickets_views (owner, name, filter) VALUES (?, ?, ?) ON CONFLICT (owner, name) DO UPDATE SET filter = excluded.filter',
      ),
      viewDelete: db.prepare('DELETE FROM tickets_views WHERE owner = ? AND name = ?'),
      alertPut: db.prepare(
        'INSERT INTO tickets_alerts (owner, ticket_id, kind, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
    };
  }

  /** Everything of the previous user's office data (views and alerts are kept per owner). */
  forgetOfficeData(): void {
    this.db.transaction(() => {
      this.db.exec(
        'DELETE FROM tickets_fts; DELETE FROM tickets_comments; DELETE FROM tickets_fetched; DELETE FROM tickets_people;',
      );
    })();
  }

  index(ticket: Ticket): void {
    const number = ticket.id.replace(/^[A-Z]+-/, '');
    const comments = (this.s.commentBodies.get(ticket.id) as string | null) ?? '';
    this.s.ftsDelete.run(ticket.id);
    this.s.ftsInsert.run(ticket.id, `${ticket.id} ${number}`, ticket.title, ticket.description, comments);
  }

  reindexAll(tickets: readonly Ticket[]): void {
    this.db.transaction(() => {
      this.s.ftsClear.run();
      for (const t of tickets) this.index(t);
    })();
  }

  unindex(id: string): void {
    this.s.ftsDelete.run(id);
  }

  search(text: string): string[] {
    const query = ftsQuery(text);
    return query ? (this.s.search.all(query) as string[]) : [];
  }

  addComment(comment: Comment): void {
    this.s.commentPut.run(
      comment.id,
      comment.ticketId,
      comment.authorId,
      comment.kind,
      comment.body,
      Date.parse(comment.createdAt),
      comment.history ? JSON.stringify(comment.history) : null,
    );
  }

  replaceComments(ticketId: string, comments: readonly Comment[], at: number): void {
    this.db.transaction(() => {
      this.s.commentsClear.run(ticketId);
      for (const c of comments) this.addComment(c);
      this.s.fetchedPut.run(ticketId, at);
    })();
  }

  comments(ticketId: string): StoredComment[] {
    return (this.s.commentsOf.all(ticketId) as Array<Omit<StoredComment, 'history'> & { history: string | null }>).map(
      ({ history, ...c }) => {
        if (history === null) return c;
        // a row this code cannot read is shown by its body, never dropped
        let entry: ReturnType<typeof HistoryEntry.safeParse> | null;
        try {
          entry = HistoryEntry.safeParse(JSON.parse(history));
        } catch {
          entry = null;
        }
        return entry?.success ? { ...c, history: entry.data } : c;
      },
    );
  }

  fetchedAt(ticketId: string): number | null {
    return (this.s.fetchedGet.get(ticketId) as number | undefined) ?? null;
  }

  putPeople(people: ReadonlyArray<{ id: string; name: string }>): void {
    this.db.transaction(() => {
      for (const p of people) this.s.peoplePut.run(p.id, p.name);
    })();
  }

  people(): Array<{ id: string; name: string }> {
    return this.s.peopleAll.all() as Array<{ id: string; name: string }>;
  }

  views(owner: string): SavedView[] {
    const views: SavedView[] = [];
    for (const row of this.s.viewsOf.all(owner) as Array<{ name: string; filter: string }>) {
      try {
        views.push({ name: row.name, filter: JSON.parse(row.filter) as TicketFilter });
      } catch {
        // a damaged row is skipped, never fatal
      }
    }
    return views;
  }

  saveView(owner: string, view: SavedView): void {
    this.s.viewPut.run(owner, view.name, JSON.stringify(view.filter));
  }

  deleteView(owner: string, name: string): void {
    this.s.viewDelete.run(owner, name);
  }

  /** True the first time only: each alert is shown once per ticket. */
  firstAlert(owner: string, ticketId: string, kind: string, at: number): boolean {
    return this.s.alertPut.run(owner, ticketId, kind, at).changes > 0;
  }
}
