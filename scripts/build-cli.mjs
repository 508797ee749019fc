// Bundles the `teleworker` command into one file, out/cli/teleworker.mjs (node-ipc and zod inside),
// so it starts in a few tens of milliseconds: VPN hooks call it on every tunnel change.
//   node scripts/build-cli.mjs [outfile]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? `${root}out/cli/teleworker.mjs`;
await build({
  entryPoints: [`${root}electron/services/control/cli-main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // node-ipc loads js-queue with require() (only for its sync mode, which the command does not use)
  banner: { js: "import { createRequire as __twRequire } from 'node:module'; const require = __twRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
