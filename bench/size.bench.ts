// size: what the renderer costs to load (the first screen, and everything), and what the packed app weighs. Builds first so the
// figures match the sources; packs with electron-builder (--linux dir) against a stand-in Electron
// binary (as test/integration/packaging does), so app.asar is exactly what an installer carries.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readRendererChunks } from '../test/fixtures/renderer-manifest';
import { ensureBuild } from './harness';

const root = join(import.meta.dirname, '..');
ensureBuild(root);
const assets = join(root, 'out/renderer/assets');
const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
let raw = 0;
let gz = 0;
const gzipped = new Map<string, number>();
for (const file of js) {
  const bytes = readFileSync(join(assets, file));
  raw += bytes.length;
  gzipped.set(`assets/${file}`, gzipSync(bytes, { level: 9 }).length);
  gz += gzipped.get(`assets/${file}`)!;
}
// What the sign-in screen and the frame load: the entry with its static imports, and one language's
// words (the larger, as a worst case). The sections' chunks come on first visit.
const chunks = readRendererChunks(join(root, 'out/renderer'));
const sizeOf = (file: string) => gzipped.get(file) ?? 0;
const initial =
  [...chunks.initial].reduce((sum, file) => sum + sizeOf(file), 0) +
  Math.max(0, ...[...chunks.words.values()].map(sizeOf));
console.log(`BENCH size.renderer_initial_js_gzip_kb ${(initial / 1024).toFixed(1)} kB`);
console.log(`BENCH size.renderer_js_gzip_kb ${(gz / 1024).toFixed(1)} kB`);
console.log(`BENCH size.renderer_js_raw_kb ${(raw / 1024).toFixed(1)} kB`);

// A stand-in Electron: a script carrying the fuse wire electron-builder flips (Electron's defaults).
const work = mkdtempSync(join(tmpdir(), 'tw-size-'));
try {
  const builderRequire = createRequire(
    createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json')).resolve(
      'app-builder-lib/package.json',
    ),
  );
  const { SENTINEL } = builderRequire('@electron/fuses/dist/constants') as { SENTINEL: string };
  const dist = join(work, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n# '),
      Buffer.from(SENTINEL),
      Buffer.from([1, 8]),
      Buffer.from('10110001\n'),
    ]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  const output = join(work, 'release');
  execFileSync(
    'npx',
    [
      'electron-builder',
      '--linux',
      'dir',
      `-c.electronDist=${dist}`,
      `-c.electronVersion=${version}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: 'pipe', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  const resources = join(output, 'linux-unpacked', 'resources');
  const du = (path: string): number => {
    const info = statSync(path);
    return info.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0) : info.size;
  };
  console.log(`BENCH size.app_asar_kb ${(statSync(join(resources, 'app.asar')).size / 1024).toFixed(1)} kB`);
  console.log(`BENCH size.app_asar_unpacked_kb ${(du(join(resources, 'app.asar.unpacked')) / 1024).toFixed(1)} kB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
