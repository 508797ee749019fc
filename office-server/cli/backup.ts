// `office-server backup --to FILE` and `office-server restore --from FILE`, for the database the
// server is configured with (the same --data-dir / --config / DATA_DIR / DATABASE_URL settings).
//
// SQLite: the backup is `VACUUM INTO` on a connection of its own: one read transaction, so it is a
// consistent snapshot of the last commit while the server keeps writing (WAL readers never block the
// writer), and the result is a plain, compacted database file. The restore checks that file and
// copies it into a data folder that has no database yet; the server migrates it on start.
// PostgreSQL: pg_dump's custom format (one snapshot as well) and pg_restore into an empty database;
// the password travels in PGPASSWORD, never on a command line that `ps` shows.
// A half-written backup or restore never carries the final name: both write beside it and rename.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../data/open';
import { MIGRATIONS } from '../data/migrations';

export const BACKUP_COMMANDS: readonly string[] = ['backup', 'restore'];

class CommandError extends Error {}

interface Target {
  dataDir: string;
  /** PostgreSQL; absent: the SQLite file in dataDir */
  databaseUrl?: string;
}

/** the same places main.ts reads: flag, then environment, then the config file */
function target(values: { 'data-dir'?: string; config?: string }): Target {
  const configPath = values.config ?? process.env.OFFICE_CONFIG;
  let file: { dataDir?: unknown; database?: { url?: unknown } } = {};
  if (configPath) {
    try {
      file = JSON.parse(readFileSync(configPath, 'utf8')) as typeof file;
    } catch (err) {
      throw new CommandError(`cannot read config ${configPath}: ${(err as Error).message}`);
    }
  }
  const dataDir = resolve(
    values['data-dir'] ??
      process.env.DATA_DIR ??
      (typeof file.dataDir === 'string' ? file.dataDir : undefined) ??
      '.office-data',
  );
  const url = process.env.DATABASE_URL || (typeof file.database?.url === 'string' ? file.database.url : undefined);
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new CommandError('DATABASE_URL must be a postgres:// URL');
  return url ? { dataDir, databaseUrl: url } : { dataDir };
}

export async function runBackupCommand(command: string, args: string[]): Promise<void> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        to: { type: 'string' },
        from: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
      },
    });
    void positionals;
    const where = target(values);
    if (command === 'backup') {
      if (!values.to || values.from) throw new CommandError('usage: office-server backup --to FILE');
      const out = resolve(values.to);
      const done = where.databaseUrl ? pgBackup(where.databaseUrl, out) : sqliteBackup(where.dataDir, out);
      process.stdout.write(`office-server: backup written to ${out} (${done})\n`);
    } else {
      if (!values.from || values.to) throw new CommandError('usage: office-server restore --from FILE');
      const from = resolve(values.from);
      if (!existsSync(from)) throw new CommandError(`no such backup ${from}`);
      const done = where.databaseUrl ? await pgRestore(from, where.databaseUrl) : sqliteRestore(from, where.dataDir);
      process.stdout.write(`office-server: restored ${from} (${done})\n`);
    }
  } catch (err) {
    const message = err instanceof CommandError || err instanceof TypeError ? err.message : String(err);
    process.stderr.write(`office-server ${command}: ${message}\n`);
    process.exitCode = 2;
  }
}

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

function partialName(file: string): string {
  return join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function refuseExisting(file: string): void {
  if (existsSync(file)) throw new CommandError(`${file} exists; a backup never overwrites anything`);
  if (!existsSync(dirname(file))) throw new CommandError(`no folder ${dirname(file)}`);
}

/** what a backup holds: schema version and rows, for the one line the command prints */
function describeSqlite(db: Database.Database): { version: number; tables: number; rows: number } {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  let rows = 0;
  for (const t of tables)
    rows += db
      .prepare(`SELECT COUNT(*) FROM "${t.replace(/"/g, '""')}"`)
      .pluck()
      .get() as number;
  return { version: db.pragma('user_version', { simple: true }) as number, tables: tables.length, rows };
}

function sqliteBackup(dataDir: string, out: string): string {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new CommandError(`no database at ${source}`);
  refuseExisting(out);
  const partial = partialName(out);
  rmSync(partial, { force: true });
  // read-write (it only reads): a read-only connection cannot open a WAL database whose -shm is gone
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(partial);
  } finally {
    db.close();
  }
  try {
    const copy = new Database(partial, { fileMustExist: true });
    let about: ReturnType<typeof describeSqlite>;
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new CommandError(`the copy failed its check: ${String(check)}`);
      about = describeSqlite(copy);
    } finally {
      copy.close();
    }
    fsyncFile(partial);
    renameSync(partial, out);
    return `SQLite, schema version ${about.version}, ${about.tables} tables, ${about.rows} rows`;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

function sqliteRestore(from: string, dataDir: string): string {
  const dest = join(dataDir, DATABASE_FILE);
  for (const f of [dest, `${dest}-wal`, `${dest}-shm`]) {
    if (existsSync(f)) throw new CommandError(`${f} exists: restore into a data folder without a database`);
  }
  let about: ReturnType<typeof describeSqlite>;
  let db: Database.Database;
  try {
    db = new Database(from, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CommandError(`${from} is not an SQLite database: ${(err as Error).message}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch (err) {
      throw new CommandError(`${from} is not an SQLite database: ${(err as Error).message}`);
    }
    if (check !== 'ok') throw new CommandError(`${from} failed its check: ${String(check)}`);
    about = describeSqlite(db);
    if (about.version < 1 || !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'users'").get())
      throw new CommandError(`${from} is not an office server database`);
    if (about.version > LATEST)
      throw new CommandError(`${from} is at schema version ${about.version}, newer than this server (${LATEST})`);
  } finally {
    db.close();
  }
  const partial = partialName(dest);
  try {
    mkdirSync(dataDir, { recursive: true });
    copyFileSync(from, partial);
    fsyncFile(partial);
    renameSync(partial, dest);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return `SQLite into ${dest}, schema version ${about.version}, ${about.rows} rows; the server migrates it on start`;
}

// ---- PostgreSQL ----

/** pg_dump / pg_restore: from PG_BINDIR when set, else from PATH */
function pgTool(name: string): string {
  const dir = process.env.PG_BINDIR;
  return dir ? join(dir, name) : name;
}

/** the URL without its password, and the environment that carries the password instead */
function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(pgTool(tool), args, { env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.error)
    throw new CommandError(`cannot run ${tool} (install the PostgreSQL client, or set PG_BINDIR): ${r.error.message}`);
  if (r.status !== 0) throw new CommandError(`${tool} failed (exit ${r.status ?? r.signal}): ${r.stderr.trim()}`);
}

function pgBackup(url: string, out: string): string {
  refuseExisting(out);
  const partial = partialName(out);
  const c = pgConnection(url);
  try {
    runTool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${c.url}`],
      c.env,
    );
    fsyncFile(partial);
    renameSync(partial, out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return 'PostgreSQL, pg_dump custom format';
}

async function pgRestore(from: string, url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND c.relkind IN ('r', 'S', 'v')",
    );
    if (Number(rows[0]?.n) > 0)
      throw new CommandError('the database is not empty: restore into a new, empty database (CREATE DATABASE …)');
  } finally {
    await client.end();
  }
  const c = pgConnection(url);
  runTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${c.url}`, from],
    c.env,
  );
  return 'PostgreSQL; the servers find its schema version in schema_migrations';
}
