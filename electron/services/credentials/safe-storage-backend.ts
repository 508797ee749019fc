import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { z } from 'zod';
import { moveAside, parseJson, readFileIfExists, writeFileAtomic } from './atomic-file';
import { createSerialQueue } from './serial';
import { CredentialError } from './types';
import type { BackendAvailability, ProbedBackend, SafeStoragePort } from './types';

/**
 * safeStorage backends that are refused. On Linux without a keyring Electron picks 'basic_text':
 * "encryption" with a key hard-coded in Chromium, the same on every machine, so the file would be
 * plain text by another name. 'unknown' means safeStorage has not chosen yet (asked before the app
 * was ready): nothing can be said about it, so it is not trusted either.
 */
export const REFUSED_SAFE_STORAGE_BACKENDS: readonly string[] = ['basic_text', 'unknown'];

interface SecretsFile {
  version: 1;
  entries: Record<string, { blob: string; storage?: string; writtenAt: string }>;
}

export interface SafeStorageBackendOptions {
  logger?: Logger;
  now?: () => Date;
}

/** Whether the port can encrypt with a key that is really secret, and if not, why. */
export function safeStorageAvailability(port: SafeStoragePort): BackendAvailability {
  try {
    if (!port.isEncryptionAvailable()) {
      return { available: false, reason: 'Electron safeStorage has no encryption key on this system' };
    }
    const selected = port.getSelectedStorageBackend?.();
    if (selected !== undefined && REFUSED_SAFE_STORAGE_BACKENDS.includes(selected)) {
      return {
        available: false,
        reason:
          selected === 'basic_text'
            ? "Electron safeStorage would use 'basic_text', a key built into Electron (no keyring on this desktop): that is plain text by another name"
            : "Electron safeStorage has not chosen a backend ('unknown')",
      };
    }
    return { available: true };
  } catch (error) {
    return {
      available: false,
      reason: `Electron safeStorage failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Secrets encrypted by Electron's safeStorage (DPAPI, macOS Keychain key, kwallet/libsecret key on
 * Linux) and kept as base64 blobs in one JSON file, written atomically with mode 0600.
 */
export function createSafeStorageBackend(
  port: SafeStoragePort,
  filePath: string,
  options: SafeStorageBackendOptions = {},
): ProbedBackend {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const serial = createSerialQueue();
  const selected = (): string | undefined => {
    try {
      return port.getSelectedStorageBackend?.();
    } catch {
      return undefined;
    }
  };

  async function readEntries(): Promise<SecretsFile> {
    const text = await readFileIfExists(filePath);
    if (text === null) return { version: 1, entries: {} };
    const parsed = parseSecretsFile(text);
    if (!parsed) {
      throw new CredentialError(
        'store-unreadable',
        `The encrypted sign-in file ${filePath} is damaged and cannot be read. Sign in again.`,
      );
    }
    return parsed;
  }

  /** For writes: a damaged file is moved aside (kept, it is encrypted anyway) rather than overwritten in place. */
  async function readEntriesForWrite(): Promise<SecretsFile> {
    try {
      return await readEntries();
    } catch (error) {
      if (!(error instanceof CredentialError)) throw error;
      const aside = await moveAside(filePath, now());
      logger.warn(`credentials: damaged encrypted sign-in file moved aside to ${aside}`);
      return { version: 1, entries: {} };
    }
  }

  async function writeEntries(file: SecretsFile): Promise<void> {
    try {
      await writeFileAtomic(filePath, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      throw new CredentialError(
        'backend-error',
        `The encrypted sign-in file could not be written (${(error as Error).message}).`,
      );
    }
  }

  function requireAvailable(): void {
    const availability = safeStorageAvailability(port);
    if (!availability.available) throw new CredentialError('backend-error', `${availability.reason}.`);
  }

  return {
    kind: 'safe-storage',
    // A getter: Electron chooses its storage backend only once the app is ready.
    get description() {
      const storage = selected();
      return `an encrypted file (Electron safeStorage${storage ? `, ${storage}` : ''})`;
    },
    probe: async () => safeStorageAvailability(port),
    get: (account) =>
      serial(async () => {
        const file = await readEntries();
        const entry = file.entries[account];
        if (!entry) return null;
        requireAvailable();
        try {
          return port.decryptString(Buffer.from(entry.blob, 'base64'));
        } catch {
          const was = entry.storage
            ? ` It was encrypted with ${entry.storage}; now ${selected() ?? 'another key'} is in use.`
            : '';
          throw new CredentialError(
            'store-unreadable',
            `Your saved sign-in could not be decrypted: the key that protected it is not available now.${was} Sign in again.`,
          );
        }
      }),
    set: (account, secret) =>
      serial(async () => {
        requireAvailable();
        const blob = port.encryptString(secret);
        // A port that does not encrypt must never put a token on the disk.
        if (secret.length >= 4 && blob.includes(Buffer.from(secret, 'utf8'))) {
          throw new CredentialError(
            'backend-error',
            'Electron safeStorage returned the sign-in unencrypted; it was not saved.',
          );
        }
        const file = await readEntriesForWrite();
        const storage = selected();
        file.entries[account] = {
          blob: blob.toString('base64'),
          ...(storage ? { storage } : {}),
          writtenAt: now().toISOString(),
        };
        await writeEntries(file);
      }),
    delete: (account) =>
      serial(async () => {
        const file = await readEntriesForWrite();
        if (!(account in file.entries)) return false;
        delete file.entries[account];
        await writeEntries(file);
        return true;
      }),
  };
}

const SecretsFileSchema = z.object({
  version: z.literal(1),
  entries: z.record(
    z.string(),
    z.object({ blob: z.string(), storage: z.string().optional().catch(undefined), writtenAt: z.string().catch('') }),
  ),
});

function parseSecretsFile(text: string): SecretsFile | null {
  const parsed = SecretsFileSchema.safeParse(parseJson(text));
  return parsed.success ? (parsed.data as SecretsFile) : null;
}
