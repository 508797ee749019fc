// Electron's own postinstall downloads its binary. Where that download cannot happen (air-gapped
// build machines, CI without internet) `npm install` must still succeed: the services, the
// renderer and the browser host do not need the binary, and the Electron suite says it skipped.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies
}
const installScript = join(electronDir, 'install.js');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installScript)) process.exit(0);
const result = spawnSync(process.execPath, [installScript], { stdio: 'pipe', timeout: 120_000 });
if (result.status === 0) {
  console.log('electron: binary installed');
} else {
  const reason =
    (result.stderr?.toString() || result.error?.message || 'unknown error').split('\n').find((l) => l.trim()) ?? '';
  console.log(
    `electron: binary not downloaded (${reason.trim().slice(0, 160)}); the Electron end-to-end suite will be skipped, everything else works`,
  );
}
