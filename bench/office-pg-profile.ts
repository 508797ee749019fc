// Where PostgreSQL's time goes under the office bench's load (not a figure: a report for whoever
// works on the PostgreSQL store). `npx tsx bench/office-pg-profile.ts`
// The same throwaway cluster as the bench (fsync on), with pg_stat_statements loaded; for each phase
// (summaries on one node, chat on one node, chat on two nodes) it prints:
//  - the statements that took the most time (pg_stat_statements, nested statements of the SQL
//    functions included),
//  - what the active backends waited on (pg_stat_activity sampled every 20 ms),
//  - the backends open (per core) and the event feed's reads per NOTIFY,
//  - the WAL flushes (pg_stat_wal), which bound the commits a second with fsync on,
//  - each node's own feed counters (/metrics: office_event_feed_*), where the server has them.
// PROFILE_POOL=n sets DATABASE_MAX_CONNECTIONS on the nodes; PROFILE_PHASES=summaries,chat,chat2.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migratePostgres, PostgresStore } from '../office-server/data/postgres';
import { startPostgresCluster } from '../test/integration/office-server/postgres-cluster';
import {
  agent,
  benchChat,
  benchSummaries,
  CHAT_MESSAGES,
  CHAT_WARMUP,
  seed,
  startServer,
  SUMMARY_REQUESTS,
  SUMMARY_WARMUP,
  type BenchServer,
} from './office-load';

/** what a phase posts (warm-up included: the CPU is measured over all of it) */
const count = (phase: string) =>
  phase.startsWith('summaries') ? SUMMARY_REQUESTS + SUMMARY_WARMUP : CHAT_MESSAGES + CHAT_WARMUP;
const units = (phase: string) => (phase.startsWith('summaries') ? 'summary' : 'chat message');

const dataDir = mkdtempSync(join(tmpdir(), 'office-pg-profile-'));
const phases = (process.env.PROFILE_PHASES || 'summaries,chat,chat2').split(',');
const serverEnv: Record<string, string> = {
  METRICS_PORT: '0',
  ...(process.env.PROFILE_POOL ? { DATABASE_MAX_CONNECTIONS: process.env.PROFILE_POOL } : {}),
};

interface StatementRow {
  query: string;
  calls: number;
  total_exec_time: number;
  mean_exec_time: number;
  rows: number;
  toplevel: boolean;
}

