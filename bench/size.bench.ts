// size: what the renderer costs to load. Builds first so the figure matches the sources.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
const assets = join(root, 'out/renderer/assets');
const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
let raw = 0;
let gz = 0;
for (const file of js) {
  const bytes = readFileSync(join(assets, file));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
console.log(`BENCH size.renderer_js_gzip_kb ${(gz / 1024).toFixed(1)} kB`);
console.log(`BENCH size.renderer_js_raw_kb ${(raw / 1024).toFixed(1)} kB`);
