import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import type { Account } from '../../../../electron/services/office-client/session';
import { OfficeSession, accountKey, normaliseServerUrl } from '../../../../electron/services/office-client/session';
import { memorySecrets } from '../../../fixtures/core';

const user = { id: 'u1', username: 'budi', displayName: 'Budi Santoso', role: 'worker' as const, teamId: 't1' };

function session(account: Account | null, token: string | null) {
  const secrets = memorySecrets();
  if (account && token) secrets.map.set(accountKey(account), token);
  let saved = account;
  const s = new OfficeSession({
    secrets,
    memory: { load: () => saved, save: (a) => (saved = a) },
    logger: silentLogger,
    requestTimeoutMs: 1000,
  });
  return { s, secrets, saved: () => saved };
}

describe('office session', () => {
  it('opens signed in from the saved account while the office cannot be reached, keeping the token', async () => {
    const account = { server: 'http://127.0.0.1:1', username: 'budi', user };
    const { s, secrets } = session(account, 'refresh-token');
    const state = await s.restore();
    expect(state).toEqual({ status: 'signed-in', server: 'http://127.0.0.1:1', user, persistent: true });
    expect(secrets.map.get(accountKey(account))).toBe('refresh-token');
    // calls that need the server fail as "cannot reach", which the outbox retries
    await expect(s.accessToken()).rejects.toMatchObject({ kind: 'network' });
    s.stop();
  });

  it('stays signed out without a saved token, and names the account user@host', async () => {
    const { s } = session({ server: 'https://office.bank.example', username: 'budi', user }, null);
    expect(await s.restore()).toEqual({ status: 'signed-out', reason: null });
    expect(accountKey({ server: 'https://Office.Bank.example:8443/x', username: 'budi' })).toBe(
      'budi@office.bank.example:8443',
    );
  });

  it('reads server addresses the way people type them, and refuses what is not one', () => {
    expect(normaliseServerUrl(' https://office.bank.example/login ')).toBe('https://office.bank.example');
    expect(() => normaliseServerUrl('office bank')).toThrow(/not a server address/);
    expect(() => normaliseServerUrl('ftp://office.bank.example')).toThrow(/must start with https/);
  });

  it('refuses plain http to another machine, so a password never leaves it unencrypted', () => {
    for (const remote of [
      'http://office.bank.example',
      'http://10.0.0.5:8080',
      'http://127.example.com',
      'http://[fe80::1]',
    ]) {
      expect(() => normaliseServerUrl(remote), remote).toThrow(
        expect.objectContaining({
          kind: 'insecure-address',
          message: expect.stringMatching(/must start with https:\/\//),
        }),
      );
    }
    expect(normaliseServerUrl('http://127.0.0.1:4123/x')).toBe('http://127.0.0.1:4123');
    expect(normaliseServerUrl('http://localhost:4123')).toBe('http://localhost:4123');
    expect(normaliseServerUrl('http://[::1]:4123')).toBe('http://[::1]:4123');
  });
});
