import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { waitForHostUrl } from '../fixtures/browser-host-url';

const root = join(import.meta.dirname, '../..');

export interface BrowserHostProcess {
  url: string;
  origin: string;
  output: () => string;
}

/**
 * Starts the real browser host (npm run start:browser without the build step) for one test file.
 * `nodeArgs` go to Node before the host's own (the soak bench's `--inspect=127.0.0.1:0`).
 */
export async function startBrowserHostProcess(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BrowserHostProcess & { stop(): Promise<void>; pid: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'electron/browser-host/main.ts'],
    {
      cwd: root,
      env: { ...process.env, TELEWORKER_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = waitForHostUrl(child, 30_000);
  const url = await started.url;
  const output = started.output;
  return {
    url,
    origin: new URL(url).origin,
    output,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<object, { host: BrowserHostProcess }>({
  host: [
    // Playwright reads the fixture's dependencies from the destructuring pattern, even an empty one.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startBrowserHostProcess();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
});
export { expect } from '@playwright/test';
