// electron/app/updater.ts over electron-updater's real Linux updater class, reading the real office
// server's /updates/ feed. Only Electron's parts are replaced: its network stack (Node's http under
// electron-updater's own executor), its app object (a small adapter) and the OS installer (rpm via
// pkexec cannot run here; the updater's doInstall is recorded instead). The signing key pair is made
// for this test run by scripts/sign-update.mjs and exists nowhere else.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ExecutorModule from 'electron-updater/out/electronHttpExecutor';
import type { ElectronHttpExecutor as ElectronHttpExecutorType } from 'electron-updater/out/electronHttpExecutor';
import type * as RpmUpdaterModule from 'electron-updater/out/RpmUpdater';
import type { AppUpdater } from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUpdater, readUpdateKey, updaterPort, UPDATE_KEY_FILE } from '../../../electron/app/updater';
import { silentLogger } from '../../../electron/services/logger';
import type { UpdaterEvent } from '../../../electron/services/ports';
import { startTestServer, tempDir, type TestServer } from '../office-server/helpers';

const require = createRequire(import.meta.url);
const { RpmUpdater } = require('electron-updater/out/RpmUpdater') as typeof RpmUpdaterModule;
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor') as typeof ExecutorModule;

class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(
    options: RequestOptions,
    callback: (response: IncomingMessage) => void,
  ): ReturnType<ElectronHttpExecutorType['createRequest']> {
    return httpRequest(options, callback) as unknown as ReturnType<ElectronHttpExecutorType['createRequest']>;
  }
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
const channelFile = (version: string, file: string, bytes: Buffer) =>
  [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512(bytes)}`,
    `    size: ${bytes.length}`,
    `path: ${file}`,
    `sha512: ${sha512(bytes)}`,
    "releaseDate: '2026-12-01T09:00:00.000Z'",
    '',
  ].join('\n');

const SIGN = join(import.meta.dirname, '../../../scripts/sign-update.mjs');

/** Electron's app object as electron-updater uses it (the fake for the Electron runtime). */
function fakeApp(version: string, feedUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-updater-port-'));
  writeFileSync(join(dir, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: tw-updater\n`);
  const quitHandlers: Array<(code: number) => void> = [];
  return {
    version,
    name: 'teleworker',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch() {},
    quit() {},
    onQuit(handler: (code: number) => void) {
      quitHandlers.push(handler);
    },
    /** what Electron does when the user quits */
    quitNow: () => quitHandlers.forEach((h) => h(0)),
  };
}

