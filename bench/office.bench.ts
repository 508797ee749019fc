// npm run bench -- office
// Starts the office server in its own process on 127.0.0.1 (as in production: the load generator
// does not share its event loop), seeds 50 teams of 10 users straight into its store, then:
//  1. summaries ingested per second over HTTP (keep-alive, 32 in flight, unique Idempotency-Keys);
//  2. chat latency with 500 WebSocket clients connected: time from POST /chat/messages to the
//     moment a teammate's socket receives the message (team channel: 10 recipients each).
// Once on SQLite (office.*), once on PostgreSQL (office.pg.*: a throwaway cluster with its default
// durability, fsync and synchronous_commit on), and the chat once more with two server nodes on that
// PostgreSQL, the sockets and the posts split over both (office.pg2.*). The summaries once more on
// the bundle IT runs (office-server/dist/main.js under plain node, no tsx): office.built.*.
// BENCH_OFFICE_ENGINES=pg (or sqlite): only that part, while working on one engine; the full run
// (and npm run bench) runs both.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratePostgres, PostgresStore } from '../office-server/data/postgres';
import { SqliteStore } from '../office-server/data/sqlite';
import { DATABASE_FILE } from '../office-server/server';
import { findPostgresBin, startPostgresCluster } from '../test/integration/office-server/postgres-cluster';
import { unavailable } from './harness';
import { agent, benchChat, benchSummaries, root, seed, startServer } from './office-load';

const dataDir = mkdtempSync(join(tmpdir(), 'office-bench-'));
const engines = (process.env.BENCH_OFFICE_ENGINES || 'sqlite,pg').split(',');

async function main(): Promise<void> {
  // SQLite: the embedded default
  if (engines.includes('sqlite')) {
    const teams = await seed(new SqliteStore(join(dataDir, DATABASE_FILE)));
    const server = await startServer({ dataDir });
    try {
      const perSecond = await benchSummaries(server.url, teams.flat());
      console.log(`BENCH office.summaries_per_s ${perSecond.toFixed(0)} req/s`);
      const chat = await benchChat([server.url], teams, 'sqlite');
      console.log(`BENCH office.chat_p50_ms ${chat.p50.toFixed(2)} ms`);
      console.log(`BENCH office.chat_p99_ms ${chat.p99.toFixed(2)} ms`);
    } finally {
      await server.stop();
    }
  }

  // SQLite again, on the bundle under plain node (a fresh data folder, seeded the same way)
  if (engines.includes('sqlite')) {
    const buildDir = mkdtempSync(join(root, 'office-server', '.build-bench-'));
    const builtData = mkdtempSync(join(tmpdir(), 'office-bench-built-'));
    try {
      const main = join(buildDir, 'main.js');
      execFileSync(process.execPath, [join(root, 'office-server/build.mjs'), main], { stdio: 'ignore' });
      const teams = await seed(new SqliteStore(join(builtData, DATABASE_FILE)));
      const server = await startServer({ dataDir: builtData, main });
      try {
        const perSecond = await benchSummaries(server.url, teams.flat());
        console.log(`BENCH office.built.summaries_per_s ${perSecond.toFixed(0)} req/s`);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(buildDir, { recursive: true, force: true });
      rmSync(builtData, { recursive: true, force: true });
    }
  }

  // PostgreSQL: one node, then two
  if (!engines.includes('pg')) return;
  if (!findPostgresBin()) {
    unavailable('postgres', 'PostgreSQL is not installed (apt-get install postgresql): no office.pg figures');
    return;
  }
  const cluster = await startPostgresCluster({ durable: true });
  try {
    const url = await cluster.createDatabase('office_bench');
    await migratePostgres({ url });
    const teams = await seed(new PostgresStore({ url }));
    const one = await startServer({ dataDir, databaseUrl: url });
    try {
      const perSecond = await benchSummaries(one.url, teams.flat());
      console.log(`BENCH office.pg.summaries_per_s ${perSecond.toFixed(0)} req/s`);
      const chat = await benchChat([one.url], teams, 'pg');
      console.log(`BENCH office.pg.chat_p50_ms ${chat.p50.toFixed(2)} ms`);
      console.log(`BENCH office.pg.chat_p99_ms ${chat.p99.toFixed(2)} ms`);
      const two = await startServer({ dataDir, databaseUrl: url });
      try {
        const chat2 = await benchChat([one.url, two.url], teams, 'pg2');
        console.log(`BENCH office.pg2.chat_p50_ms ${chat2.p50.toFixed(2)} ms`);
        console.log(`BENCH office.pg2.chat_p99_ms ${chat2.p99.toFixed(2)} ms`);
      } finally {
        await two.stop();
      }
    } finally {
      await one.stop();
    }
  } finally {
    await cluster.stop();
  }
}

async function cleanup(): Promise<void> {
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  async (err: unknown) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  },
);
