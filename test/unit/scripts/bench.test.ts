// scripts/bench.mjs against stand-in benches (a temp folder with its own targets.json): a TARGET
// line after each BENCH line with a limit, exit 1 on a miss, on a figure not printed or not named,
// and on a missing capability (a counted skip in the quick run unless TELEWORKER_REQUIRE names it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '../../../scripts/bench.mjs');
const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** a bench folder with one area `demo` whose bench prints `lines` */
function benches(lines: string[], table: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  folders.push(dir);
  writeFileSync(
    join(dir, 'demo.bench.ts'),
    `const quick: boolean = process.env.BENCH_QUICK === '1';\nfor (const l of ${JSON.stringify(lines)}) console.log(l.replace('$Q', String(quick)));\n`,
  );
  writeFileSync(join(dir, 'targets.json'), JSON.stringify({ demo: table }));
  return dir;
}

function run(dir: string, args: string[] = [], require = '') {
  const r = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TELEWORKER_BENCH_DIR: dir, TELEWORKER_REQUIRE: require },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const TABLE = {
  'demo.fast_ms': { unit: 'ms', target: { le: 50 } },
  'demo.rate_per_s': { unit: 'req/s', target: { ge: 1000 } },
  'demo.heap_mb': { unit: 'MB', target: null },
};

describe('npm run bench', () => {
  it('runs only the areas named (npm run bench -- AREA), with or without --json', () => {
    const dir = benches(
      ['BENCH demo.fast_ms 12.5 ms', 'BENCH demo.rate_per_s 1000 req/s', 'BENCH demo.heap_mb 9.1 MB'],
      TABLE,
    );
    writeFileSync(join(dir, 'other.bench.ts'), `console.log('BENCH other.n 1 n');\n`);
    writeFileSync(
      join(dir, 'targets.json'),
      JSON.stringify({ demo: TABLE, other: { 'other.n': { unit: 'n', target: null } } }),
    );
    const one = run(dir, ['demo']);
    expect(one.err).toContain('# bench area: demo');
    expect(one.err).not.toContain('# bench area: other');
    expect(one.code).toBe(0);
    const json = join(dir, 'out.json');
    const withJson = run(dir, ['other', '--json', json]);
    expect(withJson.err).toContain('# bench area: other');
    expect(withJson.err).not.toContain('# bench area: demo');
  });

  it('prints a TARGET line after each figure with a limit and passes when all are met', () => {
    const r = run(
      benches(['BENCH demo.fast_ms 12.5 ms', 'BENCH demo.rate_per_s 1000 req/s', 'BENCH demo.heap_mb 9.1 MB'], TABLE),
    );
    expect(r.out.split('\n').filter(Boolean)).toEqual([
      'BENCH demo.fast_ms 12.5 ms',
      'TARGET demo.fast_ms 12.5 le 50 met',
      'BENCH demo.rate_per_s 1000 req/s',
      'TARGET demo.rate_per_s 1000 ge 1000 met',
      'BENCH demo.heap_mb 9.1 MB',
    ]);
    expect(r.code).toBe(0);
  });

  it('exits 1 when a target is missed', () => {
    const r = run(
      benches(['BENCH demo.fast_ms 50.1 ms', 'BENCH demo.rate_per_s 999 req/s', 'BENCH demo.heap_mb 9.1 MB'], TABLE),
    );
    expect(r.out).toContain('TARGET demo.fast_ms 50.1 le 50 missed');
    expect(r.out).toContain('TARGET demo.rate_per_s 999 ge 1000 missed');
    expect(r.code).toBe(1);
  });

  it('exits 1 when a named figure is not printed, or a printed one is not named', () => {
    const missing = run(benches(['BENCH demo.fast_ms 1 ms', 'BENCH demo.heap_mb 9.1 MB'], TABLE));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('did not print demo.rate_per_s');
    const extra = run(
      benches(
        [
          'BENCH demo.fast_ms 1 ms',
          'BENCH demo.rate_per_s 2000 req/s',
          'BENCH demo.heap_mb 1 MB',
          'BENCH demo.new 1 ms',
        ],
        TABLE,
      ),
    );
    expect(extra.code).toBe(1);
    expect(extra.err).toContain('demo.new is not named in bench/targets.json');
  });

  it('fails a bench that cannot run here (no root, no netns): not a pass', () => {
    const r = run(benches(['UNAVAILABLE netns needs root (ip netns)'], TABLE));
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot run here: needs netns');
  });

  it('quick mode: checks every figure is printed, not the targets; a missing capability is a counted skip', () => {
    const printed = run(
      benches(['BENCH demo.fast_ms 500 ms', 'BENCH demo.rate_per_s 1 req/s', 'BENCH demo.heap_mb 1 MB'], TABLE),
      ['--quick'],
    );
    expect(printed.code).toBe(0);
    expect(printed.out).not.toContain('TARGET');
    const short = run(benches(['BENCH demo.fast_ms 500 ms'], TABLE), ['--quick']);
    expect(short.code).toBe(1);
    const dir = benches(['UNAVAILABLE netns needs root (ip netns)'], TABLE);
    const skipped = run(dir, ['--quick']);
    expect(skipped.code).toBe(0);
    expect(skipped.out).toContain('SKIPPED bench demo: needs netns');
    expect(skipped.err).toContain('0 passed, 0 failed, 1 skipped');
    const required = run(dir, ['--quick'], 'netns,tun');
    expect(required.code).toBe(1);
    expect(required.err).toContain('TELEWORKER_REQUIRE');
  });

  it('runs the bench with BENCH_QUICK=1 in quick mode', () => {
    const r = run(
      benches(
        ['BENCH demo.fast_ms 1 ms', 'BENCH demo.rate_per_s 2000 req/s', 'BENCH demo.heap_mb 1 MB', '# quick $Q'],
        TABLE,
      ),
      ['--quick'],
    );
    expect(r.out).toContain('# quick true');
  });
});

describe('bench/targets.json', () => {
  it('names a unit for every figure, and limits only as le or ge with a number', async () => {
    const { default: table } = (await import('../../../bench/targets.json', { with: { type: 'json' } })) as {
      default: Record<string, Record<string, { unit: string; target: Record<string, number> | null }> | string>;
    };
    let figures = 0;
    for (const [area, figs] of Object.entries(table)) {
      if (area.startsWith('$')) continue;
      for (const [name, spec] of Object.entries(
        figs as Record<string, { unit: string; target: Record<string, number> | null }>,
      )) {
        figures++;
        expect(name.startsWith(`${area}.`), name).toBe(true);
        expect(spec.unit, name).toMatch(/\S/);
        if (spec.target) {
          expect(Object.keys(spec.target), name).toHaveLength(1);
          expect(['le', 'ge'], name).toContain(Object.keys(spec.target)[0]);
          expect(Number.isFinite(Object.values(spec.target)[0]), name).toBe(true);
        }
      }
    }
    expect(figures).toBeGreaterThan(40);
  });
});