describe('the app’s updater over electron-updater’s real class and the office feed', () => {
  let s: TestServer;
  let feed: string;
  let keys: string;
  const dir = join(tempDir(), 'updates');
  const newer = randomBytes(48 * 1024);
  const older = randomBytes(16 * 1024);
  const unsigned = randomBytes(16 * 1024);
  const forged = randomBytes(16 * 1024);

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    keys = mkdtempSync(join(tmpdir(), 'tw-update-keys-'));
    execFileSync(process.execPath, [SIGN, '--new-key', keys]);
    const files: Record<string, Buffer> = {
      'teleworker-0.5.0.x86_64.rpm': newer,
      'teleworker-0.2.0.x86_64.rpm': older,
      'teleworker-0.6.0.x86_64.rpm': unsigned,
      'teleworker-0.7.0.x86_64.rpm': forged,
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, 'latest-linux.yml'), channelFile('0.5.0', 'teleworker-0.5.0.x86_64.rpm', newer));
    writeFileSync(join(dir, 'beta-linux.yml'), channelFile('0.5.0', 'teleworker-0.5.0.x86_64.rpm', newer));
    writeFileSync(join(dir, 'old-linux.yml'), channelFile('0.2.0', 'teleworker-0.2.0.x86_64.rpm', older));
    writeFileSync(join(dir, 'unsigned-linux.yml'), channelFile('0.6.0', 'teleworker-0.6.0.x86_64.rpm', unsigned));
    writeFileSync(join(dir, 'forged-linux.yml'), channelFile('0.7.0', 'teleworker-0.7.0.x86_64.rpm', forged));
    // IT's signing step, with the private key given by path in the environment
    execFileSync(
      process.execPath,
      [SIGN, join(dir, 'teleworker-0.5.0.x86_64.rpm'), join(dir, 'teleworker-0.2.0.x86_64.rpm')],
      {
        env: { ...process.env, TELEWORKER_UPDATE_SIGNING_KEY: join(keys, 'update-signing-private-key.pem') },
      },
    );
    // 0.7.0 is signed, but by a key the app does not carry
    const other = mkdtempSync(join(tmpdir(), 'tw-update-other-key-'));
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(other, 'k.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    execFileSync(process.execPath, [SIGN, '--key', join(other, 'k.pem'), join(dir, 'teleworker-0.7.0.x86_64.rpm')]);
    s = await startTestServer({ updatesDir: dir });
    feed = `${s.url}/updates/`;
    expect(new URL(feed).hostname).toBe('127.0.0.1');
  });
  afterAll(async () => {
    await s.cleanup();
  });

  function setUp(installed: string) {
    const app = fakeApp(installed, feed);
    const u = new RpmUpdater(undefined, app);
    (u as unknown as { httpExecutor: unknown }).httpExecutor = new NodeNetExecutor();
    const installs: unknown[] = [];
    // the OS installer (pkexec rpm) is the one part that cannot run here
    (u as unknown as { doInstall: (o: unknown) => boolean }).doInstall = (options) => {
      installs.push(options);
      return true;
    };
    const port = updaterPort(u as unknown as AppUpdater, silentLogger, {
      publicKey: readUpdateKey(readFileSync(join(keys, 'update-signing-key.pem'))),
    });
    const events: UpdaterEvent[] = [];
    port.onEvent((e) => events.push(e));
    const settled = () =>
      new Promise<UpdaterEvent>((resolve) => {
        const off = port.onEvent((e) => {
          if (e.type === 'downloaded' || e.type === 'error' || e.type === 'not-available') {
            off();
            resolve(e);
          }
        });
      });
    return { u, app, port, events, installs, settled };
  }

  it('refuses an older version after every configuration change (the channel setter re-allows downgrades)', async () => {
    for (const channel of ['old', 'latest', 'beta', 'old'] as const) {
      const { u, port, events, settled } = setUp('0.3.0');
      port.configure({ url: feed, channel: channel as never });
      expect(u.allowDowngrade).toBe(false);
      // electron-updater's own setter, as any later code might call it
      u.channel = 'old';
      expect(u.allowDowngrade).toBe(false);
      const done = settled();
      await port.check();
      expect(await done).toEqual({ type: 'not-available' });
      expect(events.map((e) => e.type)).toEqual(['checking', 'not-available']);
    }
  });

  it('installs a newer version only once its ed25519 signature holds, on quit or on request', async () => {
    const { port, app, installs, settled } = setUp('0.3.0');
    port.configure({ url: feed, channel: 'latest' });
    const done = settled();
    await port.check();
    expect(await done).toEqual({ type: 'downloaded', version: '0.5.0' });
    app.quitNow();
    expect(installs).toHaveLength(1);
  });

  it('refuses an update without a signature, or signed with another key, and leaves nothing to install', async () => {
    for (const channel of ['unsigned', 'forged']) {
      const { u, port, app, installs, settled } = setUp('0.3.0');
      port.configure({ url: feed, channel: channel as never });
      const done = settled();
      await port.check().catch(() => undefined);
      const outcome = await done;
      expect(outcome.type, channel).toBe('error');
      expect((outcome as { message: string }).message).toMatch(/signature|not signed/);
      app.quitNow();
      port.quitAndInstall();
      expect(installs, channel).toEqual([]);
      const file = (u as unknown as { installerPath: string | null }).installerPath;
      expect(file === null || !existsSync(file), channel).toBe(true);
    }
  });

  it('re-reads the file at install time: a file swapped after the check is not installed', async () => {
    const { u, port, app, installs, settled } = setUp('0.3.0');
    port.configure({ url: feed, channel: 'latest' });
    const done = settled();
    await port.check();
    expect((await done).type).toBe('downloaded');
    const file = (u as unknown as { installerPath: string }).installerPath;
    writeFileSync(file, forged);
    app.quitNow();
    expect(installs).toEqual([]);
  });

  it('the feed serves each signature beside its file', async () => {
    const r = await fetch(`${feed}teleworker-0.5.0.x86_64.rpm.sig`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await r.text()).trim()).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  it('a build without a usable signing key never updates itself', async () => {
    const resources = mkdtempSync(join(tmpdir(), 'tw-resources-'));
    expect(await loadUpdater(true, silentLogger, resources)).toBeNull();
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(resources, UPDATE_KEY_FILE), publicKey.export({ type: 'spki', format: 'pem' }));
    expect(await loadUpdater(true, silentLogger, resources)).toBeNull();
    expect(await loadUpdater(false, silentLogger, resources)).toBeNull();
  });
});
