// The one line a terminal shows at start-up (npm start, npm run start:browser): where sign-ins are
// kept and, when that is not the system keychain, what gets it. The commands in it are for a source
// checkout; a packaged app always carries a built keytar.
import type { CredentialStoreStatus } from './credential-store';

/** Why the keychain is unavailable, from the reason its probe gave (keytar-backend.ts). */
export type KeychainProblem = 'keytar-missing' | 'keytar-unbuilt' | 'no-secret-service';

export function keychainProblemOf(reason: string): KeychainProblem {
  // npm leaves an optional dependency out when its build fails: the module itself is missing.
  if (/keytar is not installed|Cannot find module 'keytar'/.test(reason)) return 'keytar-missing';
  // Present, but its native part is not built, or libsecret's library is missing.
  if (/keytar did not load/.test(reason)) return 'keytar-unbuilt';
  return 'no-secret-service';
}

function remedy(problem: KeychainProblem, platform: NodeJS.Platform): string {
  const libsecret = platform === 'linux' ? 'install libsecret-1-dev and ' : '';
  switch (problem) {
    case 'keytar-missing':
      return `${libsecret}run \`npm install\``;
    case 'keytar-unbuilt':
      return `${libsecret}run \`npm rebuild keytar\``;
    case 'no-secret-service':
      return platform === 'linux'
        ? 'no Secret Service answered; start GNOME Keyring or KWallet in your desktop session'
        : 'unlock it and restart Teleworker';
  }
}

/**
 * "Sign-ins are kept in memory for this session only: install libsecret-1-dev and run
 * `npm install` for the system keychain." — one line, no reason text (that goes to the log).
 */
export function signInStorageLine(
  status: Pick<CredentialStoreStatus, 'kind' | 'description' | 'unavailable'>,
  platform: NodeJS.Platform = process.platform,
): string {
  const where = status.kind === 'memory' ? 'in memory for this session only' : `in ${status.description}`;
  const keychain = status.kind === 'keychain' ? undefined : status.unavailable.find((u) => u.kind === 'keychain');
  if (!keychain) return `Sign-ins are kept ${where}.`;
  return `Sign-ins are kept ${where}: ${remedy(keychainProblemOf(keychain.reason), platform)} for the system keychain.`;
}
