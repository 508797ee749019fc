// scripts/test-electron.mjs: a missing Electron binary is one counted skip (a failure where
// TELEWORKER_REQUIRE names electron); a binary that is there but does not start is a failure.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '../../../scripts/test-electron.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tw-test-electron-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(binary: string, require = '') {
  const result = join(dir, `result-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: {
      ...process.env,
      TELEWORKER_ELECTRON_BINARY: binary,
      TELEWORKER_REQUIRE: require,
      ELECTRON_RESULT_JSON: result,
    },
  });
  return { code: r.status, out: r.stdout + r.stderr, counts: JSON.parse(readFileSync(result, 'utf8')) as unknown };
}

describe('the Electron suite runner', () => {
  it('counts a missing binary as one skip, printed on one line', () => {
    const r = run(join(dir, 'no-such-electron'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^SKIPPED electron e2e: /m);
    expect(r.counts).toEqual({ passed: 0, failed: 0, skipped: 1 });
  });

  it('fails on a missing binary when TELEWORKER_REQUIRE names electron', () => {
    const r = run(join(dir, 'no-such-electron'), 'netns,electron');
    expect(r.code).toBe(1);
    expect(r.out).toContain('TELEWORKER_REQUIRE names "electron"');
    expect(r.counts).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('fails when the binary is there but does not start', () => {
    const broken = join(dir, 'electron');
    writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    chmodSync(broken, 0o755);
    const r = run(broken);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED electron e2e: the Electron binary does not start here (error while loading');
    expect(r.counts).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});
