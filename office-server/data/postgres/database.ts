// The PostgreSQL connection pool every repository shares (node-postgres). Each repository method is
// one statement or, when it needs several, one transaction on one pooled client; a store
// transaction() hands its repositories a client inside BEGIN … COMMIT.
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { MIGRATIONS, type EngineMigration } from '../migrations';
import type { DatabaseOperation } from '../store';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** connections this process opens at most (default: 4 per core, 4 to 20); PostgreSQL's max_connections bounds all nodes together */
  maxConnections?: number;
  /** a statement running longer is cancelled (default 15 s) */
  statementTimeoutMs?: number;
  /** a transaction idle this long is ended by the server (default 30 s) */
  idleInTransactionTimeoutMs?: number;
  /** waiting this long for a pooled connection fails the request (default 10 s) */
  connectTimeoutMs?: number;
}

/**
 * A pool sized for the cores: more backends than a few per core only queue for the CPU and preempt
 * the node that feeds them (measured on 2 cores with fsync on: 20 connections ingested fewer
 * summaries per second than 8). A few per core still leave enough commits in flight for PostgreSQL
 * to flush several with one WAL write.
 */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.max(4, Math.min(20, 4 * cores));
}

export const POSTGRES_DEFAULTS = {
  maxConnections: defaultPoolSize(),
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
} as const;

/** int8 (BIGINT: epoch ms, sequence values) as a JS number; every value stored fits in 2^53 */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export function clientConfig(o: PostgresOptions): pg.ClientConfig {
  return {
    connectionString: o.url,
    types,
    statement_timeout: o.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs ?? POSTGRES_DEFAULTS.idleInTransactionTimeoutMs,
    connectionTimeoutMillis: o.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs,
    application_name: 'teleworker-office-server',
  };
}

/** what a repository is built on: a statement runner, and a way to run several atomically */
export interface PgConnection {
  /** rows of one statement (prepared once per pooled connection) */
  query<R>(sql: string, args?: readonly unknown[]): Promise<R[]>;
  /** the number of rows a statement changed */
  run(sql: string, args?: readonly unknown[]): Promise<number>;
  /** runs `fn` on one client inside a transaction (inside a store transaction: in that one) */
  atomic<T>(fn: (conn: PgConnection) => Promise<T>): Promise<T>;
  /** true for the repositories handed to a store transaction() */
  readonly inTransaction: boolean;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** statement text → its prepared-statement name (the same on every connection) */
const names = new Map<string, string>();
function named(text: string, values: readonly unknown[] | undefined): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `office_${names.size}`));
  return { name, text, values: values as unknown[] };
}

/** where a database's connections report timings (metrics.ts); `timed` is null until instrumented */
export interface Timings {
  timed: ((operation: DatabaseOperation, seconds: number) => void) | null;
}

class ClientConnection implements PgConnection {
  constructor(
    private readonly client: Queryable,
    readonly inTransaction: boolean,
    private readonly pool: pg.Pool | null,
    private readonly timings: Timings,
  ) {}

  async query<R>(sql: string, args?: readonly unknown[]): Promise<R[]> {
    const r = await this.statement(sql, args);
    return r.rows as R[];
  }

  async run(sql: string, args?: readonly unknown[]): Promise<number> {
    const r = await this.statement(sql, args);
    return r.rowCount ?? 0;
  }

  private async statement(sql: string, args: readonly unknown[] | undefined): Promise<pg.QueryResult> {
    const timed = this.timings.timed;
    if (!timed) return this.client.query(named(sql, args));
    const start = performance.now();
    try {
      return await this.client.query(named(sql, args));
    } finally {
      timed('statement', (performance.now() - start) / 1000);
    }
  }

  async atomic<T>(fn: (conn: PgConnection) => Promise<T>): Promise<T> {
    if (this.inTransaction || !this.pool) return fn(this);
    const timed = this.timings.timed;
    const start = performance.now();
    try {
      return await inTransaction(this.pool, (client) => fn(new ClientConnection(client, true, null, this.timings)));
    } finally {
      timed?.('transaction', (performance.now() - start) / 1000);
    }
  }
}

export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    }
  } catch (err) {
    broken ||= isConnectionError(err);
    throw err;
  } finally {
    client.release(broken);
  }
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code !== 'string' || code.startsWith('08') || code === '57P01';
}

export class PostgresDatabase {
  readonly pool: pg.Pool;
  readonly connection: PgConnection;
  readonly timings: Timings = { timed: null };

  constructor(readonly options: PostgresOptions) {
    this.pool = new pg.Pool({
      ...clientConfig(options),
      max: options.maxConnections ?? POSTGRES_DEFAULTS.maxConnections,
    });
    // an idle pooled connection that dies (database restart) is dropped, not a crash
    this.pool.on('error', () => undefined);
    this.connection = new ClientConnection(this.pool, false, this.pool, this.timings);
  }

  transactionConnection(client: pg.PoolClient): PgConnection {
    return new ClientConnection(client, true, null, this.timings);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** a lock key only the migrator takes: two nodes starting together migrate once */
const MIGRATION_LOCK = [1869571683, 2] as const;

/**
 * Applies the migrations this database lacks, together in one transaction, recorded in
 * schema_migrations. Refuses a database newer than this server. Returns the schema version.
 */
export async function migratePostgres(
  options: PostgresOptions,
  migrations: readonly EngineMigration[] = MIGRATIONS,
): Promise<number> {
  const client = new pg.Client(clientConfig({ ...options, statementTimeoutMs: 0 }));
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const r = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = r.rows[0]?.v ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(
        `the database schema (version ${current}) is newer than this server (version ${latest}); upgrade the server`,
      );
    }
    const pending = migrations.filter((m) => m.version > current);
    if (pending.length) {
      // all pending migrations in one transaction (PostgreSQL's DDL is transactional): all or none
      await client.query('BEGIN');
      for (const m of pending) {
        try {
          await client.query(m.postgres);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
      }
      await client.query('COMMIT');
    }
    return latest;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
