// The credentials service: where the refresh token lives (docs/credentials.md).
export type {
  BackendAvailability,
  BackendKind,
  CredentialErrorCode,
  CredentialErrorData,
  CredentialResult,
  ProbedBackend,
  SafeStoragePort,
  SecretBackend,
} from './types';
export { CredentialError, backendKinds, credentialErrorCodes } from './types';
export { credentialAccount, isCredentialAccount } from './account';
export { createKeytarBackend, keychainDescription, DEFAULT_KEYCHAIN_SERVICE } from './keytar-backend';
export type { KeytarBackendOptions, KeytarModule } from './keytar-backend';
export {
  createSafeStorageBackend,
  safeStorageAvailability,
  REFUSED_SAFE_STORAGE_BACKENDS,
} from './safe-storage-backend';
export type { SafeStorageBackendOptions } from './safe-storage-backend';
export { createMemoryBackend } from './memory-backend';
export { createCredentialStore } from './credential-store';
export type {
  CredentialStore,
  CredentialStoreOptions,
  CredentialStoreStatus,
  MigrationOutcome,
  UnavailableBackend,
} from './credential-store';
export { createDefaultCredentialStore } from './default-store';
export type { DefaultCredentialStoreOptions } from './default-store';
