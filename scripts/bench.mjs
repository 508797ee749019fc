// npm run bench            -> every area in bench/
// npm run bench -- AREA..  -> only those areas
// Each area is bench/<area>.bench.ts, run in its own process; it prints `BENCH <name> <value> <unit>`.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((a) => !available.includes(a));
if (unknown.length) {
  console.error(`unknown bench area(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const area of wanted.length ? wanted : available) {
  console.error(`# bench area: ${area}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${area}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    console.error(`# bench area ${area} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
