// macOS managed preferences: a configuration profile (MDM, or a .mobileconfig installed by hand)
// with a com.apple.ManagedClient.preferences payload for the app's id lands in
// /Library/Managed Preferences/<appId>.plist. macOS usually writes it as a binary plist; the
// `plist` package parses both that and XML.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBinary, parse as parsePlist } from 'plist';

export const APP_ID = 'id.co.teleworker.desktop';

export function managedPreferencesPath(root = '/', appId = APP_ID): string {
  return join(root, 'Library', 'Managed Preferences', `${appId}.plist`);
}

/**
 * The plist's top-level dictionary, or null when the file does not exist. Throws with a sentence
 * when it exists but is not a dictionary plist.
 */
export function readManagedPreferences(path: string): Record<string, unknown> | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const binary = bytes.subarray(0, 6).toString('latin1') === 'bplist';
  let parsed: unknown;
  try {
    parsed = binary ? parseBinary(bytes) : parsePlist(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`is not a valid property list (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    parsed instanceof Date ||
    Buffer.isBuffer(parsed)
  ) {
    throw new Error('is not a dictionary of settings');
  }
  return parsed as Record<string, unknown>;
}
