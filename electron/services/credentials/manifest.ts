import type { Logger } from '../logger';
import { z } from 'zod';
import { moveAside, parseJson, readFileIfExists, writeFileAtomic } from './atomic-file';
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

const ManifestSchema = z.object({
  version: z.literal(1),
  accounts: z.record(
    z.string(),
    z.object({
      backend: z.enum(backendKinds),
      description: z.string().catch(''),
      writtenAt: z.string().catch(''),
    }),
  ),
});

function parseManifest(text: string): Manifest | null {
  const parsed = ManifestSchema.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const accounts: Record<string, ManifestEntry> = {};
  for (const [account, entry] of Object.entries(parsed.data.accounts)) {
    accounts[account] = { ...entry, description: entry.description || entry.backend };
  }
  return { version: 1, accounts };
}
