// CLI: npm run office-server -- [migrate | create-admin | set-password | disable | enable …] [--demo]
//   [--port N] [--host H] [--data-dir D] [--config FILE] [--updates-dir D]
// Environment: PORT, HOST, DATA_DIR, OFFICE_DEMO=1, TLS_CERT / TLS_KEY (PEM file paths),
// UPDATES_DIR, MAX_CONNECTIONS_PER_ADDRESS, TRUST_PROXY (comma-separated addresses/CIDRs),
// OFFICE_CONFIG (JSON file), LOG_LEVEL, DATABASE_URL (postgres://…: PostgreSQL instead of the
// SQLite file), DATABASE_MAX_CONNECTIONS, DATABASE_STATEMENT_TIMEOUT_MS, METRICS_PORT / METRICS_HOST,
// SUMMARY_CORRECTION_DAYS, SUMMARY_VERSIONS_PER_DAY. Flags beat environment beats config file;
// `timeouts` and `directory` (LDAP/Active Directory sign-in) are set in the config file only.
// `migrate` brings the database schema up to date and exits; the account commands
// (cli/accounts.ts) and `backup` / `restore` (cli/backup.ts) work on the same database and exit.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TimeOfDaySchema } from '../shared/domain/policy';
import { DirectoryConfig } from './auth/directory';
import { ACCOUNT_USAGE, isAccountCommand, runAccountCommand } from './cli/accounts';
import { databaseOptions, describeDatabase, migrateDatabase } from './data/open';
import type { PostgresOptions } from './data/postgres';
import { BACKUP_COMMANDS, runBackupCommand } from './cli/backup';
import { parseTrustProxy } from './http/trust-proxy';
import { startOfficeServer } from './server';

const ConfigFile = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  dataDir: z.string().optional(),
  demo: z.boolean().optional(),
  tls: z.strictObject({ cert: z.string(), key: z.string() }).optional(),
  updatesDir: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  maxConnectionsPerAddress: z.number().int().min(1).optional(),
  summaryCorrections: z
    .strictObject({
      correctionDays: z.number().int().min(0).max(366).optional(),
      versionsPerDay: z.number().int().min(1).max(1000).optional(),
    })
    .optional(),
  /** desk booking: days ahead, desk-days a week, check-in hour, clean-desk checklist (services/desks.ts) */
  desks: z
    .strictObject({
      daysAhead: z.number().int().min(0).max(366).optional(),
      perWeek: z.number().int().min(1).max(7).optional(),
      checkInBy: TimeOfDaySchema.optional(),
      cleanDesk: z.array(z.string().min(1).max(200)).max(20).optional(),
    })
    .optional(),
  /** reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed */
  trustProxy: z.array(z.string()).optional(),
  directory: DirectoryConfig.optional(),
  metrics: z.strictObject({ port: z.number().int().min(0).max(65535), host: z.string().optional() }).optional(),
  database: z
    .strictObject({
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
      maxConnections: z.number().int().min(2).max(1000).optional(),
      statementTimeoutMs: z.number().int().min(100).optional(),
      idleInTransactionTimeoutMs: z.number().int().min(100).optional(),
    })
    .optional(),
  timeouts: z
    .strictObject({
      headersMs: z.number().int().min(100).optional(),
      requestMs: z.number().int().min(100).optional(),
      keepAliveMs: z.number().int().min(100).optional(),
      idleMs: z.number().int().min(100).optional(),
    })
    .optional(),
});

function fail(message: string): never {
  process.stderr.write(`office-server: ${message}\n`);
  process.exit(2);
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`invalid ${name} ${text}`);
  return n;
}

function databaseConfig(
  env: NodeJS.ProcessEnv,
  file: z.infer<typeof ConfigFile>['database'],
): PostgresOptions | undefined {
  const url = env.DATABASE_URL || file?.url;
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) fail('DATABASE_URL must be a postgres:// URL');
  const maxConnections = positiveInt('DATABASE_MAX_CONNECTIONS', env.DATABASE_MAX_CONNECTIONS) ?? file?.maxConnections;
  const statementTimeoutMs =
    positiveInt('DATABASE_STATEMENT_TIMEOUT_MS', env.DATABASE_STATEMENT_TIMEOUT_MS) ?? file?.statementTimeoutMs;
  return {
    url,
    ...(maxConnections !== undefined ? { maxConnections } : {}),
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
    ...(file?.idleInTransactionTimeoutMs !== undefined
      ? { idleInTransactionTimeoutMs: file.idleInTransactionTimeoutMs }
      : {}),
  };
}

