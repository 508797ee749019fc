#!/usr/bin/env node
// The `teleworker` command (package.json "bin"). Runs the bundled build (out/cli/teleworker.mjs,
// made by `node scripts/build-cli.mjs`) when there is one, else the TypeScript source through tsx
// (a development checkout). The command itself is electron/services/control/cli.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../out/cli/teleworker.mjs', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../electron/services/control/cli-main.ts', import.meta.url).href);
}
