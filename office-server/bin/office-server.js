#!/usr/bin/env node
// The package's `office-server` command: the bundled server in dist/ (npm run build makes it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('office-server: dist/main.js is missing; build it first (npm run build)\n');
  process.exit(1);
}
await import(main.href);
