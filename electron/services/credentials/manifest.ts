import type { Logger } from '../logger';
import { moveAside, readFileIfExists, writeFileAtomic } from './atomic-file';
import { CredentialError, backendKinds } from './types';
import type { BackendKind } from './types';

/**
 * Which backend wrote each account's secret. Never holds a secret: only the backend's kind, how it
 * was described to the user at the time (so an error can name it even when it is gone), and when.
 */
export interface ManifestEntry {
  backend: BackendKind;
  description: string;
  writtenAt: string;
}

export interface Manifest {
  version: 1;
  accounts: Record<string, ManifestEntry>;
}

export const emptyManifest = (): Manifest => ({ version: 1, accounts: {} });

export async function readManifest(path: string): Promise<Manifest> {
  const text = await readFileIfExists(path);
  if (text === null) return emptyManifest();
  const manifest = parseManifest(text);
  if (!manifest) {
    throw new CredentialError(
      'store-unreadable',
      'The record of where your sign-in was saved is damaged, so Teleworker cannot tell where to read it from. Sign in again.',
    );
  }
  return manifest;
}

/** For writes: a damaged manifest is moved aside (it holds no secret) and a fresh one started. */
export async function readManifestForWrite(path: string, logger: Logger): Promise<Manifest> {
  try {
    return await readManifest(path);
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    const aside = await moveAside(path);
    logger.warn(`credentials: damaged manifest moved aside to ${aside}`);
    return emptyManifest();
  }
}

export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

function parseManifest(text: string): Manifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { version?: unknown; accounts?: unknown };
  if (v.version !== 1 || typeof v.accounts !== 'object' || v.accounts === null) return null;
  const accounts: Record<string, ManifestEntry> = {};
  for (const [account, raw] of Object.entries(v.accounts as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) return null;
    const e = raw as { backend?: unknown; description?: unknown; writtenAt?: unknown };
    if (!backendKinds.includes(e.backend as BackendKind)) return null;
    accounts[account] = {
      backend: e.backend as BackendKind,
      description: typeof e.description === 'string' ? e.description : String(e.backend),
      writtenAt: typeof e.writtenAt === 'string' ? e.writtenAt : '',
    };
  }
  return { version: 1, accounts };
}
