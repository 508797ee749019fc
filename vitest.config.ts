import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Debian's PostgreSQL (scripts/setup-system.sh): the office-server suite runs once more against it */
function hasPostgres(): boolean {
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'initdb')));
}
const postgres = hasPostgres();
if (!postgres && !process.env.VITEST_WORKER_ID) {
  // TELEWORKER_REQUIRE (.ci/run): a machine that must have PostgreSQL fails here instead of skipping
  if ((process.env.TELEWORKER_REQUIRE ?? '').split(',').some((c) => c.trim() === 'postgres'))
    throw new Error(
      'office-pg: TELEWORKER_REQUIRE names "postgres", but PostgreSQL is not installed (apt-get install postgresql)',
    );
  process.stdout.write(
    'SKIP office-pg: PostgreSQL is not installed (apt-get install postgresql): the office-server suite runs on SQLite only\n',
  );
}

// a stray .only fails the run instead of passing it with the rest left out (whatever CI says; each
// project needs it: inline projects do not inherit the root's test options)
const allowOnly = false;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          allowOnly,
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          // two office-server nodes need PostgreSQL: that file runs in the office-pg project only
          exclude: ['test/unit/renderer/**', 'test/integration/office-server/multi-node.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'dom',
          allowOnly,
          environment: 'jsdom',
          include: ['test/unit/renderer/**/*.test.{ts,tsx}'],
        },
      },
      // the office-server integration suite again, on PostgreSQL (one cluster for the run, a database per server)
      ...(postgres
        ? [
            {
              test: {
                name: 'office-pg',
                allowOnly,
                environment: 'node',
                include: ['test/integration/office-server/**/*.test.ts'],
                // SQLite's own repositories, file and process behaviour; the deployment files (no database)
                exclude: [
                  'test/integration/office-server/repositories.test.ts',
                  'test/integration/office-server/deploy.test.ts',
                ],
                globalSetup: ['test/integration/office-server/postgres-global-setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
