import { join } from 'node:path';
import type { Logger } from '../logger';
import { createCredentialStore } from './credential-store';
import type { CredentialStore } from './credential-store';
import { DEFAULT_KEYCHAIN_SERVICE, createKeytarBackend } from './keytar-backend';
import type { KeytarBackendOptions } from './keytar-backend';
import { createMemoryBackend } from './memory-backend';
import { createSafeStorageBackend } from './safe-storage-backend';
import type { ProbedBackend, SafeStoragePort } from './types';

export interface DefaultCredentialStoreOptions {
  /** The app's data folder; credentials/ inside it holds the manifest and the encrypted file. */
  dataDir: string;
  /** Electron's safeStorage adapted by the shell; absent in hosts without Electron (browser host). */
  safeStorage?: SafeStoragePort;
  logger?: Logger;
  service?: string;
  keytar?: KeytarBackendOptions;
}

/** keychain → safe-storage → memory, with the files in `<dataDir>/credentials/`. */
export function createDefaultCredentialStore(options: DefaultCredentialStoreOptions): CredentialStore {
  const dir = join(options.dataDir, 'credentials');
  const candidates: ProbedBackend[] = [
    createKeytarBackend(options.service ?? DEFAULT_KEYCHAIN_SERVICE, options.keytar),
  ];
  if (options.safeStorage) {
    candidates.push(
      createSafeStorageBackend(
        options.safeStorage,
        join(dir, 'secrets.json'),
        options.logger ? { logger: options.logger } : {},
      ),
    );
  }
  candidates.push(createMemoryBackend());
  return createCredentialStore({
    candidates,
    manifestPath: join(dir, 'manifest.json'),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
