// The Electron end-to-end suite (Playwright's _electron). It needs the Electron binary, which
// cannot be downloaded on every machine: where it is missing this prints one line and passes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron'); // the path of the binary, or a throw when it was never downloaded
} catch {
  binary = null;
}
if (!binary || !existsSync(binary)) {
  console.log(
    'SKIPPED electron e2e: the Electron binary is not installed here (its download failed or was skipped); run `node node_modules/electron/install.js` where the internet is reachable',
  );
  process.exit(0);
}
const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
if (probe.status !== 0) {
  console.log(
    `SKIPPED electron e2e: the Electron binary does not start here (${(probe.stderr || probe.error?.message || '').trim().split('\n')[0]})`,
  );
  process.exit(0);
}
const args = ['playwright', 'test', '--config', 'test/electron/playwright.config.ts'];
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const run = needsDisplay
  ? spawnSync('xvfb-run', ['-a', 'npx', ...args], { stdio: 'inherit' })
  : spawnSync('npx', args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
