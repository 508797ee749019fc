import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCredentialStore,
  createMemoryBackend,
  createSafeStorageBackend,
} from '../../../../electron/services/credentials';
import type { Logger } from '../../../../electron/services/logger';
import { createAesSafeStorage } from '../../../fixtures/credentials/aes-safe-storage';
import { createFakeBackend } from '../../../fixtures/credentials/fake-backends';
import type { FakeBackend } from '../../../fixtures/credentials/fake-backends';
import { filesContaining } from '../../../fixtures/credentials/files';

const ACCOUNT = 'gina@office.example';

describe('credential store', () => {
  let dir: string;
  let manifestPath: string;
  let keychainSecrets: Map<string, string>;
  let logged: string[];
  const logger: Logger = {
    info: (m, ...d) => logged.push(`info ${m} ${JSON.stringify(d)}`),
    warn: (m, ...d) => logged.push(`warn ${m} ${JSON.stringify(d)}`),
    error: (m, ...d) => logged.push(`error ${m} ${JSON.stringify(d)}`),
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'teleworker-store-'));
    manifestPath = join(dir, 'credentials', 'manifest.json');
    keychainSecrets = new Map(); // the "OS keychain" survives store instances, like the real one
    logged = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A store as a new process would open it: fresh backends over the same keychain and files. */
  function open(options: { keychain?: boolean; safeStorage?: 'aes' | 'basic_text' | 'none' } = {}) {
    const keychain: FakeBackend = createFakeBackend('keychain', 'the test keychain', keychainSecrets);
    keychain.available = options.keychain ?? true;
    const mode = options.safeStorage ?? 'aes';
    const candidates = [keychain];
    const safe =
      mode === 'none'
        ? undefined
        : createSafeStorageBackend(
            createAesSafeStorage({ selected: mode === 'aes' ? 'gnome_libsecret' : 'basic_text' }),
            join(dir, 'credentials', 'secrets.json'),
          );
    const store = createCredentialStore({
      candidates: safe ? [...candidates, safe] : candidates,
      manifestPath,
      logger,
    });
    return { store, keychain, safe };
  }

  const manifest = () =>
    JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      accounts: Record<string, { backend: string; description: string }>;
    };

  it('picks the first backend that works, and says so', async () => {
    expect(await open().store.status()).toEqual({
      kind: 'keychain',
      description: 'the test keychain',
      persistent: true,
      message: 'Your sign-in is saved in the test keychain.',
      unavailable: [],
    });
    expect(await open({ keychain: false }).store.status()).toMatchObject({
      kind: 'safe-storage',
      persistent: true,
      unavailable: [{ kind: 'keychain', reason: 'keychain switched off by the test' }],
    });
    const memory = await open({ keychain: false, safeStorage: 'basic_text' }).store.status();
    expect(memory).toMatchObject({ kind: 'memory', persistent: false });
    expect(memory.message).toMatch(/signed in for this session only/);
    expect(memory.unavailable.map((u) => u.kind)).toEqual(['keychain', 'safe-storage']);
  });

  it('records which backend wrote each secret; the manifest and the log never hold the secret', async () => {
    const { store } = open();
    expect(await store.set(ACCOUNT, 'refresh-token-in-keychain')).toEqual({ ok: true });
    expect(await store.get(ACCOUNT)).toEqual({ ok: true, value: 'refresh-token-in-keychain' });
    expect(keychainSecrets.get(ACCOUNT)).toBe('refresh-token-in-keychain');
    expect(manifest().accounts[ACCOUNT]).toMatchObject({ backend: 'keychain', description: 'the test keychain' });
    expect(await store.writtenBy(ACCOUNT)).toBe('keychain');
    expect(filesContaining(dir, 'refresh-token-in-keychain')).toEqual([]);
    expect(logged.join('\n')).not.toContain('refresh-token-in-keychain');
  });

  it('backend-changed: written in the keychain, reopened with only the encrypted file → explained error, not null', async () => {
    await open().store.set(ACCOUNT, 'keychain-token');
    const { store } = open({ keychain: false });
    const result = await store.get(ACCOUNT);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'backend-changed',
        writtenBy: 'keychain',
        inUse: 'safe-storage',
        message:
          'Your sign-in was saved in the test keychain, which is not available now (keychain switched off by the test), so it cannot be read. ' +
          'Make it available again (for example, unlock your keyring) and try again, or sign in again to save your sign-in in ' +
          'an encrypted file (Electron safeStorage, gnome_libsecret).',
      },
    });
    // Signing out cannot reach it either: also an explained error, and the record is kept.
    expect(await store.delete(ACCOUNT)).toMatchObject({ ok: false, error: { code: 'backend-changed' } });
    expect(manifest().accounts[ACCOUNT]?.backend).toBe('keychain');
    // With nothing safe at all, the way out offered is a session-only sign-in.
    const bare = await open({ keychain: false, safeStorage: 'basic_text' }).store.get(ACCOUNT);
    expect(bare).toMatchObject({
      ok: false,
      error: {
        code: 'backend-changed',
        inUse: 'memory',
        message: expect.stringMatching(/sign in again for this session only\.$/),
      },
    });
  });

  it('backend-changed the other way round: written to the encrypted file, reopened where safeStorage is refused', async () => {
    await open({ keychain: false }).store.set(ACCOUNT, 'file-token');
    const result = await open({ keychain: false, safeStorage: 'basic_text' }).store.get(ACCOUNT);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'backend-changed', writtenBy: 'safe-storage', message: expect.stringMatching(/basic_text/) },
    });
  });

  it('reads from the backend that wrote the secret while it is available, even when a better one is back', async () => {
    await open({ keychain: false }).store.set(ACCOUNT, 'written-while-keychain-was-away');
    keychainSecrets.set(ACCOUNT, 'stale-keychain-copy');
    expect(await open().store.get(ACCOUNT)).toEqual({ ok: true, value: 'written-while-keychain-was-away' });
  });

  it('migrate moves keychain → encrypted file and back, readable before, during and after', async () => {
    const first = open();
    await first.store.set(ACCOUNT, 'token-to-move');
    expect(await first.store.migrate(ACCOUNT, 'keychain', 'safe-storage')).toEqual({ ok: true });
    expect(keychainSecrets.has(ACCOUNT)).toBe(false);
    expect(manifest().accounts[ACCOUNT]?.backend).toBe('safe-storage');
    expect(await open({ keychain: false }).store.get(ACCOUNT)).toEqual({ ok: true, value: 'token-to-move' });
    expect(filesContaining(dir, 'token-to-move')).toEqual([]);

    const back = open();
    expect(await back.store.migrateAllToCurrent()).toEqual([
      { account: ACCOUNT, from: 'safe-storage', result: { ok: true } },
    ]);
    expect(keychainSecrets.get(ACCOUNT)).toBe('token-to-move');
    expect(await back.safe?.get(ACCOUNT)).toBeNull();
    expect(await open().store.get(ACCOUNT)).toEqual({ ok: true, value: 'token-to-move' });
  });

  it('migrate refuses what it cannot do, and leaves the secret where it was', async () => {
    const { store } = open();
    await store.set(ACCOUNT, 'staying-token');
    expect(await store.migrate(ACCOUNT, 'safe-storage', 'keychain')).toMatchObject({
      ok: false,
      error: { code: 'migration-refused' },
    });
    expect(await store.migrate(ACCOUNT, 'keychain', 'memory')).toMatchObject({
      ok: false,
      error: { code: 'migration-refused' },
    });
    expect(await open({ safeStorage: 'basic_text' }).store.migrate(ACCOUNT, 'keychain', 'safe-storage')).toMatchObject({
      ok: false,
      error: { code: 'migration-refused' },
    });
    expect(await open({ keychain: false }).store.migrate(ACCOUNT, 'keychain', 'safe-storage')).toMatchObject({
      ok: false,
      error: { code: 'backend-changed' },
    });
    expect(await store.get(ACCOUNT)).toEqual({ ok: true, value: 'staying-token' });
  });

  it('a recorded secret that vanished from its backend is secret-missing, not null', async () => {
    await open().store.set(ACCOUNT, 'soon-gone-token');
    keychainSecrets.delete(ACCOUNT); // removed with the keyring manager, say
    expect(await open().store.get(ACCOUNT)).toMatchObject({
      ok: false,
      error: { code: 'secret-missing', writtenBy: 'keychain' },
    });
  });

  it('memory: signed in for the session; after a restart nothing, and no older copy is guessed', async () => {
    await open().store.set(ACCOUNT, 'old-keychain-token');
    const session = open({ keychain: false, safeStorage: 'basic_text' });
    expect(await session.store.set(ACCOUNT, 'session-token')).toEqual({ ok: true });
    expect(await session.store.get(ACCOUNT)).toEqual({ ok: true, value: 'session-token' });
    expect(manifest().accounts[ACCOUNT]?.backend).toBe('memory');
    expect(filesContaining(dir, 'session-token')).toEqual([]);
    // Next start, the keychain is back: the latest sign-in was session-only, so: not signed in.
    expect(await open().store.get(ACCOUNT)).toEqual({ ok: true, value: null });
  });

  it('signing in again after a change of backend replaces the record and removes the old copy it can reach', async () => {
    await open({ keychain: false }).store.set(ACCOUNT, 'token-in-file');
    const { store, safe } = open();
    expect(await store.set(ACCOUNT, 'token-in-keychain')).toEqual({ ok: true });
    expect(manifest().accounts[ACCOUNT]?.backend).toBe('keychain');
    expect(await safe?.get(ACCOUNT)).toBeNull();
    expect(await store.get(ACCOUNT)).toEqual({ ok: true, value: 'token-in-keychain' });
  });

  it('delete removes the secret and its record', async () => {
    const { store } = open();
    await store.set(ACCOUNT, 'token-to-delete');
    expect(await store.delete(ACCOUNT)).toEqual({ ok: true, value: true });
    expect(keychainSecrets.has(ACCOUNT)).toBe(false);
    expect(manifest().accounts[ACCOUNT]).toBeUndefined();
    expect(await store.get(ACCOUNT)).toEqual({ ok: true, value: null });
    expect(await store.delete(ACCOUNT)).toEqual({ ok: true, value: false });
  });

  it('an unrecorded secret in the backend in use is read and then recorded', async () => {
    keychainSecrets.set(ACCOUNT, 'found-before-manifest');
    expect(await open().store.get(ACCOUNT)).toEqual({ ok: true, value: 'found-before-manifest' });
    expect(manifest().accounts[ACCOUNT]?.backend).toBe('keychain');
  });

  it('a damaged manifest: reading is an explained error, signing in again starts a new one', async () => {
    const { store } = open();
    await store.set(ACCOUNT, 'token-before-damage');
    writeFileSync(manifestPath, 'not json');
    expect(await store.get(ACCOUNT)).toMatchObject({ ok: false, error: { code: 'store-unreadable' } });
    expect(await store.set(ACCOUNT, 'token-after-damage')).toEqual({ ok: true });
    expect(await store.get(ACCOUNT)).toEqual({ ok: true, value: 'token-after-damage' });
  });

  it('refuses account names that are not user@server', async () => {
    const { store } = open();
    expect(await store.set('no-server', 'x-token')).toMatchObject({ ok: false, error: { code: 'invalid-account' } });
    expect(keychainSecrets.size).toBe(0);
  });

  it('concurrent sign-ins of many accounts are all recorded', async () => {
    const { store } = open();
    const accounts = Array.from({ length: 25 }, (_, i) => `user${i}@office.example`);
    const results = await Promise.all(accounts.map((a) => store.set(a, `token-${a}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(Object.keys(manifest().accounts).sort()).toEqual([...accounts].sort());
  });

  it('reprobe picks a backend that became available', async () => {
    const { store, keychain } = open({ keychain: false });
    expect((await store.status()).kind).toBe('safe-storage');
    keychain.available = true;
    expect((await store.reprobe()).kind).toBe('keychain');
  });

  it('always has memory to fall back on, even with no candidates at all', async () => {
    const store = createCredentialStore({ candidates: [], manifestPath });
    expect(await store.status()).toMatchObject({ kind: 'memory', persistent: false });
    const onlyMemory = createCredentialStore({ candidates: [createMemoryBackend('test memory')], manifestPath });
    expect((await onlyMemory.status()).description).toBe('test memory');
  });
});