/** samples what the active backends (not this one) wait on, until stopped */
function sampleWaits(admin: pg.Client): {
  stop(): Promise<{ waits: Map<string, number>; samples: number; peak: number }>;
} {
  const waits = new Map<string, number>();
  let samples = 0;
  let peak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await admin.query<{ state: string | null; w: string | null; n: number }>(
        `SELECT state, COALESCE(wait_event_type || ':' || wait_event, 'CPU') AS w, COUNT(*)::int AS n
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1, 2`,
      );
      samples++;
      let open = 0;
      for (const row of r.rows) {
        open += row.n;
        if (row.state !== 'active') continue;
        waits.set(row.w ?? 'CPU', (waits.get(row.w ?? 'CPU') ?? 0) + row.n);
      }
      peak = Math.max(peak, open);
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { waits, samples, peak };
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux) */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields from the state on: utime and stime are the 12th and 13th (clock ticks, 100 a second)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** the CPU seconds of every process of the cluster: the postmaster's children (backends, WAL writer…) and ended ones */
function clusterCpuSeconds(postmaster: number): number {
  let total = 0;
  try {
    const stat = readFileSync(`/proc/${postmaster}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // the postmaster's own time and its waited-for children's (cutime, cstime: fields 14 and 15)
    total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return 0;
  }
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === postmaster) total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

async function walCounts(admin: pg.Client): Promise<{ sync: number; write: number; records: number }> {
  const r = await admin.query<{ sync: string; write: string; records: string }>(
    'SELECT wal_sync AS sync, wal_write AS write, wal_records AS records FROM pg_stat_wal',
  );
  const row = r.rows[0];
  return { sync: Number(row?.sync ?? 0), write: Number(row?.write ?? 0), records: Number(row?.records ?? 0) };
}

async function feedCounters(nodes: BenchServer[]): Promise<string[]> {
  const lines: string[] = [];
  for (const [i, n] of nodes.entries()) {
    if (!n.metricsUrl) continue;
    const text = await (await fetch(n.metricsUrl)).text();
    const picked = text.split('\n').filter((l) => l.startsWith('office_event_feed_') && !l.startsWith('#'));
    lines.push(`  node ${i + 1}: ${picked.join('  ') || '(no office_event_feed_* metrics)'}`);
  }
  return lines;
}

async function report(
  admin: pg.Client,
  name: string,
  nodes: BenchServer[],
  run: () => Promise<string>,
  before: string[],
): Promise<void> {
  await admin.query('SELECT pg_stat_statements_reset()');
  const wal = await walCounts(admin);
  const sampler = sampleWaits(admin);
  const load = loadavg()[0]?.toFixed(2);
  const [pm] = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  const postmaster = Number(readFileSync(`/proc/${pm?.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  const cpuBefore = {
    nodes: nodes.map((n) => cpuSeconds(n.pid)),
    pg: clusterCpuSeconds(postmaster),
    self: cpuSeconds(process.pid),
  };
  const started = performance.now();
  const figure = await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = {
    nodes: nodes.map((n, i) => cpuSeconds(n.pid) - (cpuBefore.nodes[i] ?? 0)),
    pg: clusterCpuSeconds(postmaster) - cpuBefore.pg,
    self: cpuSeconds(process.pid) - cpuBefore.self,
  };
  const { waits, samples, peak } = await sampler.stop();
  const stmts = await admin.query<StatementRow>(
    `SELECT query, calls::int, total_exec_time, mean_exec_time, rows::int, toplevel FROM pg_stat_statements
     WHERE query NOT LIKE '%pg_stat_%' ORDER BY total_exec_time DESC LIMIT 14`,
  );
  const calls = async (like: string) =>
    (
      await admin.query<{ n: number }>(
        `SELECT COALESCE(SUM(calls), 0)::int AS n FROM pg_stat_statements WHERE query LIKE $1`,
        [like],
      )
    ).rows[0]?.n ?? 0;
  const notifies = await calls('NOTIFY office_events%');
  const stmtCalls = (
    await admin.query<{ n: number }>(
      `SELECT COALESCE(SUM(calls), 0)::int AS n FROM pg_stat_statements WHERE toplevel AND query NOT LIKE '%pg_stat_%'`,
    )
  ).rows[0]?.n;
  // the feed's read: one call of office_feed_read (migration 19) for the horizon and the events up to it
  const reads = await calls('%FROM office_feed_read(%');
  const horizons = await calls('%office_event_horizon()%');
  const commits = (
    await admin.query<{ xact_commit: number }>(
      'SELECT xact_commit::int FROM pg_stat_database WHERE datname = current_database()',
    )
  ).rows[0]?.xact_commit;
  console.log(`\n=== ${name}: ${figure} (${seconds.toFixed(1)} s, load ${load} → ${loadavg()[0]?.toFixed(2)})`);
  console.log(`backends open (peak, client): ${peak} on ${cpus().length} cores`);
  // CPU time is what the 2 cores share: less sensitive to the other load on the machine than a rate
  console.log(
    `CPU seconds: office node(s) ${cpu.nodes.map((c) => c.toFixed(2)).join(' + ')}, PostgreSQL ${cpu.pg.toFixed(2)}, load generator (this process) ${cpu.self.toFixed(2)}; per ${units(name)}: node ${((1000 * cpu.nodes.reduce((a, b) => a + b, 0)) / count(name)).toFixed(3)} ms, PostgreSQL ${((1000 * cpu.pg) / count(name)).toFixed(3)} ms, load generator ${((1000 * cpu.self) / count(name)).toFixed(3)} ms`,
  );
  const walAfter = await walCounts(admin);
  // a commit that waits for its WAL (synchronous_commit on) costs a flush unless it shares one
  console.log(
    `WAL flushes (pg_stat_wal.wal_sync): ${walAfter.sync - wal.sync}; WAL writes: ${walAfter.write - wal.write}; WAL records: ${walAfter.records - wal.records}; ${stmtCalls} top-level statements`,
  );
  console.log(
    `NOTIFY office_events: ${notifies}; feed event reads: ${reads} (${(reads / Math.max(1, notifies) / nodes.length).toFixed(2)} per NOTIFY per node, ${nodes.length} node(s)); horizon reads: ${horizons}; commits in the database so far: ${commits}`,
  );
  console.log('wait events of active backends (share of samples × backends):');
  const total = [...waits.values()].reduce((a, b) => a + b, 0);
  for (const [w, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(
      `  ${w.padEnd(36)} ${((100 * n) / total).toFixed(1).padStart(5)}%  (avg ${(n / samples).toFixed(2)} backends)`,
    );
  console.log('statements by total time (ms):');
  for (const s of stmts.rows)
    console.log(
      `  ${s.total_exec_time.toFixed(0).padStart(7)} total  ${s.mean_exec_time.toFixed(3).padStart(7)} mean  ${String(s.calls).padStart(7)} calls ${s.toplevel ? ' ' : 'n'} ${s.query.replace(/\s+/g, ' ').slice(0, 110)}`,
    );
  for (const l of before) console.log(l);
  for (const l of await feedCounters(nodes)) console.log(l);
}

async function main(): Promise<void> {
  const cluster = await startPostgresCluster({
    durable: true,
    settings: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'],
  });
  try {
    const url = await cluster.createDatabase('office_profile');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE EXTENSION pg_stat_statements');
    await migratePostgres({ url });
    const teams = await seed(new PostgresStore({ url }));
    const one = await startServer({ dataDir, databaseUrl: url, env: serverEnv });
    try {
      if (phases.includes('summaries'))
        await report(
          admin,
          'summaries, one node',
          [one],
          async () => `${(await benchSummaries(one.url, teams.flat())).toFixed(0)} req/s`,
          [],
        );
      if (phases.includes('chat'))
        await report(
          admin,
          'chat, one node',
          [one],
          async () => {
            const c = await benchChat([one.url], teams, 'pg');
            return `p50 ${c.p50.toFixed(1)} ms, p99 ${c.p99.toFixed(1)} ms`;
          },
          [],
        );
      if (phases.includes('chat2')) {
        const two = await startServer({ dataDir, databaseUrl: url, env: serverEnv });
        try {
          const counters = await feedCounters([one, two]);
          await report(
            admin,
            'chat, two nodes',
            [one, two],
            async () => {
              const c = await benchChat([one.url, two.url], teams, 'pg2');
              return `p50 ${c.p50.toFixed(1)} ms, p99 ${c.p99.toFixed(1)} ms`;
            },
            counters.map((l) => `${l} (before)`),
          );
        } finally {
          await two.stop();
        }
      }
    } finally {
      await one.stop();
      await admin.end();
    }
  } finally {
    await cluster.stop();
  }
}

main().then(
  () => {
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err);
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  },
);
