// keytar against a REAL Secret Service: gnome-keyring-daemon on a private D-Bus session
// (dbus-run-session), its login keyring created and unlocked with a test password, all its files in
// a temp HOME. The credentials service runs in a child process inside that session
// (test/fixtures/credentials/credentials-child.ts); secret-tool, in the same session, checks that the
// secret really is in the keyring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aesDecrypt, TEST_KEY_HEX } from '../../fixtures/credentials/aes-safe-storage';
import type { StepResult } from '../../fixtures/credentials/credentials-child';
import { filesContaining } from '../../fixtures/credentials/files';
import {
  isRunning,
  keyringUnavailableReason,
  runInKeyringSession,
  runWithoutSecretService,
} from '../../fixtures/credentials/session';
import { skipWithout } from '../../fixtures/capabilities';

const unavailable = keyringUnavailableReason();
const skip = skipWithout('keychain', unavailable, 'credentials real-keychain tests');

const ACCOUNT = 'alice@office.bank.example';

const values = (results: StepResult[]): unknown[] => results.map((r) => r.value);

async function waitUntilGone(pid: number, ms = 3_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isRunning(pid);
}

describe.skipIf(skip)('credentials in a real gnome-keyring (Secret Service over D-Bus)', () => {
  let root: string;
  let keyringHome: string;
  let dataDir: string;
  const daemons: number[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'teleworker-keychain-'));
    keyringHome = join(root, 'home');
    dataDir = join(root, 'data');
  });

  afterAll(async () => {
    // gnome-keyring-daemon leaves when its bus closes; make sure, by pid, that none stayed.
    for (const pid of daemons) {
      if (!(await waitUntilGone(pid))) process.kill(pid, 'SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
    expect(existsSync(root)).toBe(false);
  });

  it('stores, reads, replaces and deletes a token through keytar, and secret-tool sees the same', async () => {
    const run = await runInKeyringSession(keyringHome, {
      dataDir,
      safeStorage: 'none',
      steps: [
        { op: 'secret-service-pid' },
        { op: 'probe-keychain' },
        { op: 'keychain-get', account: ACCOUNT },
        { op: 'keychain-set', account: ACCOUNT, secret: 'refresh-token-one' },
        { op: 'keychain-get', account: ACCOUNT },
        { op: 'secret-tool-lookup', account: ACCOUNT },
        { op: 'keychain-set', account: ACCOUNT, secret: 'refresh-token-two' },
        { op: 'keychain-get', account: ACCOUNT },
        { op: 'keychain-count', account: ACCOUNT },
        { op: 'secret-tool-lookup', account: ACCOUNT },
        { op: 'keychain-delete', account: ACCOUNT },
        { op: 'keychain-get', account: ACCOUNT },
        { op: 'secret-tool-lookup', account: ACCOUNT },
        { op: 'keychain-delete', account: ACCOUNT },
        // The other direction: what another Secret Service client stored, keytar reads.
        { op: 'secret-tool-store', account: 'bob@office.bank.example', secret: 'stored-by-secret-tool' },
        { op: 'keychain-get', account: 'bob@office.bank.example' },
        { op: 'keychain-delete', account: 'bob@office.bank.example' },
      ],
    });
    expect(run.code).toBe(0);
    const [pid, ...rest] = values(run.results);
    expect(pid).toEqual(expect.any(Number));
    daemons.push(pid as number);
    expect(rest).toEqual([
      { available: true },
      null,
      'done',
      'refresh-token-one',
      { status: 0, stdout: 'refresh-token-one' },
      'done',
      'refresh-token-two',
      1, // replaced, not added beside the old one
      { status: 0, stdout: 'refresh-token-two' },
      true,
      null,
      { status: 1, stdout: '' },
      false,
      { status: 0, stderr: '' },
      'stored-by-secret-tool',
      true,
    ]);
    // The session is over: its secret service went with it.
    expect(await waitUntilGone(pid as number)).toBe(true);
  });

  it('the store saves to the keychain, records that in the manifest, and no token reaches the data folder', async () => {
    const run = await runInKeyringSession(keyringHome, {
      dataDir,
      safeStorage: 'aes',
      steps: [
        { op: 'secret-service-pid' },
        { op: 'status' },
        { op: 'set', account: ACCOUNT, secret: 'keychain-refresh-token' },
        { op: 'get', account: ACCOUNT },
        { op: 'secret-tool-lookup', account: ACCOUNT },
      ],
    });
    const [pid, status, set, get, lookup] = values(run.results);
    daemons.push(pid as number);
    expect(status).toMatchObject({ kind: 'keychain', persistent: true, unavailable: [] });
    expect(set).toEqual({ ok: true });
    expect(get).toEqual({ ok: true, value: 'keychain-refresh-token' });
    expect(lookup).toEqual({ status: 0, stdout: 'keychain-refresh-token' });
    const manifest = JSON.parse(readFileSync(join(dataDir, 'credentials', 'manifest.json'), 'utf8')) as {
      accounts: Record<string, { backend: string }>;
    };
    expect(manifest.accounts[ACCOUNT]?.backend).toBe('keychain');
    expect(existsSync(join(dataDir, 'credentials', 'secrets.json'))).toBe(false);
    expect(filesContaining(dataDir, 'keychain-refresh-token')).toEqual([]);
  });

  it('reopened without the keychain it is an explained backend-changed error; migration keeps the token readable', async () => {
    // 1. No Secret Service now: the manifest says the keychain wrote it, so no silent null, no guess.
    const away = await runWithoutSecretService(join(root, 'home-no-bus'), {
      dataDir,
      safeStorage: 'aes',
      steps: [{ op: 'status' }, { op: 'get', account: ACCOUNT }],
    });
    const [awayStatus, awayGet] = values(away.results);
    expect(awayStatus).toMatchObject({ kind: 'safe-storage', persistent: true, unavailable: [{ kind: 'keychain' }] });
    expect(awayGet).toMatchObject({
      ok: false,
      error: { code: 'backend-changed', writtenBy: 'keychain', inUse: 'safe-storage' },
    });
    const message = (awayGet as { error: { message: string } }).error.message;
    expect(message).toMatch(/saved in the system keychain .*not available now/);
    expect(message).not.toContain('keychain-refresh-token');

    // 2. The keychain is back (the same keyring, unlocked again): move the token to the encrypted file.
    const back = await runInKeyringSession(keyringHome, {
      dataDir,
      safeStorage: 'aes',
      steps: [
        { op: 'secret-service-pid' },
        { op: 'get', account: ACCOUNT },
        { op: 'migrate', account: ACCOUNT, from: 'keychain', to: 'safe-storage' },
        { op: 'get', account: ACCOUNT },
        { op: 'keychain-get', account: ACCOUNT },
      ],
    });
    const [pid, before, migrated, after, oldCopy] = values(back.results);
    daemons.push(pid as number);
    expect(before).toEqual({ ok: true, value: 'keychain-refresh-token' });
    expect(migrated).toEqual({ ok: true });
    expect(after).toEqual({ ok: true, value: 'keychain-refresh-token' });
    expect(oldCopy).toBeNull(); // no stale copy left in the keychain

    // 3. Without the keychain again: now readable, from the encrypted file, which holds no plain text.
    const again = await runWithoutSecretService(join(root, 'home-no-bus'), {
      dataDir,
      safeStorage: 'aes',
      steps: [{ op: 'get', account: ACCOUNT }],
    });
    expect(values(again.results)).toEqual([{ ok: true, value: 'keychain-refresh-token' }]);
    expect(filesContaining(dataDir, 'keychain-refresh-token')).toEqual([]);
    const file = JSON.parse(readFileSync(join(dataDir, 'credentials', 'secrets.json'), 'utf8')) as {
      entries: Record<string, { blob: string }>;
    };
    const blob = file.entries[ACCOUNT]?.blob ?? '';
    expect(aesDecrypt(Buffer.from(TEST_KEY_HEX, 'hex'), Buffer.from(blob, 'base64'))).toBe('keychain-refresh-token');

    // 4. And back into the keychain, the preferred store, when it is available.
    const home = await runInKeyringSession(keyringHome, {
      dataDir,
      safeStorage: 'aes',
      steps: [
        { op: 'secret-service-pid' },
        { op: 'migrate', account: ACCOUNT, from: 'safe-storage' },
        { op: 'get', account: ACCOUNT },
        { op: 'secret-tool-lookup', account: ACCOUNT },
      ],
    });
    const [pid2, toKeychain, read, lookup] = values(home.results);
    daemons.push(pid2 as number);
    expect(toKeychain).toEqual({ ok: true });
    expect(read).toEqual({ ok: true, value: 'keychain-refresh-token' });
    expect(lookup).toEqual({ status: 0, stdout: 'keychain-refresh-token' });
    const after4 = JSON.parse(readFileSync(join(dataDir, 'credentials', 'secrets.json'), 'utf8')) as {
      entries: object;
    };
    expect(after4.entries).toEqual({});
  });
});
