// npm run bench                      -> every area in bench/
// npm run bench -- AREA..            -> only those areas
// npm run bench -- --quick [AREA..]  -> each bench once with a small N (npm test runs this)
// npm run bench -- --json FILE       -> also write every figure and verdict to FILE (scripts/bench-docs.mjs reads it)
//
// Each area is bench/<area>.bench.ts, run in its own process; it prints `BENCH <name> <value> <unit>`
// (bench/harness.ts). bench/targets.json names every figure of every area with its limit. After each
// BENCH line with a limit this prints `TARGET <name> <value> <le|ge> <limit> met|missed`.
// An area fails when its process fails, when a figure it names is not printed, when it prints a
// figure the table does not name, or (full run) when a target is missed. A bench that says
// `UNAVAILABLE <capability> <reason>` fails in a full run; in the quick run it is a counted skip,
// unless TELEWORKER_REQUIRE names the capability.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
// TELEWORKER_BENCH_DIR: another folder of benches and targets.json (test/unit/scripts/bench.test.ts)
const benchDir = process.env.TELEWORKER_BENCH_DIR || join(root, 'bench');
const targets = JSON.parse(readFileSync(join(benchDir, 'targets.json'), 'utf8'));
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
// (the word after --json is its file; without --json every other word is an area)
const wanted = args.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));
const unknown = wanted.filter((a) => !available.includes(a));
if (unknown.length) {
  console.error(`unknown bench area(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const untabled = available.filter((a) => !targets[a]);
// the areas the table names must exist too (a renamed bench would leave its targets unchecked)
const orphans = Object.keys(targets).filter((a) => !a.startsWith('$') && !available.includes(a));
if (orphans.length) {
  console.error(`bench/targets.json names areas with no bench: ${orphans.join(', ')}`);
  process.exit(2);
}
if (untabled.length) {
  console.error(`bench/targets.json names no figures for: ${untabled.join(', ')}`);
  process.exit(2);
}
const required = new Set(
  (process.env.TELEWORKER_REQUIRE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** `TARGET …` for a figure with a limit, or null */
function verdict(name, value, target) {
  if (!target) return null;
  const [op, limit] = 'le' in target ? ['le', target.le] : ['ge', target.ge];
  const met = op === 'le' ? value <= limit : value >= limit;
  return { op, limit, met, line: `TARGET ${name} ${value} ${op} ${limit} ${met ? 'met' : 'missed'}` };
}

function runArea(area) {
  const table = targets[area];
  const printed = new Map();
  const problems = [];
  let unavailableLine = null;
  const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, `${area}.bench.ts`)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(quick ? { BENCH_QUICK: '1' } : {}) },
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    console.log(line);
    const unavailable = /^UNAVAILABLE (\S+) (.*)$/.exec(line);
    if (unavailable) {
      unavailableLine = { capability: unavailable[1], reason: unavailable[2] };
      return;
    }
    const m = /^BENCH (\S+) (\S+) (.+)$/.exec(line);
    if (!m) return;
    const [, name, raw, unit] = m;
    const value = Number(raw);
    const spec = table[name];
    if (!spec) {
      problems.push(`${name} is not named in bench/targets.json`);
      return;
    }
    if (!Number.isFinite(value)) problems.push(`${name} printed ${raw}, not a number`);
    if (spec.unit !== unit) problems.push(`${name} printed in ${unit}, the table says ${spec.unit}`);
    const v = quick ? null : verdict(name, value, spec.target);
    if (v) {
      console.log(v.line);
      if (!v.met) problems.push(`${name} ${value} missed its target (${v.op} ${v.limit})`);
    }
    printed.set(name, { value, unit, target: spec.target, met: v ? v.met : null });
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      if (code !== 0) problems.push(`exit ${code ?? signal}`);
      let skipped = null;
      if (unavailableLine) {
        const { capability, reason } = unavailableLine;
        if (!quick) problems.push(`cannot run here: needs ${capability} (${reason})`);
        else if (required.has(capability))
          problems.push(`needs ${capability}, which TELEWORKER_REQUIRE says this machine has (${reason})`);
        else skipped = `SKIPPED bench ${area}: needs ${capability} (${reason})`;
      } else {
        const missing = Object.keys(table).filter((name) => !printed.has(name));
        if (missing.length) problems.push(`did not print ${missing.join(', ')}`);
      }
      // the machine's load when the area ended: a figure from a busy machine says so
      resolve({ area, problems, skipped, figures: Object.fromEntries(printed), load: loadavg()[0] });
    });
  });
}

const results = [];
for (const area of wanted.length ? wanted : available) {
  console.error(`# bench area: ${area}${quick ? ' (quick)' : ''}`);
  const r = await runArea(area);
  results.push(r);
  if (r.skipped) console.log(r.skipped);
  for (const p of r.problems) console.error(`# bench area ${area} failed: ${p}`);
}
const failed = results.filter((r) => r.problems.length);
const skipped = results.filter((r) => r.skipped);
const passed = results.length - failed.length - skipped.length;
console.error(
  `# bench${quick ? ' (quick)' : ''}: ${passed} passed, ${failed.length} failed, ${skipped.length} skipped` +
    (failed.length ? ` (failed: ${failed.map((r) => r.area).join(', ')})` : ''),
);
if (jsonFile) {
  writeFileSync(
    jsonFile,
    JSON.stringify(
      { quick, at: new Date().toISOString(), passed, failed: failed.length, skipped: skipped.length, results },
      null,
      2,
    ),
  );
}
process.exit(failed.length ? 1 : 0);
