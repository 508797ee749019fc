// Issue 27: `office-server backup --to FILE` while the server takes a steady stream of writes, then
// `office-server restore --from FILE` into a data folder (or database) that has none, and every
// row compared. The built server and the commands run in their own processes, as IT runs them.
// SQLite in the node project, PostgreSQL (pg_dump / pg_restore) in the office-pg project.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse, SummaryListResponse, type SummaryInput } from '../../../shared/office-api';
import { DATABASE_FILE } from '../../../office-server/data/open';
import { buildServer, runBuilt, startBuilt, type Build, type BuiltServer } from './built-server';
import { ENGINE, createTestDatabase, tempDir } from './helpers';
import { findPostgresBin } from './postgres-cluster';

const WRITERS = ['budi', 'ayu', 'dewi', 'rudi'] as const;
const DAY_MS = 24 * 3600_000;

let build: Build;
const dirs: string[] = [];
const servers: BuiltServer[] = [];
beforeAll(() => {
  build = buildServer();
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  build.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

/** where one office's data lives: a data folder, and on PostgreSQL a database of the run's cluster */
interface Place {
  dataDir: string;
  env: Record<string, string>;
}

async function place(): Promise<Place> {
  const dataDir = dir();
  if (ENGINE === 'sqlite') return { dataDir, env: { DATABASE_URL: '' } };
  return { dataDir, env: { DATABASE_URL: await createTestDatabase(), PG_BINDIR: findPostgresBin() ?? '' } };
}

/** every row of every table, each as canonical JSON, by table */
async function allRows(p: Place): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const canonical = (row: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(row)
        .sort()
        .map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]]),
    );
  if (ENGINE === 'sqlite') {
    const db = new Database(join(p.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[];
      for (const t of tables)
        out.set(t, (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).map(canonical).sort());
    } finally {
      db.close();
    }
    return out;
  }
  const c = new pg.Client({ connectionString: p.env.DATABASE_URL });
  await c.connect();
  try {
    const { rows } = await c.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    for (const { t } of rows) out.set(t, (await c.query(`SELECT * FROM "${t}"`)).rows.map(canonical).sort());
  } finally {
    await c.end();
  }
  return out;
}

const summary = (date: string): SummaryInput => ({
  date,
  workedMinutes: 60,
  breakMinutes: 0,
  segments: [{ start: `${date}T01:00:00.000Z`, end: `${date}T02:00:00.000Z`, kind: 'work' }],
  tickets: [],
  slaBreaches: [],
  notes: `written under load on ${date}`,
});

async function login(url: string, username: string): Promise<LoginResponse> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'teleworker' }),
  });
  expect(r.status).toBe(200);
  return LoginResponse.parse(await r.json());
}

