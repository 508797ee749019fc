// Bundles the office server (its TypeScript and the shared/ schemas it imports) into dist/main.js,
// plain JavaScript that Node runs without tsx. npm packages stay external: they are this package's
// dependencies, installed by npm beside it (better-sqlite3 is native and cannot be bundled anyway),
// so `npm audit` and `npm ls` see exactly what runs.
//   node build.mjs [outfile]   (default dist/main.js; tests build into a folder of their own)
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outfile = resolve(process.argv[2] ?? `${here}dist/main.js`);
// dist/ holds nothing but the build: what an older build left there must not ship
if (process.argv[2] === undefined) rmSync(dirname(outfile), { recursive: true, force: true });
await build({
  entryPoints: [`${here}main.ts`],
  outfile,
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
console.log(`built ${outfile}`);
