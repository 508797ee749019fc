// The one ordered list of schema migrations, each named and with its SQL for both engines. The
// SQLite text lives in sqlite/migrations.ts, the PostgreSQL text in postgres/migrations.ts, keyed
// by the same version; a version one engine lacks is refused at startup, so neither drifts.
import { POSTGRES_MIGRATIONS } from './postgres/migrations';
import { MIGRATIONS as SQLITE_MIGRATIONS } from './sqlite/migrations';

export interface EngineMigration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

function pair(): EngineMigration[] {
  const list = SQLITE_MIGRATIONS.map((m) => {
    const postgres = POSTGRES_MIGRATIONS[m.version];
    if (postgres === undefined)
      throw new Error(`migration ${m.version} (${m.name}) has no PostgreSQL text in data/postgres/migrations.ts`);
    return { version: m.version, name: m.name, sqlite: m.sql, postgres };
  });
  for (const v of Object.keys(POSTGRES_MIGRATIONS).map(Number)) {
    if (!list.some((m) => m.version === v))
      throw new Error(`PostgreSQL migration ${v} has no SQLite text in data/sqlite/migrations.ts`);
  }
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 1, 2, 3 … without gaps (found ${m.version} at ${i + 1})`);
  });
  return list;
}

export const MIGRATIONS: readonly EngineMigration[] = pair();
