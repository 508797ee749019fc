// node scripts/bench-docs.mjs FILE: writes docs/benchmarks.md from a bench run's JSON
// (`npm run bench -- --json FILE [AREA..]`). Areas the run left out keep their section of the last
// page. Nobody types a measured number into docs/: this script writes them, from a real run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench-docs.mjs FILE (from npm run bench -- --json FILE)');
  process.exit(2);
}
const run = JSON.parse(readFileSync(file, 'utf8'));
if (run.quick) {
  console.error(`${file} is from a quick run (small N): its figures are not measurements to publish`);
  process.exit(2);
}
const targets = JSON.parse(readFileSync(join(root, 'bench/targets.json'), 'utf8'));
const page = join(root, 'docs/benchmarks.md');

// the sections of the page as it is: areas this run did not measure keep theirs
const kept = new Map();
if (existsSync(page)) {
  const text = readFileSync(page, 'utf8');
  for (const m of text.matchAll(/^## (\S+)\n[\s\S]*?(?=^## |$(?![\s\S]))/gm)) kept.set(m[1], m[0].trimEnd());
}

const limit = (t) => (t ? ('le' in t ? `≤ ${t.le}` : `≥ ${t.ge}`) : '');
const machine = `${cpus().length} CPU (${cpus()[0]?.model.trim() ?? 'unknown'}), Linux ${release()}, Node ${process.versions.node}`;
for (const r of run.results) {
  const lines = [
    `## ${r.area}`,
    '',
    `Run ${run.at.slice(0, 16).replace('T', ' ')} UTC on ${machine}${r.load !== undefined ? `, load average ${r.load.toFixed(1)}` : ''}.${r.skipped ? ` ${r.skipped}` : ''}${
      r.problems.length ? ` The run failed: ${r.problems.join('; ')}.` : ''
    }`,
    '',
    '| figure | value | target | |',
    '|---|---|---|---|',
  ];
  for (const [name, spec] of Object.entries(targets[r.area] ?? {})) {
    const f = r.figures[name];
    const verdict = f && spec.target ? (f.met ? 'met' : '**missed**') : '';
    lines.push(`| \`${name}\` | ${f ? `${f.value} ${f.unit}` : 'not measured'} | ${limit(spec.target)} | ${verdict} |`);
  }
  kept.set(r.area, lines.join('\n'));
}
const body = [...kept.keys()]
  .sort()
  .map((area) => kept.get(area))
  .join('\n\n');
writeFileSync(
  page,
  `# Benchmarks: measured numbers\n\nWritten by \`node scripts/bench-docs.mjs\` from \`npm run bench -- --json FILE\`; do not edit by hand.\nThe targets are bench/targets.json's; what each figure measures is said at the top of its bench/<area>.bench.ts.\n\n${body}\n`,
);
console.log(`wrote ${page} (${run.results.map((r) => r.area).join(', ')})`);
