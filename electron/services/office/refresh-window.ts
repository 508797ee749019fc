// A feed's full refresh reads the office's lists while the live stream keeps delivering. A refresh
// that then replaces the cache with what it read would drop an item the stream delivered after its
// list was read (a ticket just assigned, a message just posted, a status just set) until the next
// refresh. A feed records what its `apply` stored during each refresh running and lays it over
// what the refresh read before storing it: the stream's item is never older than a list read before
// it, and a list read after it holds the same item.

export interface RefreshWindow<T> {
  /** runs one refresh; `delivered` holds what the stream stored since it began, by id */
  run(refresh: (delivered: ReadonlyMap<string, T>) => Promise<void>): Promise<void>;
  /** the stream stored this item */
  saw(id: string, item: T): void;
  /** the stream removed this item */
  forget(id: string): void;
}

export function refreshWindow<T>(): RefreshWindow<T> {
  const open = new Set<Map<string, T>>();
  return {
    async run(refresh) {
      const delivered = new Map<string, T>();
      open.add(delivered);
      try {
        await refresh(delivered);
      } finally {
        open.delete(delivered);
      }
    },
    saw(id, item) {
      for (const delivered of open) delivered.set(id, item);
    },
    forget(id) {
      for (const delivered of open) delivered.delete(id);
    },
  };
}

/** what a refresh read, with what the stream delivered meanwhile laid over it (`newer` decides a clash) */
export function laidOver<T>(
  read: Iterable<{ id: string; data: T }>,
  delivered: ReadonlyMap<string, T>,
  newer: (streamed: T, read: T) => boolean = () => true,
): Array<{ id: string; data: T }> {
  const byId = new Map<string, T>();
  for (const item of read) byId.set(item.id, item.data);
  for (const [id, streamed] of delivered) {
    const had = byId.get(id);
    if (had === undefined || newer(streamed, had)) byId.set(id, streamed);
  }
  return [...byId].map(([id, data]) => ({ id, data }));
}
