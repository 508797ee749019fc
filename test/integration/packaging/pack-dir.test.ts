// electron-builder packs the app as IT will receive it (an unpacked Linux build), against a
// stand-in Electron distribution: the real one cannot be downloaded everywhere, and what is
// checked here — which files ship, where native modules go, which fuses are blown — does not
// depend on it. The stand-in is a shell script that carries Electron's fuse wire (the sentinel,
// the wire's version and length, one byte a fuse) with Electron's own defaults, so
// electron-builder's real fuse flipping runs on it and @electron/fuses' own reader reads it back.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as FusesModule from '@electron/fuses';
import type * as FuseConstants from '@electron/fuses/dist/constants';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'tw-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The very copy of @electron/fuses that electron-builder flips the fuses with (a dependency of
// app-builder-lib, not of this project).
const builderRequire = createRequire(
  createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json')).resolve(
    'app-builder-lib/package.json',
  ),
);
const fuses = builderRequire('@electron/fuses') as typeof FusesModule;
const { SENTINEL, FuseState } = builderRequire('@electron/fuses/dist/constants') as typeof FuseConstants;
const { FuseV1Options } = fuses;

/** Electron's fuse wire as it ships (electron/electron build/fuses/fuses.json5), in wire order. */
const ELECTRON_DEFAULTS = '10110001';

function standInElectron(): Buffer {
  return Buffer.concat([
    Buffer.from('#!/bin/sh\necho stand-in\nexit 0\n# the fuse wire: '),
    Buffer.from(SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULTS.length]), // wire version 1, eight fuses
    Buffer.from(ELECTRON_DEFAULTS),
    Buffer.from('\n'),
  ]);
}

const ON = FuseState.ENABLE;
const OFF = FuseState.DISABLE;

let packed: { output: string } | null = null;

