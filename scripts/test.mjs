// npm test: every suite, in order, stopping at the first failure.
//   system packages → keytar built (scripts/ensure-keytar.mjs) → type-check (node, web, tests) →
//   lint → build → vitest (unit + integration, Node and DOM) → Playwright in Chromium through the
//   browser host → Electron suite (or one line saying it was skipped) → electronegativity.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const vitestJson = join(tmp, 'vitest.json');
const playwrightJson = join(tmp, 'playwright.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

const steps = [
  ['system packages', 'bash', ['scripts/setup-system.sh']],
  ['keychain module (keytar)', 'node', ['scripts/ensure-keytar.mjs']],
  ['type-check (node)', 'npx', ['tsc', '-p', 'tsconfig.node.json']],
  ['type-check (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json']],
  ['type-check (tests)', 'npx', ['tsc', '-p', 'tsconfig.test.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format (prettier)', 'npx', ['prettier', '--check', '.']],
  ['unused files, exports and dependencies (knip)', 'npx', ['knip']],
  ['build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  ['vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]],
  [
    'e2e (Chromium, browser host)',
    'npx',
    ['playwright', 'test', '--config', 'test/e2e/playwright.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  ],
  ['e2e (Electron)', 'node', ['scripts/test-electron.mjs']],
  ['electronegativity', 'node', ['scripts/scan-electron.mjs']],
];

const started = Date.now();
for (const [name, command, args, env] of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds} s (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  console.log(`✔ ${name} (${seconds} s)`);
}

// One closing line with the real counts of both runners.
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}
if (existsSync(playwrightJson)) {
  const p = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
}
console.log(`\nall suites green in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
