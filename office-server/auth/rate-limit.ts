// A small fixed-window limiter for sign-in. In memory: one process serves one office; behind a
// load balancer each node limits on its own, which still bounds guessing per node.
export interface RateLimitDecision {
  allowed: boolean;
  retryAfterMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** counts one hit against `key` */
  hit(key: string): RateLimitDecision {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (this.windows.size > 10_000) this.sweep(t);
    return w.count <= this.limit
      ? { allowed: true, retryAfterMs: 0 }
      : { allowed: false, retryAfterMs: w.start + this.windowMs - t };
  }

  /** whether `key` is over the limit, without counting */
  check(key: string): RateLimitDecision {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs || w.count < this.limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: w.start + this.windowMs - t };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
