// Notices that the machine slept, for hosts without Electron's powerMonitor (the browser host):
// a timer that fires every few seconds sees a long gap when the machine wakes up.
export interface WakeDetectorOptions {
  everyMs?: number;
  /** a gap this much longer than expected counts as sleep */
  slackMs?: number;
  now?: () => number;
  timers?: { setInterval(cb: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
}

export function watchForWake(onWake: () => void, options: WakeDetectorOptions = {}): () => void {
  const everyMs = options.everyMs ?? 5000;
  const slackMs = options.slackMs ?? 20_000;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? {
    setInterval: (cb: () => void, ms: number) => setInterval(cb, ms).unref(),
    clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout),
  };
  let last = now();
  const handle = timers.setInterval(() => {
    const t = now();
    if (t - last > everyMs + slackMs) onWake();
    last = t;
  }, everyMs);
  return () => timers.clearInterval(handle);
}
