// The credentials service: where the refresh token lives (docs/credentials.md).
export type { BackendAvailability, BackendKind, ProbedBackend, SafeStoragePort } from './types';
export { CredentialError } from './types';
export { credentialAccount, isCredentialAccount } from './account';
export { createKeytarBackend } from './keytar-backend';
export type { KeytarModule } from './keytar-backend';
export { createSafeStorageBackend, safeStorageAvailability } from './safe-storage-backend';
export { createMemoryBackend } from './memory-backend';
export { createCredentialStore } from './credential-store';
export type { CredentialStore, CredentialStoreStatus } from './credential-store';
export { createDefaultCredentialStore } from './default-store';
