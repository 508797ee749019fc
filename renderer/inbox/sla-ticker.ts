// One ticker for every SLA clock on screen: a single interval, and each clock (only the rows the
// virtualiser rendered, and the detail's two) writes its own text and colour into its element.
// Nothing re-renders in React on a tick. Each tick is measured as the user-timing entry
// 'inbox.tick' (the bench reads it).

type Subscriber = (now: number) => void;

const subscribers = new Set<Subscriber>();
let timer: ReturnType<typeof setInterval> | null = null;

export function tick(now: number = Date.now()): void {
  const start = performance.now();
  for (const fn of subscribers) fn(now);
  const end = performance.now();
  performance.clearMeasures('inbox.tick');
  performance.measure('inbox.tick', { start, end });
}

/** Calls fn now and then every second until the returned function is called. */
export function onTick(fn: Subscriber): () => void {
  subscribers.add(fn);
  fn(Date.now());
  timer ??= setInterval(() => tick(), 1_000);
  return () => {
    subscribers.delete(fn);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export const tickerSize = (): number => subscribers.size;
