import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CredentialError,
  createSafeStorageBackend,
  safeStorageAvailability,
} from '../../../../electron/services/credentials';
import type { SafeStoragePort } from '../../../../electron/services/credentials';
import { createAesSafeStorage } from '../../../fixtures/credentials/aes-safe-storage';
import { filesContaining } from '../../../fixtures/credentials/files';

const ACCOUNT = 'erin@office.example';

describe('safeStorage backend', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'teleworker-safe-'));
    file = join(dir, 'credentials', 'secrets.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores, replaces and deletes encrypted blobs in a 0600 file, with no plain text and no temp file left', async () => {
    const backend = createSafeStorageBackend(createAesSafeStorage({ selected: 'gnome_libsecret' }), file);
    expect(backend.description).toBe('an encrypted file (Electron safeStorage, gnome_libsecret)');
    expect(await backend.get(ACCOUNT)).toBeNull();
    await backend.set(ACCOUNT, 'token-number-one');
    await backend.set('frank@office.example', 'token-of-frank');
    await backend.set(ACCOUNT, 'token-number-two');
    expect(await backend.get(ACCOUNT)).toBe('token-number-two');
    expect(await backend.get('frank@office.example')).toBe('token-of-frank');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'credentials'))).toEqual(['secrets.json']);
    for (const token of ['token-number-one', 'token-number-two', 'token-of-frank'])
      expect(filesContaining(dir, token)).toEqual([]);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      entries: Record<string, { blob: string; storage: string }>;
    };
    expect(stored.entries[ACCOUNT]?.storage).toBe('gnome_libsecret');
    expect(await backend.delete(ACCOUNT)).toBe(true);
    expect(await backend.delete(ACCOUNT)).toBe(false);
    expect(await backend.get(ACCOUNT)).toBeNull();
    expect(await backend.get('frank@office.example')).toBe('token-of-frank');
  });

  it("refuses 'basic_text' and 'unknown', and a port without encryption", async () => {
    for (const selected of ['basic_text', 'unknown']) {
      const port = createAesSafeStorage({ selected });
      expect(safeStorageAvailability(port).available).toBe(false);
      const backend = createSafeStorageBackend(port, file);
      expect(await backend.probe()).toMatchObject({ available: false });
      await expect(backend.set(ACCOUNT, 'never-written-token')).rejects.toBeInstanceOf(CredentialError);
    }
    expect(await createSafeStorageBackend(createAesSafeStorage({ available: false }), file).probe()).toEqual({
      available: false,
      reason: 'Electron safeStorage has no encryption key on this system',
    });
    expect(safeStorageAvailability(createAesSafeStorage({ selected: 'basic_text' }))).toMatchObject({
      reason: expect.stringMatching(/plain text by another name/),
    });
    // macOS and Windows have no getSelectedStorageBackend: available when encryption is.
    expect(safeStorageAvailability(createAesSafeStorage())).toEqual({ available: true });
    expect(existsSync(file)).toBe(false);
  });

  it('never writes what a non-encrypting port hands back', async () => {
    const passthrough: SafeStoragePort = {
      isEncryptionAvailable: () => true,
      encryptString: (plain) => Buffer.from(`v10${plain}`),
      decryptString: (b) => b.toString().slice(3),
    };
    await expect(createSafeStorageBackend(passthrough, file).set(ACCOUNT, 'plain-looking-token')).rejects.toMatchObject(
      {
        code: 'backend-error',
      },
    );
    expect(existsSync(file)).toBe(false);
  });

  it('explains a blob that no longer decrypts (the key changed) instead of returning null', async () => {
    await createSafeStorageBackend(createAesSafeStorage({ selected: 'kwallet5' }), file).set(
      ACCOUNT,
      'token-under-old-key',
    );
    const otherKey = createAesSafeStorage({ selected: 'gnome_libsecret', keyHex: '00'.repeat(32) });
    await expect(createSafeStorageBackend(otherKey, file).get(ACCOUNT)).rejects.toMatchObject({
      code: 'store-unreadable',
      message: expect.stringMatching(/encrypted with kwallet5; now gnome_libsecret is in use/),
    });
  });

  it('a damaged file is an error on read, and is moved aside (not overwritten) on write', async () => {
    const backend = createSafeStorageBackend(createAesSafeStorage({ selected: 'gnome_libsecret' }), file);
    await backend.set(ACCOUNT, 'first-token-value');
    writeFileSync(file, '{"version":1,"entries":{"x":');
    await expect(backend.get(ACCOUNT)).rejects.toMatchObject({ code: 'store-unreadable' });
    await backend.set(ACCOUNT, 'second-token-value');
    expect(await backend.get(ACCOUNT)).toBe('second-token-value');
    const names = readdirSync(join(dir, 'credentials'));
    expect(names.filter((n) => n.startsWith('secrets.json.unreadable-'))).toHaveLength(1);
  });

  it('serializes concurrent writes: none is lost', async () => {
    const backend = createSafeStorageBackend(createAesSafeStorage({ selected: 'gnome_libsecret' }), file);
    const accounts = Array.from({ length: 20 }, (_, i) => `user${i}@office.example`);
    await Promise.all(accounts.map((a) => backend.set(a, `token-for-${a}`)));
    expect(await Promise.all(accounts.map((a) => backend.get(a)))).toEqual(accounts.map((a) => `token-for-${a}`));
  });
});
