// The Electron end-to-end suite (Playwright's _electron). It needs the Electron binary, which
// cannot be downloaded on every machine. Where it is missing this prints one line and counts one
// skip, unless TELEWORKER_REQUIRE names `electron` (then it fails). A binary that is there but does
// not start is a failure. The counts go to ELECTRON_RESULT_JSON (scripts/test.mjs reads them).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const resultFile = process.env.ELECTRON_RESULT_JSON;
const required = (process.env.TELEWORKER_REQUIRE ?? '')
  .split(',')
  .map((s) => s.trim())
  .includes('electron');

/** records the suite's counts for npm test's closing line, then exits */
function finish(code, counts) {
  if (resultFile) writeFileSync(resultFile, JSON.stringify(counts));
  process.exit(code);
}

let binary;
try {
  // the path of the binary, or a throw when it was never downloaded; TELEWORKER_ELECTRON_BINARY: another
  // binary (test/unit/scripts/test-electron.test.ts gives one that does not start, or none)
  binary = process.env.TELEWORKER_ELECTRON_BINARY || require('electron');
} catch {
  binary = null;
}
if (!binary || !existsSync(binary)) {
  const why =
    'the Electron binary is not installed here (its download failed or was skipped); run `node node_modules/electron/install.js` where the internet is reachable';
  if (required) {
    console.error(`FAILED electron e2e: TELEWORKER_REQUIRE names "electron", but ${why}`);
    finish(1, { passed: 0, failed: 1, skipped: 0 });
  }
  console.log(`SKIPPED electron e2e: ${why}`);
  finish(0, { passed: 0, failed: 0, skipped: 1 });
}
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const wrap = (cmd, args) => (needsDisplay ? ['xvfb-run', ['-a', cmd, ...args]] : [cmd, args]);
const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 60_000 });
if (probe.status !== 0) {
  // it is there and does not start: that is a broken install or a broken app, never a pass
  console.error(
    `FAILED electron e2e: the Electron binary does not start here (${(probe.stderr || probe.error?.message || `exit ${probe.status ?? probe.signal}`).trim().split('\n')[0]})`,
  );
  finish(1, { passed: 0, failed: 1, skipped: 0 });
}
const json = resultFile ? `${resultFile}.playwright.json` : undefined;
if (json) rmSync(json, { force: true });
const [cmd, args] = wrap('npx', [
  'playwright',
  'test',
  '--config',
  'test/electron/playwright.config.ts',
  ...(json ? ['--reporter=list,json'] : []),
]);
const run = spawnSync(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, ...(json ? { PLAYWRIGHT_JSON_OUTPUT_NAME: json } : {}) },
});
const code = run.status ?? 1;
let counts = { passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
if (json && existsSync(json)) {
  const p = JSON.parse(readFileSync(json, 'utf8'));
  counts = { passed: p.stats.expected + p.stats.flaky, failed: p.stats.unexpected, skipped: p.stats.skipped };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
}
finish(code, counts);
