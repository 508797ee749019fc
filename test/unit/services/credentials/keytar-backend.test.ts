import { describe, expect, it } from 'vitest';
import { CredentialError, createKeytarBackend } from '../../../../electron/services/credentials';
import type { KeytarModule } from '../../../../electron/services/credentials';

function fakeKeytar(overrides: Partial<KeytarModule> = {}): KeytarModule & { calls: string[] } {
  const secrets = new Map<string, string>();
  const calls: string[] = [];
  return {
    calls,
    getPassword: async (service, account) => {
      calls.push(`get ${service} ${account}`);
      return secrets.get(`${service}/${account}`) ?? null;
    },
    setPassword: async (service, account, password) => {
      calls.push(`set ${service} ${account}`);
      secrets.set(`${service}/${account}`, password);
    },
    deletePassword: async (service, account) => {
      calls.push(`delete ${service} ${account}`);
      return secrets.delete(`${service}/${account}`);
    },
    findCredentials: async () => [],
    ...overrides,
  };
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});

describe('keytar backend', () => {
  it('uses service "Teleworker" by default and the account as given', async () => {
    const k = fakeKeytar();
    const backend = createKeytarBackend(undefined, { load: async () => k });
    expect(backend.kind).toBe('keychain');
    expect(await backend.probe()).toEqual({ available: true });
    await backend.set('dan@office.example', 'tok');
    expect(await backend.get('dan@office.example')).toBe('tok');
    expect(await backend.delete('dan@office.example')).toBe(true);
    expect(await backend.get('dan@office.example')).toBeNull();
    expect(k.calls).toEqual([
      'set Teleworker dan@office.example',
      'get Teleworker dan@office.example',
      'delete Teleworker dan@office.example',
      'get Teleworker dan@office.example',
    ]);
  });

  it('reports unavailable, with the reason, when keytar cannot load (no libsecret)', async () => {
    const backend = createKeytarBackend('Teleworker', {
      load: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    expect(await backend.probe()).toEqual({
      available: false,
      reason: 'keytar did not load: libsecret-1.so.0: cannot open shared object file',
    });
    await expect(backend.get('a@b')).rejects.toMatchObject({
      code: 'backend-error',
      message: expect.stringMatching(/keytar did not load/),
    });
  });

  it('a keychain that never answers is unavailable within the probe timeout', async () => {
    const backend = createKeytarBackend('Teleworker', {
      load: async () => fakeKeytar({ findCredentials: never }),
      probeTimeoutMs: 150,
    });
    const started = performance.now();
    expect(await backend.probe()).toEqual({
      available: false,
      reason: 'the keychain did not answer: no Secret Service answered within 150 ms',
    });
    // generous: without the timeout it would wait for ever
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('an operation that hangs becomes a backend-error after the operation timeout', async () => {
    const backend = createKeytarBackend('Teleworker', {
      load: async () => fakeKeytar({ setPassword: never }),
      operationTimeoutMs: 100,
    });
    const error = await backend.set('a@b', 'secret-value').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).code).toBe('backend-error');
    expect((error as CredentialError).message).toMatch(/could not save the sign-in: no answer within 100 ms/);
    expect((error as CredentialError).message).not.toContain('secret-value');
  });

  it('the default probe runs in a child process and reports what the keychain said', async () => {
    // No bus at this address: the child's keytar fails fast and the probe says why.
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/teleworker-test-bus';
    try {
      const result = await createKeytarBackend('Teleworker', { probeTimeoutMs: 5_000 }).probe();
      expect(result).toMatchObject({
        available: false,
        reason: expect.stringMatching(/^the keychain did not answer: .+/),
      });
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });
});
