import { CredentialError } from './types';

/**
 * The keychain account for a user on an office server: `user@server`, where server is the host
 * (and port, when not the default) of the server address, lower-cased, so "https://Office.Bank:443/"
 * and "office.bank" name the same account. The user part is kept as typed (it may itself contain '@').
 */
export function credentialAccount(user: string, server: string): string {
  const u = user.trim();
  const host = serverHost(server);
  if (!u) throw new CredentialError('invalid-account', 'A user name is needed to save a sign-in.');
  if (!host) throw new CredentialError('invalid-account', 'An office server address is needed to save a sign-in.');
  return `${u}@${host}`;
}

function serverHost(server: string): string {
  const s = server.trim();
  if (!s) return '';
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
    return url.host.toLowerCase();
  } catch {
    return s.toLowerCase();
  }
}

/** `user@server` with a non-empty user and server; the last '@' separates them. */
export function isCredentialAccount(account: string): boolean {
  const at = account.lastIndexOf('@');
  return at > 0 && at < account.length - 1 && account.trim() === account;
}
