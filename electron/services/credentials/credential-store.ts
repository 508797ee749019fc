import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { isCredentialAccount } from './account';
import { readManifest, readManifestForWrite, writeManifest } from './manifest';
import type { Manifest, ManifestEntry } from './manifest';
import { createMemoryBackend } from './memory-backend';
import { createSerialQueue } from './serial';
import { CredentialError } from './types';
import type { BackendAvailability, BackendKind, CredentialResult, ProbedBackend, SecretBackend } from './types';

export interface CredentialStoreOptions {
  /**
   * The backends to try, best first (keychain → safe-storage). The first whose probe says it works
   * receives new secrets. A memory backend is added at the end when none is given, so there is
   * always somewhere to sign in "for this session only".
   */
  candidates: ReadonlyArray<SecretBackend | ProbedBackend>;
  /** The manifest: which backend wrote each account's secret. Holds no secrets. */
  manifestPath: string;
  logger?: Logger;
  now?: () => Date;
}

export interface UnavailableBackend {
  kind: BackendKind;
  description: string;
  reason: string;
}

export interface CredentialStoreStatus {
  /** The backend new sign-ins are saved in. */
  kind: BackendKind;
  description: string;
  /** false for memory: signed in for this session only. */
  persistent: boolean;
  /** What to tell the user, in a sentence. */
  message: string;
  /** The better backends that were tried and why they cannot be used. */
  unavailable: UnavailableBackend[];
}

export interface MigrationOutcome {
  account: string;
  from: BackendKind;
  result: CredentialResult<void>;
}

export interface CredentialStore {
  status(): Promise<CredentialStoreStatus>;
  /** Probes the backends again (say, after the user unlocked the keyring) and returns the new status. */
  reprobe(): Promise<CredentialStoreStatus>;
  /** The account's secret; null when none was saved (or it was saved for a session that has ended). */
  get(account: string): Promise<CredentialResult<string | null>>;
  set(account: string, secret: string): Promise<CredentialResult<void>>;
  /** true when a secret was removed. */
  delete(account: string): Promise<CredentialResult<boolean>>;
  /** The backend the manifest says wrote the account's secret, or null. */
  writtenBy(account: string): Promise<BackendKind | null>;
  /**
   * Moves a secret from the backend that wrote it to another (default: the one in use now). At every
   * step the manifest names a backend that holds the secret: copy, verify, record, then remove the old copy.
   */
  migrate(account: string, from: BackendKind, to?: BackendKind): Promise<CredentialResult<void>>;
  /** migrate() for every account whose secret lives in an available backend other than the one in use. */
  migrateAllToCurrent(): Promise<MigrationOutcome[]>;
}

interface Probed {
  backend: SecretBackend;
  availability: BackendAvailability;
}

interface Selection {
  probed: Probed[];
  primary: SecretBackend;
}

