// Issue 27: office-server/deploy/ as IT uses it. systemd's own analyzer reads the unit (and rates
// its hardening), the example configuration starts the built server, and the Containerfile's
// health check command, run as the image would run it, tells a ready server from a missing one.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, packageDir, plainEnv, startBuilt, type Build } from './built-server';
import { tempDir } from './helpers';

const deploy = join(packageDir, 'deploy');
const read = (f: string) => readFileSync(join(deploy, f), 'utf8');
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!hasSystemdAnalyze)
  process.stdout.write('deploy.test: systemd-analyze is not installed: the unit checks are skipped\n');

let build: Build;
const dirs: string[] = [];
beforeAll(() => {
  build = buildServer();
}, 120_000);
afterAll(() => {
  build.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('office-server/deploy', () => {
  it.runIf(hasSystemdAnalyze)('systemd-analyze verifies the unit and rates its hardening OK', () => {
    const unit = read('teleworker-office.service');
    expect(unit).toMatch(/^User=teleworker-office$/m);
    expect(unit).toMatch(/^StateDirectory=teleworker-office$/m);
    for (const hardening of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes'])
      expect(unit).toContain(`\n${hardening}\n`);
    // the analyzer checks that ExecStart exists: point it at the package's command of this build
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'teleworker-office.service');
    writeFileSync(file, unit.replace(/^ExecStart=\S+/m, `ExecStart=${build.bin}`));
    const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    expect(verify.stderr.trim()).toBe('');
    expect(verify.status).toBe(0);
    const security = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', file], {
      encoding: 'utf8',
    });
    const exposure = /Overall exposure level for \S+: (\d+\.\d+)/.exec(security.stdout);
    expect(exposure, security.stdout + security.stderr).not.toBeNull();
    expect(Number(exposure?.[1])).toBeLessThanOrEqual(2);
  });

  it('the example configuration starts the built server (ports and folder overridden by flags)', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const example = join(deploy, 'office-server.example.json');
    const server = await startBuilt(build.main, [
      '--config',
      example,
      '--port',
      '0',
      '--metrics-port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(server.metricsUrl ?? '')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('the Containerfile runs as a numbered non-root user on Node 22 LTS slim, and its health check works', async () => {
    const file = read('Containerfile');
    const froms = [...file.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toMatch(/^docker\.io\/library\/node:22-\w+-slim( AS \w+)?$/);
    expect(file).toMatch(/^USER 10001:10001$/m);
    const check = /^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$/m.exec(file);
    expect(check?.[1]).toBeDefined();
    const argv = JSON.parse(check?.[1] ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    const dataDir = tempDir();
    dirs.push(dataDir);
    const server = await startBuilt(build.main, ['--port', '0', '--data-dir', dataDir]);
    const port = new URL(server.url).port;
    const probe = (p: string) =>
      spawnSync(process.execPath, argv.slice(1), { env: plainEnv({ PORT: p }), encoding: 'utf8' }).status;
    try {
      expect(probe(port)).toBe(0);
    } finally {
      await server.stop();
    }
    expect(probe(port)).toBe(1); // nobody listens there any more
  });
});
