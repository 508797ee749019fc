// What the office server last told us, kept so the app opens and reads while the office is out
// of reach: tickets, chat messages, presence, the team. Plus small settings (kv).
import type Database from 'better-sqlite3';

export type CacheKind =
  | 'ticket'
  | 'chat-message'
  | 'presence'
  | 'channel'
  | 'team'
  | 'me'
  | 'summary'
  | 'person'
  | 'sla-calendar'
  | 'work-state'
  | 'work-history';

export class OfficeCache {
  private readonly statements;

  constructor(
    readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      put: db.prepare(
        'INSERT INTO cache (kind, id, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
      ),
      get: db.prepare('SELECT data FROM cache WHERE kind = ? AND id = ?').pluck(),
      list: db.prepare('SELECT data FROM cache WHERE kind = ? ORDER BY id').pluck(),
      remove: db.prepare('DELETE FROM cache WHERE kind = ? AND id = ?'),
      clearKind: db.prepare('DELETE FROM cache WHERE kind = ?'),
      clearAll: db.prepare('DELETE FROM cache'),
      kvGet: db.prepare('SELECT value FROM kv WHERE key = ?').pluck(),
      kvSet: db.prepare(
        'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      kvDelete: db.prepare('DELETE FROM kv WHERE key = ?'),
    };
    this.replaceAll = db.transaction((kind: CacheKind, items: Array<{ id: string; data: unknown }>) => {
      this.statements.clearKind.run(kind);
      for (const item of items) this.put(kind, item.id, item.data);
    });
    this.putMany = db.transaction((kind: CacheKind, items: Array<{ id: string; data: unknown }>) => {
      for (const item of items) this.put(kind, item.id, item.data);
    });
  }

  /** Replaces every entry of a kind in one transaction (a fresh list from the server). */
  readonly replaceAll: (kind: CacheKind, items: Array<{ id: string; data: unknown }>) => void;

  /** Adds or updates many entries in one transaction (a page of history: one commit, not hundreds). */
  readonly putMany: (kind: CacheKind, items: Array<{ id: string; data: unknown }>) => void;

  put(kind: CacheKind, id: string, data: unknown): void {
    this.statements.put.run(kind, id, JSON.stringify(data), this.now());
  }

  get<T>(kind: CacheKind, id: string): T | null {
    const text = this.statements.get.get(kind, id) as string | undefined;
    return text === undefined ? null : (JSON.parse(text) as T);
  }

  list<T>(kind: CacheKind): T[] {
    return (this.statements.list.all(kind) as string[]).map((text) => JSON.parse(text) as T);
  }

  remove(kind: CacheKind, id: string): void {
    this.statements.remove.run(kind, id);
  }

  /** After sign-out nothing of the previous user stays readable. */
  clear(): void {
    this.statements.clearAll.run();
  }

  getSetting(key: string): string | null {
    return (this.statements.kvGet.get(key) as string | undefined) ?? null;
  }

  setSetting(key: string, value: string | null): void {
    if (value === null) this.statements.kvDelete.run(key);
    else this.statements.kvSet.run(key, value);
  }
}
