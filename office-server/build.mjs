// Bundles the office server (its TypeScript and the shared/ schemas it imports) into dist/main.js,
// plain JavaScript that Node runs without tsx. npm packages stay external: they are this package's
// dependencies, installed by npm beside it (better-sqlite3 is native and cannot be bundled anyway),
// so `npm audit` and `npm ls` see exactly what runs.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}main.ts`],
  outfile: `${here}dist/main.js`,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
console.log('built office-server/dist/main.js');
