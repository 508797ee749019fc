// Which store the office server runs on: PostgreSQL when a database URL is configured
// (DATABASE_URL or the config file's `database.url`), else the SQLite file in the data directory.
import { join } from 'node:path';
import type { PostgresOptions } from './postgres';
import { SqliteStore } from './sqlite';
import type { OfficeStore } from './store';

export const DATABASE_FILE = 'office.sqlite';

export type DatabaseOptions = { engine: 'sqlite'; file: string } | ({ engine: 'postgres' } & PostgresOptions);

export function databaseOptions(dataDir: string, postgres: PostgresOptions | undefined): DatabaseOptions {
  return postgres?.url ? { engine: 'postgres', ...postgres } : { engine: 'sqlite', file: join(dataDir, DATABASE_FILE) };
}

/** opens the store; `migrate`: apply missing migrations first (SQLite always does) */
export async function openStore(db: DatabaseOptions, opts: { migrate: boolean }): Promise<OfficeStore> {
  if (db.engine === 'sqlite') return new SqliteStore(db.file);
  // loaded only when configured: an office on SQLite never loads pg
  const { migratePostgres, PostgresStore } = await import('./postgres');
  if (opts.migrate) await migratePostgres(db);
  return new PostgresStore(db);
}

/** `office-server migrate`: brings the schema up to this server's version; returns it */
export async function migrateDatabase(db: DatabaseOptions): Promise<number> {
  if (db.engine === 'postgres') return (await import('./postgres')).migratePostgres(db);
  const store = new SqliteStore(db.file);
  await store.close();
  const { MIGRATIONS } = await import('./migrations');
  return MIGRATIONS.at(-1)?.version ?? 0;
}

/** where the data lives, for the log: never the password */
export function describeDatabase(db: DatabaseOptions): string {
  if (db.engine === 'sqlite') return db.file;
  try {
    const u = new URL(db.url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}
