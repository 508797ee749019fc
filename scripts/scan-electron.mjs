// Electronegativity over the Electron shell and the renderer. It exits 0 even with findings, so we
// read its CSV and fail on any row. Suppressions are `eng-disable` comments next to the code, each
// with its reason. It runs offline (scripts/offline-network.cjs): its update checks would
// otherwise reach the internet, and ELECTRON_VERSION / AVAILABLE_SECURITY_FIXES checks are
// excluded for the same reason: Electron's version is kept current through package.json instead.
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const stage = join(root, '.tmp', 'electronegativity');
const csv = join(root, '.tmp', 'electronegativity.csv');

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const dir of ['electron', 'renderer']) cpSync(join(root, dir), join(stage, dir), { recursive: true });
rmSync(csv, { force: true });

const run = spawnSync(
  process.execPath,
  [
    '--require',
    join(root, 'scripts', 'offline-network.cjs'),
    cli,
    '-i',
    stage,
    '-o',
    csv,
    '-r',
    '-x',
    'ElectronVersionJSONCheck,AvailableSecurityFixesGlobalCheck',
  ],
  { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  console.error(`electronegativity failed to run (exit ${run.status})`);
  process.exit(1);
}
const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
if (rows.length) {
  console.error(`electronegativity: ${rows.length} finding(s):`);
  for (const row of rows) console.error(`  ${row.slice(0, 300)}`);
  process.exit(1);
}
console.log('electronegativity: 0 findings');
