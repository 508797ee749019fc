// The soak bench's view into the browser host process, through Node's inspector (the host runs with
// `--inspect=127.0.0.1:0`, so the product carries no bench-only code): a forced garbage collection,
// the heap then (in total and per V8 space), the process's memory, and heap snapshots summed by
// what the objects are, to see what grows between two moments of the day.
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import WebSocket from 'ws';

export interface HostMemory {
  /** resident set size, MB (what the system gives the process: heap, native memory, code) */
  rss: number;
  /** V8 heap in use after a forced GC, MB: the JavaScript objects still reachable */
  heapUsed: number;
  /** the V8 heap the process holds (used or not), MB */
  heapTotal: number;
  /** memory of Buffers and other objects outside the V8 heap, MB (SQLite's and the sockets' are not in it) */
  external: number;
  /** in-use MB per V8 heap space (old_space, code_space, large_object_space…) */
  spaces: Record<string, number>;
  /** the resident set by kind (Linux): anonymous (malloc, V8), file-backed (code, mapped files), shared */
  rssParts: { anon: number; file: number; shmem: number } | null;
}

export interface HostInspector {
  /** a full GC (twice: weak callbacks free more on the second pass), then the process's memory */
  memoryAfterGc(): Promise<HostMemory>;
  /** writes a heap snapshot (after a GC) to `file` */
  snapshot(file: string): Promise<void>;
  /** starts the host's CPU profiler; the returned stop writes the profile (.cpuprofile) to `file` */
  profile(): Promise<(file: string) => Promise<void>>;
  close(): void;
}

const MB = 1024 * 1024;

/** The inspector address Node prints on stderr: "Debugger listening on ws://127.0.0.1:PORT/UUID". */
export function inspectorUrl(output: string): string {
  const match = /Debugger listening on (ws:\/\/\S+)/.exec(output);
  if (!match) throw new Error(`the host printed no inspector address:\n${output}`);
  return match[1]!;
}

export async function connectHostInspector(url: string): Promise<HostInspector> {
  const socket = new WebSocket(url, { maxPayload: 256 * MB });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events = new Map<string, (params: Record<string, unknown>) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: Record<string, unknown>;
    };
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    } else if (message.method) events.get(message.method)?.(message.params ?? {});
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send<{ result: { value: string }; exceptionDetails?: unknown }>('Runtime.evaluate', {
      expression: `JSON.stringify(${expression})`,
      returnByValue: true,
    });
    if (r.exceptionDetails) throw new Error(`host evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return JSON.parse(r.result.value) as T;
  };
  const gc = async () => {
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
  };

  return {
    async memoryAfterGc() {
      await gc();
      const m = await evaluate<{
        rss: number;
        heapUsed: number;
        heapTotal: number;
        external: number;
        spaces: Array<{ space_name: string; space_used_size: number }>;
        status: string | null;
      }>(
        `(() => { const m = process.memoryUsage(); let status = null;
           try { status = process.getBuiltinModule('fs').readFileSync('/proc/self/status', 'utf8'); } catch {}
           return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external,
             spaces: process.getBuiltinModule('v8').getHeapSpaceStatistics(), status }; })()`,
      );
      const kb = (field: string) =>
        Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(m.status ?? '')?.[1] ?? NaN) / 1024;
      return {
        rss: m.rss / MB,
        heapUsed: m.heapUsed / MB,
        heapTotal: m.heapTotal / MB,
        external: m.external / MB,
        spaces: Object.fromEntries(m.spaces.map((s) => [s.space_name, s.space_used_size / MB])),
        rssParts: m.status ? { anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') } : null,
      };
    },
    async snapshot(file) {
      await gc();
      const out = createWriteStream(file);
      events.set('HeapProfiler.addHeapSnapshotChunk', (p) => out.write(p.chunk as string));
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
      events.delete('HeapProfiler.addHeapSnapshotChunk');
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    },
    async profile() {
      await send('Profiler.enable');
      await send('Profiler.start');
      return async (file) => {
        const { profile } = await send<{ profile: unknown }>('Profiler.stop');
        await writeFile(file, JSON.stringify(profile));
      };
    },
    close: () => socket.close(),
  };
}

/** A snapshot's objects summed by kind and constructor (or string/closure name): count and bytes. */
export async function summarizeSnapshot(file: string): Promise<Map<string, { count: number; bytes: number }>> {
  const snap = JSON.parse(await readFile(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const sums = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    // strings are summed by kind only (their text is the data, not what holds it)
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number'
        ? ''
        : snap.strings[snap.nodes[i + nameAt]!]!.slice(0, 60);
    const key = `${type} ${name}`.trim();
    const sum = sums.get(key) ?? { count: 0, bytes: 0 };
    sum.count++;
    sum.bytes += snap.nodes[i + sizeAt]!;
    sums.set(key, sum);
  }
  return sums;
}

/** The kinds of object that grew most between two snapshot summaries, as lines for the log. */
export function snapshotGrowth(
  before: Map<string, { count: number; bytes: number }>,
  after: Map<string, { count: number; bytes: number }>,
  top = 15,
): string[] {
  const rows = [...after].map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: a.count - b.count, bytes: a.bytes - b.bytes };
  });
  return rows
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top)
    .map((r) => `${(r.bytes / 1024).toFixed(0).padStart(8)} kB ${String(r.count).padStart(8)} objects  ${r.key}`);
}
