// Both engines keep a day's office-loss stretches as a JSON list of [start, end] pairs.
import type { WorkStateRecord } from './store';

/** the stored pairs; a value this code did not write reads as no stretches rather than failing the list */
export function lostOf(json: string): WorkStateRecord['officeLost'] {
  try {
    const pairs = JSON.parse(json) as unknown;
    if (!Array.isArray(pairs)) return [];
    return pairs
      .filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
      .map(([start, end]) => ({ start, end }));
  } catch {
    return [];
  }
}

export const lostJson = (lost: WorkStateRecord['officeLost']) => JSON.stringify(lost.map((l) => [l.start, l.end]));
