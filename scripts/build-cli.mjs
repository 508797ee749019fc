// Bundles the `teleworker` command into out/cli/ (teleworker.mjs and the chunks it loads on demand;
// node-ipc and zod inside), so it starts fast: VPN hooks call it on every tunnel change, and their
// `vpn-event` never loads zod (electron/services/control/vpn-hook.ts).
//   node scripts/build-cli.mjs [outfile]      (default out/cli/teleworker.mjs; chunks beside it)
import { build } from 'esbuild';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? `${root}out/cli/teleworker.mjs`;
await build({
  entryPoints: { [basename(outfile).replace(/\.mjs$/, '')]: `${root}electron/services/control/cli-main.ts` },
  outdir: dirname(outfile),
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // node-ipc loads js-queue with require() (only for its sync mode, which the command does not use)
  banner: {
    js: "import { createRequire as __twRequire } from 'node:module'; const require = __twRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