async function main(): Promise<void> {
  const command0 = process.argv[2];
  if (command0 !== undefined && BACKUP_COMMANDS.includes(command0))
    return runBackupCommand(command0, process.argv.slice(3));
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'updates-dir': { type: 'string' },
      config: { type: 'string' },
      'metrics-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: office-server [migrate] [--demo] [--port N] [--host H] [--data-dir D] [--updates-dir D] [--config FILE]\n' +
        '                     [--metrics-port N]\n' +
        '       office-server backup --to FILE | restore --from FILE [--data-dir D] [--config FILE]\n' +
        'env: PORT HOST DATA_DIR OFFICE_DEMO=1 TLS_CERT TLS_KEY UPDATES_DIR MAX_CONNECTIONS_PER_ADDRESS TRUST_PROXY OFFICE_CONFIG\n' +
        '     LOG_LEVEL DATABASE_URL DATABASE_MAX_CONNECTIONS DATABASE_STATEMENT_TIMEOUT_MS METRICS_PORT METRICS_HOST\n' +
        '     SUMMARY_CORRECTION_DAYS SUMMARY_VERSIONS_PER_DAY\n' +
        ACCOUNT_USAGE,
    );
    return;
  }
  const env = process.env;
  const configPath = values.config ?? env.OFFICE_CONFIG;
  let file: z.infer<typeof ConfigFile> = {};
  if (configPath) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (err) {
      fail(`cannot read config ${configPath}: ${(err as Error).message}`);
    }
    const parsed = ConfigFile.safeParse(raw);
    if (!parsed.success)
      fail(`config ${configPath}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    file = parsed.data;
  }

  const portText = values.port ?? env.PORT;
  const port = portText !== undefined ? Number(portText) : (file.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${portText}`);
  const demo =
    values.demo ?? (env.OFFICE_DEMO ? env.OFFICE_DEMO === '1' || env.OFFICE_DEMO === 'true' : (file.demo ?? false));
  const certPath = env.TLS_CERT ?? file.tls?.cert;
  const keyPath = env.TLS_KEY ?? file.tls?.key;
  if (Boolean(certPath) !== Boolean(keyPath)) fail('TLS needs both TLS_CERT and TLS_KEY');
  const dataDir = resolve(values['data-dir'] ?? env.DATA_DIR ?? file.dataDir ?? '.office-data');
  const updatesDir = values['updates-dir'] ?? env.UPDATES_DIR ?? file.updatesDir;
  const capText = env.MAX_CONNECTIONS_PER_ADDRESS;
  const maxConnectionsPerAddress = capText !== undefined ? Number(capText) : file.maxConnectionsPerAddress;
  if (
    maxConnectionsPerAddress !== undefined &&
    (!Number.isInteger(maxConnectionsPerAddress) || maxConnectionsPerAddress < 1)
  ) {
    fail(`invalid MAX_CONNECTIONS_PER_ADDRESS ${capText}`);
  }

  const metricsPortText = values['metrics-port'] ?? (env.METRICS_PORT || undefined);
  const metricsPort = metricsPortText !== undefined ? Number(metricsPortText) : file.metrics?.port;
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535))
    fail(`invalid metrics port ${metricsPortText}`);
  const metricsHost = env.METRICS_HOST ?? file.metrics?.host;
  const summaryCorrections = { ...file.summaryCorrections };
  for (const [name, key, min] of [
    ['SUMMARY_CORRECTION_DAYS', 'correctionDays', 0],
    ['SUMMARY_VERSIONS_PER_DAY', 'versionsPerDay', 1],
  ] as const) {
    const text = env[name];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) fail(`invalid ${name} ${text}`);
    summaryCorrections[key] = value;
  }

  const trustProxyList =
    env.TRUST_PROXY !== undefined ? env.TRUST_PROXY.split(',').filter((e) => e.trim()) : file.trustProxy;
  let trustProxy: string[] | undefined;
  try {
    trustProxy = trustProxyList?.length ? parseTrustProxy(trustProxyList) : undefined;
  } catch (err) {
    fail((err as Error).message);
  }

  const database = databaseConfig(env, file.database);
  const command = positionals[0];
  if (isAccountCommand(command)) {
    process.exitCode = await runAccountCommand(positionals, databaseOptions(dataDir, database));
    return;
  }
  if (command !== undefined && (command !== 'migrate' || positionals.length > 1))
    fail(
      `unknown command ${positionals.join(' ')} (only: migrate, backup, restore, create-admin, set-password, disable, enable)`,
    );
  if (command === 'migrate') {
    const db = databaseOptions(dataDir, database);
    const version = await migrateDatabase(db);
    process.stdout.write(`office-server: ${describeDatabase(db)} is at schema version ${version}\n`);
    return;
  }

  const server = await startOfficeServer({
    port,
    host: values.host ?? env.HOST ?? file.host ?? '127.0.0.1',
    dataDir,
    ...(database ? { database } : {}),
    demo,
    ...(certPath && keyPath ? { tls: { cert: certPath, key: keyPath } } : {}),
    ...(updatesDir ? { updatesDir: resolve(updatesDir) } : {}),
    ...(maxConnectionsPerAddress !== undefined ? { maxConnectionsPerAddress } : {}),
    ...(trustProxy ? { trustProxy } : {}),
    ...(file.directory ? { directory: file.directory } : {}),
    ...(file.timeouts ? { timeouts: file.timeouts } : {}),
    ...(summaryCorrections ? { summaryCorrections } : {}),
    ...(file.desks ? { deskPolicy: file.desks } : {}),
    ...(metricsPort !== undefined
      ? { metrics: { port: metricsPort, ...(metricsHost ? { host: metricsHost } : {}) } }
      : {}),
    logger: { level: env.LOG_LEVEL ?? file.logLevel ?? 'info' },
  });
  if (server.metricsUrl) process.stdout.write(`office-server metrics on ${server.metricsUrl}\n`);
  // one plain line that scripts (and the benchmark) wait for
  process.stdout.write(`office-server listening on ${server.url}${demo ? ' (demo mode)' : ''}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`office-server: ${signal}, shutting down\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `office-server: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