describe('electron-builder --linux dir', () => {
  it(
    'ships the built app in app.asar, unpacks the native modules and blows the fuses',
    { timeout: 480_000 },
    async () => {
      if (!existsSync(join(root, 'out/main/main.js')))
        execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root });
      const dist = join(work, 'electron-dist');
      execFileSync('mkdir', ['-p', dist]);
      writeFileSync(join(dist, 'electron'), standInElectron());
      chmodSync(join(dist, 'electron'), 0o755);
      // The stand-in starts where Electron starts: RunAsNode, NODE_OPTIONS, --inspect, file:// privileges on; the rest off.
      const before = await fuses.getCurrentFuseWire(join(dist, 'electron'));
      expect(before).toMatchObject({
        version: '1',
        [FuseV1Options.RunAsNode]: ON,
        [FuseV1Options.OnlyLoadAppFromAsar]: OFF,
      });
      const output = join(work, 'release');
      const { version } = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
        version: string;
      };
      execFileSync(
        'npx',
        // dir and tar.gz in one run (the tar.gz is the dir, archived with Debian's 7-Zip, not a download);
        // 'store' keeps the test from spending minutes compressing on a busy machine.
        [
          'electron-builder',
          '--linux',
          'dir',
          'tar.gz',
          '--x64',
          `-c.electronDist=${dist}`,
          `-c.electronVersion=${version}`,
          '-c.npmRebuild=false',
          '-c.compression=store',
          `-c.directories.output=${output}`,
        ],
        {
          cwd: root,
          stdio: 'pipe',
          env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_BUILDER_7ZIP_PATH: '/usr/bin/7z' },
        },
      );
      const resources = join(output, 'linux-unpacked', 'resources');
      const { listPackage } = await import('@electron/asar');
      const files = listPackage(join(resources, 'app.asar'), { isPack: false });
      for (const file of ['/out/main/main.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/package.json'])
        expect(files).toContain(file);
      expect(files.some((f) => f.startsWith('/out/renderer/assets/') && f.endsWith('.js'))).toBe(true);
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(files.some((f) => /^\/(electron|renderer|test|office-server|shared)\//.test(f))).toBe(false); // sources stay home
      expect(files.filter((f) => /\.(br|gz)$/.test(f))).toEqual([]); // the browser host's precompressed copies
      // No office server in a desktop install: not its code, not its framework, not its workspace package.
      expect(
        files.filter((f) =>
          /^\/node_modules\/(fastify|@fastify|pino|avvio|find-my-way|pg|prom-client|teleworker-office-server)(\/|$)/.test(
            f,
          ),
        ),
      ).toEqual([]);
      const { extractFile } = await import('@electron/asar');
      const main = extractFile(join(resources, 'app.asar'), 'out/main/main.js').toString('utf8');
      expect(main).toMatch(/function composeCore/); // the real main bundle
      expect(main).not.toMatch(/fastify|office server listening|startOfficeServer|CREATE TABLE users/);
      for (const native of ['better-sqlite3', 'keytar']) {
        expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', native)), native).toBe(true);
      }
      expect(readFileSync(join(resources, 'app-update.yml'), 'utf8')).toContain('provider: generic');
      // the keychain probe runs from a plain file as a utilityProcess (RunAsNode is off)
      expect(readFileSync(join(resources, 'keychain-probe.cjs'), 'utf8')).toContain('findCredentials');
      // the teleworker command (the app's own binary with --cli) and the VPN hooks that call it ship beside the app
      expect(readFileSync(join(resources, 'bin', 'teleworker'), 'utf8')).toContain('--cli "$@"');
      expect(statSync(join(resources, 'bin', 'teleworker')).mode & 0o111).not.toBe(0);
      expect(existsSync(join(resources, 'vpn-hooks', 'openvpn-updown.sh'))).toBe(true);
      const binary = join(output, 'linux-unpacked', 'teleworker');
      expect(existsSync(binary)).toBe(true);

      // Issue 9: the fuses of the packed binary, read back with @electron/fuses' own reader.
      expect(await fuses.getCurrentFuseWire(binary)).toEqual({
        version: '1',
        [FuseV1Options.RunAsNode]: OFF, // ELECTRON_RUN_AS_NODE cannot turn the app into a Node
        [FuseV1Options.EnableCookieEncryption]: ON,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: OFF,
        [FuseV1Options.EnableNodeCliInspectArguments]: OFF,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ON,
        [FuseV1Options.OnlyLoadAppFromAsar]: ON,
        [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: OFF,
        [FuseV1Options.GrantFileProtocolExtraPrivileges]: OFF, // the app is served from app://, never file://
      });
      // One wire, flipped in place: the rest of the file is untouched and it still runs.
      expect(readFileSync(binary).length).toBe(standInElectron().length);
      expect(execFileSync(binary, { encoding: 'utf8' })).toBe('stand-in\n');
      // Only app.asar can be loaded: there is no app folder or default app beside it to fall back on.
      expect(existsSync(join(resources, 'app'))).toBe(false);
      expect(existsSync(join(resources, 'default_app.asar'))).toBe(false);

      // Issue 14: no demo or test code in a non-demo build: not the demo office, its seed or its
      // sign-in hint, not the tests, the fixtures or the browser host.
      expect(
        files.filter(
          (f) =>
            /(^|\/)(test|tests|__tests__|fixtures|demo)(\/|$)|\.(test|spec|e2e)\.[cm]?js$|demo-office/.test(f) &&
            !f.startsWith('/node_modules/'),
        ),
      ).toEqual([]);
      const bundles = files
        .filter((f) => f.startsWith('/out/') && /\.[cm]?js$/.test(f))
        .map((f) => extractFile(join(resources, 'app.asar'), f.slice(1)).toString('utf8'));
      for (const code of bundles) {
        expect(code).not.toMatch(
          /with password teleworker|seedDemo|DEMO_SIGN_IN_HINT|startBrowserHost|vitest|@playwright/,
        );
      }
      // Every package the main process imports ships (electron-updater is loaded by the shell only);
      // the renderer's libraries, bundled by vite, do not.
      const specifiers = [...bundles.join('\n').matchAll(/(?:from |import\(|require\()"([^".][^"]*)"/g)]
        .map((m) => m[1]!)
        .filter((spec) => spec !== 'electron' && !spec.startsWith('node:'));
      const imported = new Set(
        specifiers.map((spec) =>
          spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
      );
      expect([...imported]).toContain('electron-updater');
      for (const name of imported) expect(files, name).toContain(`/node_modules/${name}/package.json`);
      for (const name of ['react-dom', 'react', 'i18next', 'zustand', 'markdown-it'])
        expect(files).not.toContain(`/node_modules/${name}/package.json`);

      // Issue 14: the desktop entry registers teleworker:// and the icons come in the usual sizes,
      // rasterised from resources/icon.svg at pack time.
      const desktop = readFileSync(join(output, 'linux-unpacked', 'teleworker.desktop'), 'utf8');
      expect(desktop).toMatch(/^\[Desktop Entry\]$/m);
      expect(desktop).toMatch(/^MimeType=x-scheme-handler\/teleworker;$/m);
      expect(desktop).toMatch(/^Exec=\/opt\/Teleworker\/teleworker %U$/m);
      expect(desktop).toMatch(/^Icon=teleworker$/m);
      for (const size of [16, 32, 48, 64, 128, 256, 512]) {
        const png = readFileSync(
          join(output, 'linux-unpacked', 'icons', 'hicolor', `${size}x${size}`, 'apps', 'teleworker.png'),
        );
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]); // IHDR width, height
      }
      packed = { output };
    },
  );

  it("makes the tar.gz with Debian's 7-Zip, with the same app inside", { timeout: 60_000 }, async () => {
    expect(packed, 'the build above ran').not.toBeNull();
    const { output } = packed!;
    const tarball = join(
      output,
      `teleworker-${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}.tar.gz`,
    );
    expect(existsSync(tarball)).toBe(true);
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split(
      '\n',
    );
    const top = listing[0]!.split('/')[0]!;
    for (const path of [
      'teleworker',
      'teleworker.desktop',
      'resources/app.asar',
      'resources/app-update.yml',
      'icons/hicolor/256x256/apps/teleworker.png',
    ]) {
      expect(listing, path).toContain(`${top}/${path}`);
    }
    expect(listing.some((f) => f.startsWith(`${top}/resources/app.asar.unpacked/node_modules/better-sqlite3/`))).toBe(
      true,
    );
    const unpackedTo = join(work, 'untar');
    execFileSync('mkdir', ['-p', unpackedTo]);
    execFileSync('tar', ['-xzf', tarball, '-C', unpackedTo]);
    const { listPackage } = await import('@electron/asar');
    expect(listPackage(join(unpackedTo, top, 'resources', 'app.asar'), { isPack: false })).toContain(
      '/out/main/main.js',
    );
  });
});