describe(`office-server backup and restore (${ENGINE})`, () => {
  it.runIf(ENGINE === 'sqlite' || findPostgresBin() !== null)(
    'a backup taken under write load restores to a consistent snapshot, every row as it was',
    { timeout: 180_000 },
    async () => {
      const live = await place();
      const server = await startBuilt(build.main, ['--demo', '--port', '0', '--data-dir', live.dataDir], live.env);
      servers.push(server);
      const tokens = await Promise.all(WRITERS.map((w) => login(server.url, w)));

      // four people send summaries one after another, each a new day, until told to stop
      const acked = new Map<string, number>(); // summary id -> when its 201 arrived
      let stop = false;
      let failures = 0;
      const writers = tokens.map(async (t, w) => {
        for (let n = 0; !stop; n++) {
          const date = new Date(Date.UTC(2000, 0, 1) + (w * 2000 + n) * DAY_MS).toISOString().slice(0, 10);
          const r = await fetch(`${server.url}/api/v1/summaries`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${t.accessToken}`,
              'idempotency-key': `load-${w}-${n}`,
            },
            body: JSON.stringify(summary(date)),
          });
          if (r.status !== 201) {
            failures++;
            throw new Error(`POST /summaries ${date}: ${r.status} ${await r.text()}`);
          } else acked.set(((await r.json()) as { id: string }).id, performance.now());
        }
      });
      const until = async (n: number) => {
        while (acked.size < n && failures === 0) await new Promise((r) => setTimeout(r, 10));
        expect(failures).toBe(0);
      };

      await until(40);
      const backupStarted = performance.now();
      const file = join(dir(), ENGINE === 'sqlite' ? 'office-backup.sqlite' : 'office-backup.dump');
      const backup = await runBuilt(build.main, ['backup', '--to', file, '--data-dir', live.dataDir], live.env);
      const backupEnded = performance.now();
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(`backup written to ${file}`);
      // a second backup to the same name overwrites nothing
      const again = await runBuilt(build.main, ['backup', '--to', file, '--data-dir', live.dataDir], live.env);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('exists');
      // the load went on during the backup and after it
      await until(acked.size + 20);
      stop = true;
      await Promise.all(writers);
      expect(failures).toBe(0);
      await server.stop();
      expect(readdirSync(join(file, '..'))).toEqual([file.split('/').at(-1)]); // no partial file left behind

      const restored = await place();
      const restore = await runBuilt(
        build.main,
        ['restore', '--from', file, '--data-dir', restored.dataDir],
        restored.env,
      );
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      // restoring over data is refused, and changes nothing
      const over = await runBuilt(build.main, ['restore', '--from', file, '--data-dir', live.dataDir], live.env);
      expect(over.code).toBe(2);

      const before = await allRows(live);
      const after = await allRows(restored);
      expect([...after.keys()]).toEqual([...before.keys()]);
      // every row of the copy is a row the office had, exactly: the office's later writes only added rows
      for (const [table, rows] of after) {
        const had = new Set(before.get(table));
        const foreign = rows.filter((r) => !had.has(r));
        expect(foreign, table).toEqual([]);
      }

      // a snapshot: every summary answered before the backup began is in it, none sent after it ended
      const inCopy = new Set(
        (after.get('summaries') ?? []).map(
          (r) => (Object.fromEntries(JSON.parse(r) as [string, unknown][]) as { id: string }).id,
        ),
      );
      const early = [...acked].filter(([, at]) => at < backupStarted).map(([id]) => id);
      const late = [...acked].filter(([, at]) => at > backupEnded).map(([id]) => id);
      expect(early.length).toBeGreaterThanOrEqual(40);
      expect(late.length).toBeGreaterThanOrEqual(20);
      for (const id of early) expect(inCopy.has(id), id).toBe(true);
      for (const id of late) expect(inCopy.has(id), id).toBe(false);
      expect(inCopy.size).toBeLessThan(acked.size);
      // consistent: each summary in it has its event and its Idempotency-Key record, and each event its summary
      const events = (after.get('events') ?? [])
        .map((r) => Object.fromEntries(JSON.parse(r) as [string, unknown][]) as { payload: string | object })
        .map(
          (e) =>
            (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as {
              type: string;
              summary?: { id: string };
            },
        )
        .filter((e) => e.type === 'summary.created')
        .map((e) => e.summary?.id);
      // (the demo seed's summaries were written without events)
      const loaded = [...inCopy].filter((id) => acked.has(id));
      expect(loaded.filter((id) => !events.includes(id))).toEqual([]);
      expect(events.filter((id) => id === undefined || !inCopy.has(id))).toEqual([]);
      const keys = (after.get('idempotency') ?? []).map(
        (r) => Object.fromEntries(JSON.parse(r) as [string, unknown][]) as { key: string; state: string },
      );
      const loadKeys = keys.filter((k) => k.key.startsWith('load-'));
      expect(loadKeys.length).toBe(loaded.length);
      expect(loadKeys.every((k) => k.state === 'done')).toBe(true);

      // and the office runs on it: the server migrates nothing new and serves what the copy holds
      const back = await startBuilt(
        build.main,
        ['--demo', '--port', '0', '--data-dir', restored.dataDir],
        restored.env,
      );
      servers.push(back);
      const ready = await fetch(`${back.url}/readyz`);
      expect(ready.status).toBe(200);
      let served = 0;
      for (const w of WRITERS) {
        const t = await login(back.url, w);
        const r = await fetch(`${back.url}/api/v1/summaries?from=2000-01-01&to=2099-12-31`, {
          headers: { authorization: `Bearer ${t.accessToken}` },
        });
        served += SummaryListResponse.parse(await r.json()).items.length;
      }
      expect(served).toBe(inCopy.size);
      await back.stop();
    },
  );

  // the file's engine does not matter here: registered once, in the SQLite run (no skipped test on PostgreSQL)
  if (ENGINE === 'sqlite')
    it('refuses what is not a backup, and a restore leaves no partial database', async () => {
      const restored = await place();
      const junk = join(dir(), 'not-a-backup.sqlite');
      writeFileSync(junk, 'this is not a database\n'.repeat(100));
      const r = await runBuilt(build.main, ['restore', '--from', junk, '--data-dir', restored.dataDir], restored.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not an SQLite database/);
      expect(existsSync(join(restored.dataDir, DATABASE_FILE))).toBe(false);
      expect(readdirSync(restored.dataDir)).toEqual([]);
      const empty = new Database(join(dir(), 'empty.sqlite'));
      const emptyFile = empty.name;
      empty.exec('CREATE TABLE t (x)');
      empty.close();
      const other = await runBuilt(
        build.main,
        ['restore', '--from', emptyFile, '--data-dir', restored.dataDir],
        restored.env,
      );
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/not an office server database/);
      const missing = await runBuilt(
        build.main,
        ['backup', '--to', join(dir(), 'b.sqlite'), '--data-dir', restored.dataDir],
        restored.env,
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no database at/);
    });
});
