/** Where a secret lives. 'memory' is the honest last resort: signed in for this session only. */
export type BackendKind = 'keychain' | 'safe-storage' | 'memory';

export const backendKinds: readonly BackendKind[] = ['keychain', 'safe-storage', 'memory'];

/** The small port every secret store implements. Accounts are `user@server` (see account.ts). */
export interface SecretBackend {
  readonly kind: BackendKind;
  /** Names the store for a person, e.g. "the system keychain (Secret Service)". */
  readonly description: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** true when something was deleted. */
  delete(account: string): Promise<boolean>;
}

export type BackendAvailability = { available: true } | { available: false; reason: string };

/** A backend that can tell, before it is used, whether it works on this machine right now. */
export interface ProbedBackend extends SecretBackend {
  probe(): Promise<BackendAvailability>;
}

/**
 * What the Electron shell adapts `safeStorage` to (electron/app does that; services never import
 * 'electron'). getSelectedStorageBackend exists on Linux only.
 */
export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export const credentialErrorCodes = [
  /** The manifest says another backend wrote this account's secret, and that backend is not available now. */
  'backend-changed',
  /** The manifest says a backend wrote the secret, the backend answers, but the secret is gone. */
  'secret-missing',
  /** The backend refused or failed (keychain error, unwritable file, timeout). */
  'backend-error',
  /** The encrypted file or the manifest cannot be parsed, or a blob cannot be decrypted. */
  'store-unreadable',
  /** migrate() was asked for something that cannot be done (nothing recorded, unknown target…). */
  'migration-refused',
  /** An account name that is not `user@server`. */
  'invalid-account',
] as const;
export type CredentialErrorCode = (typeof credentialErrorCodes)[number];

export interface CredentialErrorData {
  code: CredentialErrorCode;
  /** A sentence a person can act on. Never contains a secret. */
  message: string;
  /** The backend the manifest says wrote the secret, when that matters. */
  writtenBy?: BackendKind;
  /** The backend in use now, when that matters. */
  inUse?: BackendKind;
}

/** Thrown inside the credentials service; the store turns it into a CredentialResult. */
export class CredentialError extends Error {
  readonly code: CredentialErrorCode;
  readonly writtenBy: BackendKind | undefined;
  readonly inUse: BackendKind | undefined;

  constructor(
    code: CredentialErrorCode,
    message: string,
    extra: { writtenBy?: BackendKind; inUse?: BackendKind } = {},
  ) {
    super(message);
    this.name = 'CredentialError';
    this.code = code;
    this.writtenBy = extra.writtenBy;
    this.inUse = extra.inUse;
  }

  toData(): CredentialErrorData {
    const data: CredentialErrorData = { code: this.code, message: this.message };
    if (this.writtenBy) data.writtenBy = this.writtenBy;
    if (this.inUse) data.inUse = this.inUse;
    return data;
  }
}

export type CredentialResult<T> = { ok: true; value: T } | { ok: false; error: CredentialErrorData };
