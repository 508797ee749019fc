// Each feature module owns its own tables in the local store (the inbox's search index, the work
// session's event log, …) with its own numbered migrations, so features are added without editing
// one shared list. The versions live in feature_schema, one row per feature.
import type Database from 'better-sqlite3';

export interface LocalDb {
  readonly db: Database.Database;
  /**
   * Brings the feature's tables to the newest of its steps (each step runs once, in its own
   * transaction). A file written by a newer Teleworker is refused rather than guessed at.
   */
  migrate(feature: string, steps: readonly string[]): void;
}

export function featureSchema(db: Database.Database): LocalDb {
  db.exec('CREATE TABLE IF NOT EXISTS feature_schema (feature TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const read = db.prepare<[string], { version: number }>('SELECT version FROM feature_schema WHERE feature = ?');
  const write = db.prepare(
    'INSERT INTO feature_schema (feature, version) VALUES (?, ?) ON CONFLICT (feature) DO UPDATE SET version = excluded.version',
  );
  return {
    db,
    migrate(feature, steps) {
      const version = read.get(feature)?.version ?? 0;
      if (version > steps.length) {
        throw new Error(
          `the local database's ${feature} tables are from a newer Teleworker (schema ${version}, this version knows ${steps.length})`,
        );
      }
      for (let v = version; v < steps.length; v++) {
        db.transaction(() => {
          db.exec(steps[v]!);
          write.run(feature, v + 1);
        })();
      }
    },
  };
}
