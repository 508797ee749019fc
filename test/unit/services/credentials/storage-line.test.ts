import { describe, expect, it } from 'vitest';
import { createKeytarBackend } from '../../../../electron/services/credentials/keytar-backend';
import { keychainProblemOf, signInStorageLine } from '../../../../electron/services/credentials/storage-line';

const keychain = (reason: string) => ({ kind: 'keychain' as const, description: 'the system keychain', reason });
const memory = { kind: 'memory' as const, description: 'memory only (signed in for this session)' };

async function reasonWhenLoading(error: Error): Promise<string> {
  const availability = await createKeytarBackend('Teleworker-test', { load: () => Promise.reject(error) }).probe();
  if (availability.available) throw new Error('expected the probe to fail');
  return availability.reason;
}

describe('the start-up line about sign-ins', () => {
  it('names the keychain when sign-ins go there, and nothing else', () => {
    const line = signInStorageLine({ kind: 'keychain', description: 'the macOS Keychain', unavailable: [] }, 'darwin');
    expect(line).toBe('Sign-ins are kept in the macOS Keychain.');
  });

  it('tells how to get the keychain when npm left keytar out (its build failed at install)', async () => {
    const reason = await reasonWhenLoading(new Error("Cannot find module 'keytar'\nRequire stack:\n- /app/x.js"));
    expect(keychainProblemOf(reason)).toBe('keytar-missing');
    expect(keychainProblemOf("keytar is not installed: Cannot find module 'keytar'")).toBe('keytar-missing');
    expect(signInStorageLine({ ...memory, unavailable: [keychain(reason)] }, 'linux')).toBe(
      'Sign-ins are kept in memory for this session only: install libsecret-1-dev and run `npm install` for the system keychain.',
    );
  });

  it('tells how to build keytar when it is there but does not load', async () => {
    const reason = await reasonWhenLoading(new Error("Cannot find module '../build/Release/keytar.node'"));
    expect(keychainProblemOf(reason)).toBe('keytar-unbuilt');
    expect(keychainProblemOf('keytar did not load: libsecret-1.so.0: cannot open shared object file')).toBe(
      'keytar-unbuilt',
    );
    expect(signInStorageLine({ ...memory, unavailable: [keychain(reason)] }, 'linux')).toBe(
      'Sign-ins are kept in memory for this session only: install libsecret-1-dev and run `npm rebuild keytar` for the system keychain.',
    );
  });

  it('tells to start a Secret Service when keytar works but nothing answers', () => {
    const line = signInStorageLine(
      {
        kind: 'safe-storage',
        description: 'an encrypted file (Electron safeStorage, gnome_libsecret)',
        unavailable: [keychain('the keychain did not answer: no Secret Service answered within 3000 ms')],
      },
      'linux',
    );
    expect(line).toBe(
      'Sign-ins are kept in an encrypted file (Electron safeStorage, gnome_libsecret): no Secret Service answered; start GNOME Keyring or KWallet in your desktop session for the system keychain.',
    );
    expect(line).not.toContain('\n');
  });
});
