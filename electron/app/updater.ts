// electron-updater behind the services' UpdaterPort. Only this shell file touches its
// Electron-bound parts (the autoUpdater for this OS and package kind); the decisions (whether,
// where, which channel, telling the user) live in electron/services/settings/update-service.ts.
//
// Two rules of our own on top of electron-updater's checks (the sha512 the feed lists, and on
// Windows the installer's Authenticode signature):
// - never a downgrade: electron-updater's `channel` setter turns allowDowngrade back on, so the
//   property is pinned to false on the instance and no configuration can change it;
// - every update file carries a detached ed25519 signature (<file>.sig beside it in the feed,
//   scripts/sign-update.mjs) made with IT's private key and checked here against the public key
//   shipped inside the app, on every OS, before anything is handed to an installer. The sha512
//   alone comes from the same server as the file, so it proves nothing about who made it.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import type { OfficeTrust } from '../services/office-client/trust';
import type { Logger, UpdaterEvent, UpdaterPort } from '../services/ports';
import { applyOfficeTrust, UPDATER_PARTITION } from './office-trust';
import { requireRpmSignatures } from './rpm-signatures';

/** The name of the public key file inside the app's resources (electron-builder.yml, extraResources). */
export const UPDATE_KEY_FILE = 'update-signing-key.pem';
const MAX_SIGNATURE_BYTES = 1024;

/** Reads an ed25519 public key (PEM, SPKI); anything else is refused with the reason. */
export function readUpdateKey(pem: string | Buffer): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the update signing key is ${key.asymmetricKeyType ?? 'unknown'}, not ed25519`);
  }
  return key;
}

/** The 64 signature bytes of a .sig file (base64 text, as scripts/sign-update.mjs writes it), or null. */
export function parseSignature(text: Buffer): Buffer | null {
  if (text.length > MAX_SIGNATURE_BYTES) return null;
  const b64 = text.toString('ascii').trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(b64)) return null;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 64 ? bytes : null;
}

/** Whether `signature` is the key's ed25519 signature over the file's bytes, read now. */
export function fileIsSigned(file: string, signature: Buffer, key: KeyObject): boolean {
  try {
    return verify(null, readFileSync(file), key, signature);
  } catch {
    return false;
  }
}

export interface UpdateTrust {
  /** the public key shipped inside the app */
  publicKey: KeyObject;
  /** fetches <file>.sig from the feed; by default through electron-updater's own HTTP client */
  fetchSignature?: (url: URL) => Promise<Buffer>;
}

/** The parts of electron-updater's classes this file reaches past the public typings for. */
interface UpdaterInternals {
  httpExecutor?: {
    downloadToBuffer(url: URL, options: { headers: null; cancellationToken: unknown }): Promise<Buffer>;
  } | null;
  executeDownload?: (task: { done: (event: { downloadedFile: string }) => Promise<unknown> }) => Promise<unknown>;
  install?: (isSilent?: boolean, isForceRunAfter?: boolean) => boolean;
  dispatchError?: (error: Error) => void;
}

/** Adapts an AppUpdater. */
export function updaterPort(updater: AppUpdater, logger: Logger, trust: UpdateTrust): UpdaterPort {
  const internals = updater as unknown as UpdaterInternals;
  updater.logger = {
    info: (m: unknown) => logger.info(`updater: ${String(m)}`),
    warn: (m: unknown) => logger.warn(`updater: ${String(m)}`),
    error: (m: unknown) => logger.error(`updater: ${String(m)}`),
  };
  updater.autoDownload = true;
  // Installed when the user quits or restarts; they are told when that is (the settings area).
  updater.autoInstallOnAppQuit = true;
  // Pinned rather than set: AppUpdater's channel setter (and anything else) assigns
  // allowDowngrade = true, which would let a feed roll the app back to an older, vulnerable build.
  Object.defineProperty(updater, 'allowDowngrade', {
    get: () => false,
    set: () => undefined,
    configurable: false,
    enumerable: true,
  });
  updater.allowPrerelease = false;

  let feedUrl: string | null = null;
  /** the downloaded file and its checked signature; install re-reads the file and checks again */
  let verified: { file: string; signature: Buffer } | null = null;

  const fetchSignature =
    trust.fetchSignature ??
    (async (url: URL) => {
      const http = internals.httpExecutor;
      if (!http) throw new Error('the updater has no HTTP client');
      const { CancellationToken } = (await import('electron-updater')).default;
      return http.downloadToBuffer(url, { headers: null, cancellationToken: new CancellationToken() });
    });

  /** Fetches the file's signature from the feed and checks it; throws with the reason. */
  const checkSignature = async (file: string): Promise<{ file: string; signature: Buffer }> => {
    if (!feedUrl) throw new Error('no update feed is configured');
    const url = new URL(`${encodeURIComponent(basename(file))}.sig`, feedUrl);
    let signature: Buffer | null;
    try {
      signature = parseSignature(await fetchSignature(url));
    } catch (error) {
      throw new Error(`the update's signature could not be fetched from ${url.href}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!signature) throw new Error(`the update's signature file ${url.href} is not an ed25519 signature`);
    if (!fileIsSigned(file, signature, trust.publicKey)) {
      throw new Error(`${basename(file)} is not signed with this app's update key; it will not be installed`);
    }
    return { file, signature };
  };

  const discard = (file: string) => {
    verified = null;
    try {
      if (existsSync(file)) unlinkSync(file);
    } catch (error) {
      logger.warn(`updates: could not remove ${file}`, error);
    }
  };

  // Where electron-updater hands a verified download on (MacUpdater passes it to Squirrel.Mac here,
  // which installs it at the next quit by itself): check the signature before that happens.
  // BaseUpdater (Windows, Linux) replaces this callback with its own, so install() below is the gate there.
  const executeDownload = internals.executeDownload?.bind(updater);
  if (executeDownload) {
    internals.executeDownload = (task) =>
      executeDownload({
        ...task,
        done: async (event) => {
          try {
            verified = await checkSignature(event.downloadedFile);
          } catch (error) {
            discard(event.downloadedFile);
            throw error;
          }
          return task.done(event);
        },
      });
  }

  // Every install, on quit or on request, goes through install() (BaseUpdater): the file is read
  // again and checked synchronously, so nothing swapped in after the download is run.
  const install = internals.install?.bind(updater);
  if (install) {
    internals.install = (isSilent, isForceRunAfter) => {
      const ok = verified !== null && fileIsSigned(verified.file, verified.signature, trust.publicKey);
      if (!ok) {
        const error = new Error('the downloaded update is not signed with this app’s update key; not installing it');
        logger.error(`updates: ${error.message}`);
        if (verified) discard(verified.file);
        internals.dispatchError?.call(updater, error);
        return false;
      }
      return install(isSilent, isForceRunAfter);
    };
  }

  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => listeners.forEach((l) => l(event));
  updater.on('checking-for-update', () => emit({ type: 'checking' }));
  updater.on('update-available', (info) => emit({ type: 'available', version: info.version }));
  updater.on('update-not-available', () => emit({ type: 'not-available' }));
  updater.on('update-downloaded', (info) => {
    // ready only once the signature holds (already checked above where the download path allows)
    const file = info.downloadedFile;
    const known = verified?.file === file ? Promise.resolve(verified) : checkSignature(file);
    void known.then(
      (ok) => {
        verified = ok;
        emit({ type: 'downloaded', version: info.version });
      },
      (error: Error) => {
        discard(file);
        emit({ type: 'error', message: error.message });
      },
    );
  });
  updater.on('error', (error) => emit({ type: 'error', message: error.message }));
  return {
    supported: true,
    configure({ url, channel }) {
      updater.setFeedURL({ provider: 'generic', url, channel });
      updater.channel = channel;
      feedUrl = url;
      verified = null;
    },
    async check() {
      await updater.checkForUpdates();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quitAndInstall: () => updater.quitAndInstall(false, true),
  };
}

