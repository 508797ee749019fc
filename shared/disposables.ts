// Two small pieces every feature uses, kept here so none hand-writes them: a bag of things to undo
// (unsubscribe, clear a timer) emptied in one call, and a set of listeners with the function that
// removes each. Pure: the main process, the renderer and the office server may all use them.

/** Undoes one thing: an unsubscribe, a timer's clear. */
export type Dispose = () => void;

export interface Disposables {
  /** keeps these to undo at dispose() */
  add(...items: Dispose[]): void;
  /** undoes everything added so far, in the order added, once; the bag can be filled again */
  dispose(): void;
  readonly size: number;
}

export function disposables(...initial: Dispose[]): Disposables {
  const items: Dispose[] = [...initial];
  return {
    add: (...more) => void items.push(...more),
    dispose() {
      for (const item of items.splice(0)) item();
    },
    get size() {
      return items.length;
    },
  };
}

export interface Listeners<A extends unknown[]> {
  /** adds a listener; returns the function that removes it */
  on(listener: (...args: A) => void): Dispose;
  /** calls every listener there is now (one added or removed meanwhile does not change this call) */
  emit(...args: A): void;
  readonly size: number;
}

export function listenerSet<A extends unknown[] = []>(): Listeners<A> {
  const set = new Set<(...args: A) => void>();
  return {
    on(listener) {
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(...args) {
      for (const listener of [...set]) listener(...args);
    },
    get size() {
      return set.size;
    },
  };
}