const ok = <T>(value: T): CredentialResult<T> => ({ ok: true, value });

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const manifestPath = options.manifestPath;
  const candidates: SecretBackend[] = [...options.candidates];
  if (!candidates.some((c) => c.kind === 'memory')) candidates.push(createMemoryBackend());
  const serial = createSerialQueue();
  let selection: Promise<Selection> | undefined;

  async function probeAll(): Promise<Selection> {
    const probed = await Promise.all(
      candidates.map(async (backend): Promise<Probed> => {
        const probe = (backend as Partial<ProbedBackend>).probe;
        if (!probe) return { backend, availability: { available: true } };
        try {
          return { backend, availability: await probe.call(backend) };
        } catch (error) {
          return { backend, availability: { available: false, reason: (error as Error).message } };
        }
      }),
    );
    const primary = probed.find((p) => p.availability.available)?.backend;
    if (!primary) throw new Error('credentials: no backend is available, not even memory');
    for (const p of probed) {
      if (!p.availability.available)
        logger.warn(`credentials: ${p.backend.kind} not available: ${p.availability.reason}`);
    }
    logger.info(`credentials: new sign-ins are saved in ${primary.kind} (${primary.description})`);
    return { probed, primary };
  }

  const select = (): Promise<Selection> => (selection ??= probeAll());

  function available(sel: Selection, kind: BackendKind): SecretBackend | undefined {
    return sel.probed.find((p) => p.backend.kind === kind && p.availability.available)?.backend;
  }

  function whyUnavailable(sel: Selection, kind: BackendKind): string {
    const p = sel.probed.find((x) => x.backend.kind === kind);
    if (!p) return 'Teleworker does not use it on this system';
    return p.availability.available ? 'it is available' : p.availability.reason;
  }

  function statusOf(sel: Selection): CredentialStoreStatus {
    const { primary } = sel;
    const persistent = primary.kind !== 'memory';
    const unavailable: UnavailableBackend[] = [];
    for (const p of sel.probed) {
      if (p.backend === primary) break;
      if (!p.availability.available)
        unavailable.push({ kind: p.backend.kind, description: p.backend.description, reason: p.availability.reason });
    }
    const message = persistent
      ? `Your sign-in is saved in ${primary.description}.`
      : 'No safe place to save your sign-in was found on this computer, so you are signed in for this session only: ' +
        'Teleworker will ask you to sign in again after it restarts.';
    return { kind: primary.kind, description: primary.description, persistent, message, unavailable };
  }

  function backendChanged(sel: Selection, entry: ManifestEntry, doing: 'read' | 'remove'): CredentialError {
    const inUse = sel.primary;
    const what = doing === 'read' ? 'cannot be read' : 'cannot be removed from there';
    const instead =
      inUse.kind === 'memory'
        ? 'sign in again for this session only'
        : `sign in again to save your sign-in in ${inUse.description}`;
    return new CredentialError(
      'backend-changed',
      `Your sign-in was saved in ${entry.description}, which is not available now (${whyUnavailable(sel, entry.backend)}), so it ${what}. ` +
        `Make it available again (for example, unlock your keyring) and try again, or ${instead}.`,
      { writtenBy: entry.backend, inUse: inUse.kind },
    );
  }

  async function loadManifest(): Promise<Manifest> {
    return readManifest(manifestPath);
  }

  async function record(account: string, backend: SecretBackend | null): Promise<void> {
    const manifest = await readManifestForWrite(manifestPath, logger);
    if (backend) {
      manifest.accounts[account] = {
        backend: backend.kind,
        description: backend.description,
        writtenAt: now().toISOString(),
      };
    } else {
      delete manifest.accounts[account];
    }
    await writeManifest(manifestPath, manifest);
  }

  /** Runs one store operation: serialized, account checked, every failure turned into a result. */
  function operation<T>(account: string, run: (sel: Selection) => Promise<T>): Promise<CredentialResult<T>> {
    return serial(async () => {
      if (!isCredentialAccount(account)) {
        return {
          ok: false,
          error: new CredentialError('invalid-account', `"${account}" is not a user@server account name.`).toData(),
        };
      }
      try {
        return ok(await run(await select()));
      } catch (error) {
        if (error instanceof CredentialError) return { ok: false, error: error.toData() };
        logger.error(`credentials: unexpected failure for ${account}`, error);
        return {
          ok: false,
          error: {
            code: 'backend-error',
            message: `Teleworker could not use its sign-in storage: ${(error as Error).message}`,
          },
        };
      }
    });
  }

  async function migrateOne(sel: Selection, account: string, from: BackendKind, to: BackendKind): Promise<void> {
    const manifest = await loadManifest();
    const entry = manifest.accounts[account];
    if (!entry || entry.backend !== from) {
      throw new CredentialError('migration-refused', `There is no sign-in for ${account} saved in ${from} to move.`);
    }
    if (from === to) return;
    if (to === 'memory') {
      throw new CredentialError(
        'migration-refused',
        'A saved sign-in is not moved to memory: it would be lost when Teleworker exits.',
      );
    }
    const source = available(sel, from);
    if (!source) throw backendChanged(sel, entry, 'read');
    const target = available(sel, to);
    if (!target) {
      throw new CredentialError(
        'migration-refused',
        `The sign-in cannot be moved to ${to}: ${whyUnavailable(sel, to)}.`,
        { inUse: sel.primary.kind },
      );
    }
    const secret = await source.get(account);
    if (secret === null) throw secretMissing(entry);
    await target.set(account, secret);
    const check = await target.get(account);
    if (check !== secret) {
      await target.delete(account).catch(() => false);
      throw new CredentialError(
        'backend-error',
        `The sign-in could not be copied to ${target.description}; it stays in ${source.description}.`,
      );
    }
    try {
      await record(account, target);
    } catch (error) {
      await target.delete(account).catch(() => false);
      throw new CredentialError(
        'backend-error',
        `The move could not be recorded (${(error as Error).message}); the sign-in stays in ${source.description}.`,
      );
    }
    try {
      await source.delete(account);
    } catch (error) {
      logger.warn(
        `credentials: moved ${account} to ${to}; the old copy in ${from} could not be removed: ${(error as Error).message}`,
      );
    }
    logger.info(`credentials: moved ${account} from ${from} to ${to}`);
  }

  return {
    status: async () => statusOf(await select()),

    reprobe: () =>
      serial(async () => {
        selection = probeAll();
        return statusOf(await selection);
      }),

    get: (account) =>
      operation(account, async (sel) => {
        const manifest = await loadManifest();
        const entry = manifest.accounts[account];
        if (!entry) {
          const value = await sel.primary.get(account);
          // Found where the store would have put it, but never recorded (a manifest lost or older than
          // this code): record it now, so a later change of backend is explained rather than silent.
          if (value !== null && sel.primary.kind !== 'memory') {
            await record(account, sel.primary).catch((error: unknown) =>
              logger.warn(`credentials: could not record ${account}: ${(error as Error).message}`),
            );
          }
          return value;
        }
        if (entry.backend === 'memory') {
          // Signed in for a session only: once that process has ended there is nothing, by design.
          // An older copy in a persistent backend is not offered instead: that would be a guess.
          return (await available(sel, 'memory')?.get(account)) ?? null;
        }
        const writer = available(sel, entry.backend);
        if (!writer) throw backendChanged(sel, entry, 'read');
        const value = await writer.get(account);
        if (value === null) throw secretMissing(entry);
        return value;
      }),

    set: (account, secret) =>
      operation(account, async (sel) => {
        if (typeof secret !== 'string' || secret.length === 0) {
          throw new CredentialError('backend-error', 'An empty sign-in cannot be saved.');
        }
        const target = sel.primary;
        let previous: ManifestEntry | undefined;
        try {
          previous = (await loadManifest()).accounts[account];
        } catch {
          previous = undefined; // damaged: record() moves it aside and starts again
        }
        await target.set(account, secret);
        try {
          await record(account, target);
        } catch (error) {
          if (target.kind === 'memory' || previous?.backend === target.kind) {
            // The manifest still names the backend that now holds the secret: consistent.
            logger.warn(`credentials: could not update the manifest for ${account}: ${(error as Error).message}`);
          } else {
            await target.delete(account).catch(() => false);
            throw new CredentialError(
              'backend-error',
              `Your sign-in was not saved: Teleworker could not record where it is kept (${(error as Error).message}).`,
            );
          }
        }
        if (previous && previous.backend !== target.kind) {
          // Leave no stale token behind in the backend that held the account before.
          const old = available(sel, previous.backend);
          const removed = old ? await old.delete(account).catch(() => null) : null;
          if (removed === null) {
            logger.warn(
              `credentials: an older sign-in of ${account} may remain in ${previous.backend}; it is no longer used`,
            );
          }
        }
      }),

    delete: (account) =>
      operation(account, async (sel) => {
        const manifest = await loadManifest().catch(() => null);
        const entry = manifest?.accounts[account];
        let removed = false;
        if (entry && entry.backend !== 'memory') {
          const writer = available(sel, entry.backend);
          if (!writer) throw backendChanged(sel, entry, 'remove');
          removed = await writer.delete(account);
        }
        // Also where a new sign-in would have gone (an unrecorded one) and the session-only store.
        if (!entry || entry.backend !== sel.primary.kind) removed = (await sel.primary.delete(account)) || removed;
        const memory = available(sel, 'memory');
        if (memory && memory !== sel.primary) removed = (await memory.delete(account)) || removed;
        if (entry || manifest === null) await record(account, null);
        return removed;
      }),

    writtenBy: async (account) => {
      try {
        return (await loadManifest()).accounts[account]?.backend ?? null;
      } catch {
        return null;
      }
    },

    migrate: (account, from, to) => operation(account, (sel) => migrateOne(sel, account, from, to ?? sel.primary.kind)),

    migrateAllToCurrent: () =>
      serial(async () => {
        const sel = await select();
        const outcomes: MigrationOutcome[] = [];
        if (sel.primary.kind === 'memory') return outcomes;
        let manifest: Manifest;
        try {
          manifest = await loadManifest();
        } catch {
          return outcomes;
        }
        for (const [account, entry] of Object.entries(manifest.accounts)) {
          if (entry.backend === sel.primary.kind || entry.backend === 'memory' || !available(sel, entry.backend))
            continue;
          let result: CredentialResult<void>;
          try {
            await migrateOne(sel, account, entry.backend, sel.primary.kind);
            result = ok(undefined);
          } catch (error) {
            result = {
              ok: false,
              error:
                error instanceof CredentialError
                  ? error.toData()
                  : { code: 'backend-error', message: (error as Error).message },
            };
          }
          outcomes.push({ account, from: entry.backend, result });
        }
        return outcomes;
      }),
  };
}

function secretMissing(entry: ManifestEntry): CredentialError {
  return new CredentialError(
    'secret-missing',
    `Your sign-in was saved in ${entry.description}, but it is no longer there (it may have been removed outside Teleworker). Sign in again.`,
    { writtenBy: entry.backend },
  );
}
