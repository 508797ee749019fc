import { describe, expect, it } from 'vitest';
import { createOfficeHandlers } from '../../../electron/services/office/office-handlers';
import { ContractError } from '../../../shared/contract';
import { testOffice } from '../../fixtures/core';

const settings = {
  defaultServer: 'https://office.bank.example',
  serverLocked: true,
  demo: false,
  notice: null as string | null,
  secretStore: () => ({ kind: 'memory' as const, description: 'memory only', persistent: false }),
};
const ctx = { host: 'electron' as const };

describe('account handlers', () => {
  it('refuse a server other than the one IT locked, before any network call', async () => {
    const handlers = createOfficeHandlers(testOffice(), settings);
    const error = await Promise.resolve(handlers.account.signIn({ server: 'https://evil.example', username: 'budi', password: 'x' }, ctx)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'forbidden', message: 'The office server address is set by your IT department.' });
  });

  it('show the locked address, the store in use and a policy problem on the sign-in screen', async () => {
    const handlers = createOfficeHandlers(testOffice(), { ...settings, notice: 'The policy file /etc/teleworker/policy.json is not valid JSON. Please tell your IT department.' });
    expect(await handlers.account.getState(undefined, ctx)).toEqual({
      status: 'signed-out',
      reason: 'The policy file /etc/teleworker/policy.json is not valid JSON. Please tell your IT department.',
      server: 'https://office.bank.example',
      serverLocked: true,
      demo: false,
      secretStore: { kind: 'memory', description: 'memory only', persistent: false },
    });
  });

  it('answer a mistyped server address as an invalid request, naming it', async () => {
    const handlers = createOfficeHandlers(testOffice(), { ...settings, serverLocked: false });
    const error = await Promise.resolve(handlers.account.signIn({ server: 'office bank', username: 'budi', password: 'x' }, ctx)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-request', message: expect.stringContaining('“office bank” is not a server address') });
  });

  it('refuse presence changes while signed out, with a reason', async () => {
    const handlers = createOfficeHandlers(testOffice(), settings);
    expect(() => handlers.presence.setMine({ status: 'busy' }, ctx)).toThrow('Sign in to set your presence.');
  });
});
