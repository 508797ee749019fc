import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `filePath` with `data` so that a crash leaves either the old or the new file, never a
 * torn one: write a temporary file beside it (mode 0600 from the start, so no other user can ever
 * read it), fsync it, rename it over the target, fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(filePath: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(filePath);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      // A umask cannot widen the mode, but a file created by another tool could have; be exact.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, filePath);
    renamed = true;
    await syncDirectory(dir);
  } finally {
    if (!renamed) await rm(tmp, { force: true });
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file's text, or null when it does not exist. */
export async function readFileIfExists(filePath: string): Promise<string | null> {
  try {
    return await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Keeps an unreadable file for inspection instead of overwriting it: `<file>.unreadable-<time>`. */
export async function moveAside(filePath: string, now: Date = new Date()): Promise<string> {
  const target = `${filePath}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}`;
  await rename(filePath, target);
  return target;
}

/** JSON.parse that answers undefined instead of throwing: the caller's schema then refuses it. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
