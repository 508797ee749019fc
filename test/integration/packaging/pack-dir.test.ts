// electron-builder packs the app as IT will receive it (an unpacked Linux build), against a
// stand-in Electron distribution: the real one cannot be downloaded everywhere, and what is
// checked here — which files ship, where native modules go — does not depend on it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'tw-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder --linux dir', () => {
  it('ships the built app in app.asar and unpacks the native modules', { timeout: 180_000 }, async () => {
    if (!existsSync(join(root, 'out/main/main.js'))) execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root });
    const dist = join(work, 'electron-dist');
    execFileSync('mkdir', ['-p', dist]);
    writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho stand-in\n');
    chmodSync(join(dist, 'electron'), 0o755);
    const output = join(work, 'release');
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
    execFileSync(
      'npx',
      ['electron-builder', '--linux', 'dir', `-c.electronDist=${dist}`, `-c.electronVersion=${version}`, '-c.npmRebuild=false', `-c.directories.output=${output}`],
      { cwd: root, stdio: 'pipe', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    const resources = join(output, 'linux-unpacked', 'resources');
    const { listPackage } = await import('@electron/asar');
    const files = listPackage(join(resources, 'app.asar'), { isPack: false });
    for (const file of ['/out/main/main.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(file);
    expect(files.some((f) => f.startsWith('/out/renderer/assets/') && f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => /^\/(electron|renderer|test|office-server|shared)\//.test(f))).toBe(false); // sources stay home
    expect(files.filter((f) => /\.(br|gz)$/.test(f))).toEqual([]); // the browser host's precompressed copies
    // No office server in a desktop install: not its code, not its framework.
    expect(files.filter((f) => /^\/node_modules\/(fastify|@fastify|pino|avvio|find-my-way)(\/|$)/.test(f))).toEqual([]);
    const { extractFile } = await import('@electron/asar');
    const main = extractFile(join(resources, 'app.asar'), 'out/main/main.js').toString('utf8');
    expect(main).toMatch(/function composeCore/); // the real main bundle
    expect(main).not.toMatch(/fastify|office server listening|startOfficeServer|CREATE TABLE users/);
    for (const native of ['better-sqlite3', 'keytar']) {
      expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', native)), native).toBe(true);
    }
    expect(readFileSync(join(resources, 'app-update.yml'), 'utf8')).toContain('provider: generic');
    expect(existsSync(join(output, 'linux-unpacked', 'teleworker'))).toBe(true);
  });
});
