// Global setup of the `office-pg` test project: one PostgreSQL for the whole run; each test server
// gets its own database in it (helpers.ts).
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the admin URL of the run's PostgreSQL; absent in the SQLite runs */
    officePostgresUrl: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  project.provide('officePostgresUrl', cluster.url());
  return () => cluster.stop();
}