/**
 * electron-updater's updater for this install, or null where it has none (a development run, the
 * tar.gz, an MSI install that IT updates with its own tools: see docs/deploying.md) or where the
 * app was built without an update signing key (then it never updates itself).
 */
export async function loadUpdater(
  isPackaged: boolean,
  logger: Logger,
  resourcesPath: string = process.resourcesPath,
  trust?: OfficeTrust,
): Promise<UpdaterPort | null> {
  if (!isPackaged) return null;
  let publicKey: KeyObject;
  try {
    publicKey = readUpdateKey(readFileSync(join(resourcesPath, UPDATE_KEY_FILE)));
  } catch (error) {
    logger.warn(`updates: off, no usable update signing key (${UPDATE_KEY_FILE}) in this build`, error);
    return null;
  }
  try {
    // the feed is the office's: the same trust rule as every other office request
    if (trust)
      applyOfficeTrust((await import('electron')).session.fromPartition(UPDATER_PARTITION, { cache: false }), trust);
    const { autoUpdater, RpmUpdater } = (await import('electron-updater')).default;
    // an rpm update is installed only when its signature verifies (electron-updater passes --nogpgcheck)
    requireRpmSignatures(RpmUpdater);
    return autoUpdater ? updaterPort(autoUpdater, logger, { publicKey }) : null;
  } catch (error) {
    logger.warn('updates: no updater for this kind of install', error);
    return null;
  }
}
