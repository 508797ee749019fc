// WAL checkpoints off the request thread. A checkpoint copies the WAL into the database file and
// fsyncs it: milliseconds of blocking that, done inline, stall every request behind it. A worker
// thread with its own connection runs PASSIVE checkpoints (they never block the writer) instead.
// Under a steady write load a PASSIVE checkpoint never catches up with the last commit, so the WAL
// would never start over and grows without bound (hundreds of MB per minute of summaries, every
// commit appending to an ever larger file). So each PASSIVE pass is followed by a RESTART attempt:
// it copies only what was committed meanwhile and lets the next commit rewrite the WAL from its
// start. RESTART holds the write lock while it finishes (new writes wait for that short copy and
// fsync); it gives up after a few ms if a write transaction is open, and the next pass tries again.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    db.pragma('busy_timeout = 20');
    try { db.pragma('wal_checkpoint(RESTART)'); } catch {} finally { db.pragma('busy_timeout = 1000'); }
  } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); try { db.close(); } catch {} parentPort.close(); }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** null when a worker cannot be started here; the caller then keeps SQLite's inline auto-checkpoint */
export function startCheckpointer(file: string, onFailure: () => void, intervalMs = 1000): Checkpointer | null {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  } catch {
    return null;
  }
  worker.unref();
  let stopping = false;
  // a worker that dies on its own (driver not loadable in a bundle, …) hands checkpoints back
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping) onFailure();
      resolve();
    }),
  );
  worker.on('error', () => undefined);
  return {
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
