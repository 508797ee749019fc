// npm test: every suite, in order, stopping at the first failure.
//   system packages → keytar built (scripts/ensure-keytar.mjs) → type-check (node, web, tests) →
//   lint → build → vitest (unit + integration, Node and DOM) → Playwright in Chromium through the
//   browser host → Electron suite (or one line saying it was skipped) → every bench once in its quick
//   mode (each runs and prints every figure it names; targets are `npm run bench`'s business) →
//   electronegativity.
// The closing line counts every runner: vitest, Playwright, the Electron suite (its skip among the
// skipped) and the quick benches (one each). TELEWORKER_REQUIRE (.ci/run) turns a skip for a
// capability it names into a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const vitestJson = join(tmp, 'vitest.json');
const playwrightJson = join(tmp, 'playwright.json');
const electronJson = join(tmp, 'electron.json');
const benchJson = join(tmp, 'bench-quick.json');
for (const f of [vitestJson, playwrightJson, electronJson, benchJson]) rmSync(f, { force: true });

const required = new Set((process.env.TELEWORKER_REQUIRE ?? '').split(',').map((c) => c.trim()));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let chromiumSkipped = 0;
const e2eStep = [
  'e2e (Chromium, browser host)',
  'npx',
  ['playwright', 'test', '--config', 'test/e2e/playwright.config.ts', '--reporter=list,json'],
  { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
];
if (!existsSync(chromium)) {
  if (required.has('chromium')) {
    console.error(`✖ TELEWORKER_REQUIRE names "chromium", but ${chromium} is not there (apt-get install chromium)`);
    process.exit(1);
  }
  console.log(`SKIPPED e2e (Chromium): ${chromium} is not there (apt-get install chromium)`);
  chromiumSkipped = 1;
}

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
  // vitest's default is one worker per core but one: a single worker on a 2-core machine, where most of
  // the suite waits on sockets, processes and databases rather than computing (10 minutes of 20)
  [
    'vitest',
    'npx',
    [
      'vitest',
      'run',
      `--maxWorkers=${Math.max(2, availableParallelism() - 1)}`,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson}`,
    ],
  ],
  ...(chromiumSkipped ? [] : [e2eStep]),
  ['e2e (Electron)', 'node', ['scripts/test-electron.mjs'], { ELECTRON_RESULT_JSON: electronJson }],
  ['benchmarks (quick)', 'node', ['scripts/bench.mjs', '--quick', '--json', benchJson]],
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

// One closing line with the real counts of every runner.
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
skipped += chromiumSkipped;
// the office-pg project (the office-server suite again on PostgreSQL) is left out where PostgreSQL is not
// installed (vitest.config.ts prints its SKIP line): one skip
const pgRoot = '/usr/lib/postgresql';
if (!(existsSync(pgRoot) && readdirSync(pgRoot).some((v) => existsSync(join(pgRoot, v, 'bin', 'initdb')))))
  skipped += 1;
if (existsSync(electronJson)) {
  const e = JSON.parse(readFileSync(electronJson, 'utf8'));
  passed += e.passed;
  failed += e.failed;
  skipped += e.skipped;
} else {
  failed += 1; // the Electron step always records its counts: none means it did not run
}
if (existsSync(benchJson)) {
  const b = JSON.parse(readFileSync(benchJson, 'utf8'));
  passed += b.passed;
  failed += b.failed;
  skipped += b.skipped;
} else {
  failed += 1;
}
console.log(`\nall suites green in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
