// No Secret Service at all: the child's DBUS_SESSION_BUS_ADDRESS points at a socket nobody listens
// on (and no DISPLAY, so libdbus cannot autolaunch a bus), or at one that accepts and never answers.
// The keytar backend must say "unavailable" within a bounded time, the store must fall back to the
// encrypted file (a fake safeStorage that really encrypts), and no plain token may reach the disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KEY_HEX, aesDecrypt } from '../../fixtures/credentials/aes-safe-storage';
import { filesContaining, listFiles } from '../../fixtures/credentials/files';
import { runWithoutSecretService } from '../../fixtures/credentials/session';

const ACCOUNT = 'carol@office.bank.example';

const notLinux = process.platform !== 'linux';
if (notLinux) console.log(`SKIP credentials without a Secret Service: Linux only (platform is ${process.platform})`);

describe.skipIf(notLinux)('credentials without a Secret Service', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'teleworker-nokeychain-'));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    expect(existsSync(root)).toBe(false);
  });

  it('falls back to the encrypted file; the data folder never holds the plain token', async () => {
    const dataDir = join(root, 'data-safe');
    const run = await runWithoutSecretService(join(root, 'home'), {
      dataDir,
      safeStorage: 'aes',
      probeTimeoutMs: 2_000,
      steps: [
        { op: 'probe-keychain' },
        { op: 'status' },
        { op: 'set', account: ACCOUNT, secret: 'first-plain-refresh-token' },
        { op: 'get', account: ACCOUNT },
        { op: 'set', account: ACCOUNT, secret: 'second-plain-refresh-token' },
        { op: 'get', account: ACCOUNT },
      ],
    });
    expect(run.code).toBe(0);
    const [probe, status, set1, get1, set2, get2] = run.results;
    expect(probe?.value).toMatchObject({ available: false, reason: expect.stringMatching(/keychain did not answer/) });
    // generous: the probe gives up after 1 s; without its timeout it would wait for ever
    expect(probe?.ms).toBeLessThan(10_000);
    expect(status?.value).toMatchObject({
      kind: 'safe-storage',
      persistent: true,
      unavailable: [{ kind: 'keychain', reason: expect.any(String) }],
    });
    expect([set1?.value, get1?.value, set2?.value, get2?.value]).toEqual([
      { ok: true },
      { ok: true, value: 'first-plain-refresh-token' },
      { ok: true },
      { ok: true, value: 'second-plain-refresh-token' },
    ]);

    // Every byte of every file under the data folder: neither token, in any common encoding.
    const files = listFiles(dataDir);
    expect(files.map((f) => f.slice(dataDir.length))).toEqual(
      expect.arrayContaining(['/credentials/manifest.json', '/credentials/secrets.json']),
    );
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(filesContaining(dataDir, 'first-plain-refresh-token')).toEqual([]);
    expect(filesContaining(dataDir, 'second-plain-refresh-token')).toEqual([]);
    // …while the encrypted file does hold the token (so the scan above looked at the right bytes).
    const secretsPath = join(dataDir, 'credentials', 'secrets.json');
    const blob = (JSON.parse(readFileSync(secretsPath, 'utf8')) as { entries: Record<string, { blob: string }> })
      .entries[ACCOUNT]?.blob;
    expect(aesDecrypt(Buffer.from(TEST_KEY_HEX, 'hex'), Buffer.from(blob ?? '', 'base64'))).toBe(
      'second-plain-refresh-token',
    );
    expect(statSync(secretsPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'credentials', 'manifest.json')).mode & 0o777).toBe(0o600);
    const manifest = readFileSync(join(dataDir, 'credentials', 'manifest.json'), 'utf8');
    expect(JSON.parse(manifest)).toMatchObject({ accounts: { [ACCOUNT]: { backend: 'safe-storage' } } });
  });

  it('a bus that accepts but never answers: unavailable within the probe timeout, the child still exits', async () => {
    const sockets: Socket[] = [];
    const mute: Server = createServer((s) => sockets.push(s));
    const socketPath = join(root, 'mute.sock');
    await new Promise<void>((resolve) => mute.listen(socketPath, resolve));
    try {
      const run = await runWithoutSecretService(
        join(root, 'home-mute'),
        {
          dataDir: join(root, 'data-mute'),
          safeStorage: 'aes',
          probeTimeoutMs: 1_000,
          steps: [{ op: 'probe-keychain' }, { op: 'status' }],
        },
        { busAddress: `unix:path=${socketPath}`, timeoutMs: 10_000 },
      );
      const [probe, status] = run.results;
      expect(sockets.length).toBeGreaterThan(0); // libsecret really did knock on the mute bus
      expect(probe?.value).toEqual({
        available: false,
        reason: 'the keychain did not answer: no Secret Service answered within 1000 ms',
      });
      expect(probe?.ms).toBeGreaterThanOrEqual(900);
      expect(probe?.ms).toBeLessThan(10_000);
      expect(status?.value).toMatchObject({ kind: 'safe-storage', persistent: true });
      expect(run.code).toBe(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });

  it("with safeStorage on 'basic_text' it refuses the file and signs in for this session only", async () => {
    const dataDir = join(root, 'data-basic');
    const first = await runWithoutSecretService(join(root, 'home'), {
      dataDir,
      safeStorage: 'basic_text',
      probeTimeoutMs: 2_000,
      steps: [
        { op: 'status' },
        { op: 'set', account: ACCOUNT, secret: 'session-only-refresh-token' },
        { op: 'get', account: ACCOUNT },
      ],
    });
    const [status, set, get] = first.results.map((r) => r.value);
    expect(status).toMatchObject({
      kind: 'memory',
      persistent: false,
      message: expect.stringMatching(/signed in for this session only/),
      unavailable: [
        { kind: 'keychain', reason: expect.any(String) },
        { kind: 'safe-storage', reason: expect.stringMatching(/basic_text.*plain text by another name/) },
      ],
    });
    expect(set).toEqual({ ok: true });
    expect(get).toEqual({ ok: true, value: 'session-only-refresh-token' });
    expect(existsSync(join(dataDir, 'credentials', 'secrets.json'))).toBe(false);
    expect(filesContaining(dataDir, 'session-only-refresh-token')).toEqual([]);

    // A new process: the session is over and the token went with it, as the user was told.
    const second = await runWithoutSecretService(join(root, 'home'), {
      dataDir,
      safeStorage: 'basic_text',
      steps: [{ op: 'get', account: ACCOUNT }],
    });
    expect(second.results.map((r) => r.value)).toEqual([{ ok: true, value: null }]);
  });
});
