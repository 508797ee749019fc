// keytar (the system keychain) is an optional dependency: `npm install` leaves it out, or unbuilt,
// on a machine without libsecret-1-dev or a compiler, and the app then keeps sign-ins elsewhere.
// The tests want the real keychain, so `npm test` runs this after scripts/setup-system.sh has
// installed those packages: it builds keytar when it does not load, and fails when it cannot.
//   present but not built (or built before libsecret existed) -> npm rebuild keytar
//   left out by npm after its build failed                    -> npm install --no-save keytar@<pinned>
// Neither touches package.json or package-lock.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** null when keytar loads in a fresh Node process, else the first line of why not. */
function loadError() {
  const r = spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: root, encoding: 'utf8' });
  if (r.status === 0) return null;
  return (
    (r.stderr || r.error?.message || `exit ${r.status}`)
      .split('\n')
      .find((l) => /Error|Cannot/.test(l))
      ?.trim() ?? 'unknown error'
  );
}

const before = loadError();
if (!before) {
  console.log('keytar: loads; the system keychain tests will run');
  process.exit(0);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.optionalDependencies?.keytar ?? pkg.dependencies?.keytar;
const installed = existsSync(join(root, 'node_modules', 'keytar', 'package.json'));
const args = installed
  ? ['rebuild', 'keytar']
  : ['install', '--no-save', '--no-audit', '--no-fund', `keytar@${version}`];
console.log(`keytar: does not load (${before}); running npm ${args.join(' ')}`);
const run = spawnSync(npm, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const after = loadError();
if (run.status === 0 && !after) {
  console.log('keytar: built; the system keychain tests will run');
  process.exit(0);
}
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`
  .split('\n')
  .filter((l) => l.trim() && !/EBADENGINE|^npm warn\s+(package|required|current|})/.test(l));
console.error(output.slice(-25).join('\n'));
console.error(
  `keytar: still does not load (${after ?? `npm exit ${run.status}`}). It needs libsecret-1-dev, pkg-config, g++, make and python3 ` +
    '(bash scripts/setup-system.sh installs them) and the npm registry; then run `npm rebuild keytar`.',
);
process.exit(1);
