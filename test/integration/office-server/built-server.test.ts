// Issue 27: the office server IT installs is office-server/dist/main.js, plain JavaScript run by
// node (no tsx, no TypeScript at run time), and `npm pack` of the office-server workspace holds
// that bundle, the command and deploy/, none of the tests. In the office-pg project the built
// server runs on PostgreSQL (the bundle loads pg on demand).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, createTestDatabase, tempDir } from './helpers';
import { buildServer, packageDir, root, runBuilt, startBuilt, type Build } from './built-server';

let build: Build;
const dirs: string[] = [];
beforeAll(() => {
  build = buildServer();
}, 120_000);
afterAll(() => {
  build.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function engineEnv(): Promise<Record<string, string>> {
  return ENGINE === 'postgres' ? { DATABASE_URL: await createTestDatabase() } : { DATABASE_URL: '' };
}

describe(`the built office server (${ENGINE})`, () => {
  it('starts with plain node and answers /healthz, /readyz and, on its own port, /metrics', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const server = await startBuilt(
      build.main,
      ['--demo', '--port', '0', '--metrics-port', '0', '--data-dir', dataDir],
      await engineEnv(),
    );
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', version: '0.1.0', demo: true });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', databaseEngine: ENGINE } });
      // the API port never serves metrics; the metrics port serves nothing else
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const metricsUrl = server.metricsUrl ?? '';
      expect((await fetch(metricsUrl.replace(/\/metrics$/, '/healthz'))).status).toBe(404);
      const scrape = await fetch(metricsUrl);
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await scrape.text();
      expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"} 1');
      expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/readyz",status_code="200"} 1');
      expect(text).toMatch(/^office_event_sockets_open 0$/m);
    } finally {
      await server.stop();
    }
    expect(server.child.exitCode).toBe(0);
  });

  it("the package's office-server command starts the same bundle; without metrics configured there is no metrics port", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const server = await startBuilt(build.bin, ['--port', '0', '--data-dir', dataDir], await engineEnv());
    try {
      expect(server.metricsUrl).toBeUndefined();
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok', demo: false });
    } finally {
      await server.stop();
    }
    const help = await runBuilt(build.bin, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('office-server backup --to FILE');
  });

  // the file's engine does not matter here: registered once, in the SQLite run (no skipped test on PostgreSQL)
  if (ENGINE === 'sqlite')
    it('npm pack of the workspace holds the bundle, the command and deploy/, no tests', () => {
      // dist/ from these sources (npm run build --workspace office-server, as `npm run build` does)
      execFileSync('npm', ['run', 'build', '--workspace', 'office-server'], { cwd: root, stdio: 'pipe' });
      const packed = JSON.parse(
        execFileSync('npm', ['pack', '--dry-run', '--json', '--workspace', 'office-server'], {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ) as { name: string; files: { path: string }[] }[];
      expect(packed).toHaveLength(1);
      expect(packed[0]?.name).toBe('teleworker-office-server');
      const files = (packed[0]?.files ?? []).map((f) => f.path).sort();
      for (const f of files)
        expect(f).toMatch(/^(package\.json|README\.md|bin\/office-server\.js|dist\/main\.js(\.map)?|deploy\/[\w.-]+)$/);
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'bin/office-server.js',
          'dist/main.js',
          'deploy/teleworker-office.service',
          'deploy/Containerfile',
          'deploy/office-server.example.json',
        ]),
      );
      // the bundle: the server and the demo seed (--demo), nothing of the tests, no TypeScript loader
      const bundle = readFileSync(join(packageDir, 'dist', 'main.js'), 'utf8');
      expect(bundle).toContain('seedDemo');
      expect(bundle).not.toMatch(/vitest|\btsx\b|test\/integration|test\/fixtures|postgres-cluster/);
      expect(bundle.startsWith('#!/usr/bin/env node\n')).toBe(true);
      // the package names what the bundle imports, and nothing of the desktop app
      const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      const imported = new Set(
        [...bundle.matchAll(/from "([^".][^"]*)"|import\("([^".][^"]*)"\)/g)].map((m) => (m[1] ?? m[2]) as string),
      );
      const packages = [...imported]
        .filter((s) => !s.startsWith('node:'))
        .map((s) =>
          s
            .split('/')
            .slice(0, s.startsWith('@') ? 2 : 1)
            .join('/'),
        );
      for (const p of packages) expect(Object.keys(manifest.dependencies), p).toContain(p);
      expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(['electron']));
    });
});
