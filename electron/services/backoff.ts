/** Exponential backoff with "equal jitter": half fixed, half random, capped. `attempts` starts at 1. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts, 1) - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
