// The office server's update feed read by electron-updater's own client code, in Node: its
// generic provider parses the channel file, its updater compares versions, picks the channel and
// downloads the package, checking the sha512 the feed names. Only Electron's network stack and app
// object are swapped (Node's http under electron-updater's own executor, and a small app adapter); the Linux
// updater is used because its download needs no installer of a foreign OS.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpdateInfo } from 'builder-util-runtime';
import type * as ExecutorModule from 'electron-updater/out/electronHttpExecutor';
import type { ElectronHttpExecutor as ElectronHttpExecutorType } from 'electron-updater/out/electronHttpExecutor';
import type * as GenericProviderModule from 'electron-updater/out/providers/GenericProvider';
import type * as RpmUpdaterModule from 'electron-updater/out/RpmUpdater';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, type TestServer } from './helpers';

const require = createRequire(import.meta.url);
const { GenericProvider } = require('electron-updater/out/providers/GenericProvider') as typeof GenericProviderModule;
const { RpmUpdater } = require('electron-updater/out/RpmUpdater') as typeof RpmUpdaterModule;
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor') as typeof ExecutorModule;

/** electron-updater's own executor (its download, redirect and sha512 logic) with Node's http under it instead of Electron's net. */
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(
    options: RequestOptions,
    callback: (response: IncomingMessage) => void,
  ): ReturnType<ElectronHttpExecutorType['createRequest']> {
    // Node's request has every member the executor uses (on, end, abort, setHeader)
    return httpRequest(options, callback) as unknown as ReturnType<ElectronHttpExecutorType['createRequest']>;
  }
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

function channelFile(version: string, file: string, bytes: Buffer, hash = sha512(bytes)): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${hash}`,
    `    size: ${bytes.length}`,
    `path: ${file}`,
    `sha512: ${hash}`,
    "releaseDate: '2026-11-28T09:00:00.000Z'",
    '',
  ].join('\n');
}

/** Electron's app object as electron-updater uses it, for a Teleworker of the given version. */
function appAdapter(version: string, feedUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-updater-app-'));
  // what electron-builder writes beside app.asar (resources/app-update.yml)
  writeFileSync(
    join(dir, 'app-update.yml'),
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: teleworker-updater\n`,
  );
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
    onQuit() {},
  };
}

function updater(version: string, feedUrl: string, channel: string | null = null) {
  const app = appAdapter(version, feedUrl);
  const u = new RpmUpdater(undefined, app);
  (u as unknown as { httpExecutor: unknown }).httpExecutor = new NodeNetExecutor();
  u.logger = null;
  u.autoDownload = true;
  u.autoInstallOnAppQuit = false;
  u.setFeedURL({ provider: 'generic', url: feedUrl, ...(channel ? { channel } : {}) });
  if (channel) u.channel = channel;
  const events: string[] = [];
  for (const name of ['update-available', 'update-not-available', 'update-downloaded', 'error'] as const)
    u.on(name, () => events.push(name));
  return { u, events, app };
}

describe('the office update feed, read by electron-updater', () => {
  let s: TestServer;
  let feed: string;
  const dir = join(tempDir(), 'updates');
  const stable = randomBytes(64 * 1024);
  const beta = randomBytes(32 * 1024);
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'teleworker-0.2.0.x86_64.rpm'), stable);
    writeFileSync(join(dir, 'teleworker-0.3.0-beta.1.x86_64.rpm'), beta);
    writeFileSync(join(dir, 'latest-linux.yml'), channelFile('0.2.0', 'teleworker-0.2.0.x86_64.rpm', stable));
    writeFileSync(join(dir, 'beta-linux.yml'), channelFile('0.3.0-beta.1', 'teleworker-0.3.0-beta.1.x86_64.rpm', beta));
    // a feed whose package was swapped after it was published
    writeFileSync(
      join(dir, 'tampered-linux.yml'),
      channelFile('0.2.0', 'teleworker-0.2.0.x86_64.rpm', stable, sha512(beta)),
    );
    s = await startTestServer({ updatesDir: dir });
    feed = `${s.url}/updates/`;
    expect(new URL(feed).hostname).toBe('127.0.0.1');
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('parses the channel file and resolves its files against the feed', async () => {
    const { u } = updater('0.1.0', feed);
    const provider = new GenericProvider({ provider: 'generic', url: feed }, u, {
      isUseMultipleRangeRequest: false,
      platform: 'linux',
      executor: new NodeNetExecutor() as never,
    });
    const info: UpdateInfo = await provider.getLatestVersion();
    expect(info.version).toBe('0.2.0');
    expect(info.files[0]).toMatchObject({
      url: 'teleworker-0.2.0.x86_64.rpm',
      sha512: sha512(stable),
      size: stable.length,
    });
    expect(provider.resolveFiles(info).map((f) => f.url.href)).toEqual([`${feed}teleworker-0.2.0.x86_64.rpm`]);
  });

  it('downloads a newer version and checks its sha512 before calling it ready', async () => {
    const { u, events, app } = updater('0.1.0', feed);
    const result = await u.checkForUpdates();
    expect(result?.isUpdateAvailable).toBe(true);
    expect(result?.updateInfo.version).toBe('0.2.0');
    const [downloaded] = (await result!.downloadPromise)!;
    expect(events).toEqual(['update-available', 'update-downloaded']);
    expect(downloaded!.startsWith(app.baseCachePath)).toBe(true);
    expect(sha512(readFileSync(downloaded!))).toBe(sha512(stable));
  });

  it("compares versions: the same or a newer installed version is not offered the feed's", async () => {
    for (const installed of ['0.2.0', '0.2.1']) {
      const { u, events } = updater(installed, feed);
      const result = await u.checkForUpdates();
      expect(result?.isUpdateAvailable, installed).toBe(false);
      expect(events).toEqual(['update-not-available']);
    }
  });

  it('follows the channel policy pins: beta reads beta-linux.yml and offers the pre-release', async () => {
    const { u } = updater('0.2.0', feed, 'beta');
    const result = await u.checkForUpdates();
    expect(result?.updateInfo.version).toBe('0.3.0-beta.1');
    expect(result?.isUpdateAvailable).toBe(true);
    const [downloaded] = (await result!.downloadPromise)!;
    expect(sha512(readFileSync(downloaded!))).toBe(sha512(beta));
  });

  it('refuses a package whose sha512 does not match the feed', async () => {
    const { u, events, app } = updater('0.1.0', feed, 'tampered');
    const result = await u.checkForUpdates();
    expect(result?.isUpdateAvailable).toBe(true);
    await expect(result!.downloadPromise).rejects.toThrow(/sha512 checksum mismatch/);
    expect(events).toContain('error');
    expect(events).not.toContain('update-downloaded');
    const pending = join(app.baseCachePath, 'teleworker-updater', 'pending');
    // nothing is left that a restart could install
    expect(existsSync(pending) ? readdirSync(pending).filter((f) => f.endsWith('.rpm')) : []).toEqual([]);
  });
});
