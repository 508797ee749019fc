// The account saved on disk is read back through a schema: a damaged or foreign record means
// "sign in again", never a crash and never a half-trusted object.
import { describe, expect, it } from 'vitest';
import { memorySecrets, testOffice } from '../../../fixtures/core';

describe('the saved account', () => {
  it.each([
    ['not JSON', '{server: 5'],
    ['wrong types', JSON.stringify({ server: 5, username: ['budi'] })],
    [
      'a user record without its id',
      JSON.stringify({ server: 'https://127.0.0.1:9', username: 'budi', user: { username: 'budi' } }),
    ],
  ])('is ignored when it is %s', async (_what, text) => {
    const office = testOffice();
    office.cache.setSetting('account', text);
    await office.session.restore();
    expect(office.session.current()).toEqual({ status: 'signed-out', reason: null });
    expect(office.outbox.summary().pending).toBe(0); // owner() read the same record without throwing
  });

  it('opens signed in, offline, from a valid record with a saved refresh token', async () => {
    const secrets = memorySecrets();
    secrets.map.set('budi@127.0.0.1:9', 'refresh-token');
    const office = testOffice(undefined, { secrets });
    const user = { id: 'u-budi', username: 'budi', displayName: 'Budi', role: 'worker', teamId: 't-1' };
    office.cache.setSetting('account', JSON.stringify({ server: 'https://127.0.0.1:9', username: 'budi', user })); // loopback: nothing leaves the machine
    void office.session.restore(); // the office cannot be reached; the cached user opens the app
    await new Promise((r) => setTimeout(r, 50));
    expect(office.session.current()).toMatchObject({ status: 'signed-in', user: { username: 'budi' } });
    office.stop();
  });
});
