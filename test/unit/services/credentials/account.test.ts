import { describe, expect, it } from 'vitest';
import { credentialAccount, isCredentialAccount } from '../../../../electron/services/credentials';

describe('credential account names', () => {
  it('is user@host, the host lower-cased, the default port dropped', () => {
    expect(credentialAccount('alice', 'https://Office.Bank.example:443/api')).toBe('alice@office.bank.example');
    expect(credentialAccount(' alice ', 'office.bank.example')).toBe('alice@office.bank.example');
    expect(credentialAccount('alice', 'https://office.bank.example:8443')).toBe('alice@office.bank.example:8443');
    expect(credentialAccount('alice@bank.example', 'office.bank.example')).toBe(
      'alice@bank.example@office.bank.example',
    );
  });

  it('refuses an empty user or server', () => {
    expect(() => credentialAccount('', 'office')).toThrow(/user name/);
    expect(() => credentialAccount('alice', '  ')).toThrow(/server address/);
  });

  it('recognises well-formed account names', () => {
    expect(isCredentialAccount('alice@office')).toBe(true);
    expect(isCredentialAccount('alice@bank@office')).toBe(true);
    expect(isCredentialAccount('@office')).toBe(false);
    expect(isCredentialAccount('alice@')).toBe(false);
    expect(isCredentialAccount('alice')).toBe(false);
    expect(isCredentialAccount(' alice@office')).toBe(false);
  });
});
