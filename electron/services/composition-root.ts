// Builds the core with its real dependencies. Both hosts call this and nothing else, so the
// Electron app and the browser host cannot drift apart.
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract/system';
import { startOfficeServer } from '../../office-server/server';
import { createConnectivityMonitor } from './connectivity';
import type { Core } from './core';
import { createCore } from './core';
import type { CredentialStore, CredentialStoreStatus, SafeStoragePort } from './credentials';
import { createDefaultCredentialStore } from './credentials';
import type { Logger } from './logger';
import type { PolicyResult } from './policy';
import type { Notifier } from './office-loss-notifier';
import type { SecretPort } from './office-client/session';
import { OfficeService } from './office/office-service';
import { openLocalStore } from './store/local-store';

export interface AppCoreOptions {
  host: AppInfo['host'];
  appVersion: string;
  electronVersion: string | null;
  logger: Logger;
  dataDir: string;
  notifier?: Notifier;
  /** Electron's safeStorage, adapted by the shell; the browser host has none. */
  safeStorage?: SafeStoragePort;
  /** IT's machine-wide policy (electron/services/policy.ts), read once by the host */
  policy?: PolicyResult;
  env?: NodeJS.ProcessEnv;
}

/** The credential store behind the session's small port; its errors become sentences, never silent nulls. */
function secretPort(store: CredentialStore, status: CredentialStoreStatus): SecretPort {
  const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (result.ok) return result.value;
    throw new Error(result.error.message);
  };
  return {
    get: async (account) => unwrap(await store.get(account)),
    set: async (account, secret) => unwrap(await store.set(account, secret)),
    delete: async (account) => unwrap(await store.delete(account)),
    persistent: () => status.persistent,
  };
}

export interface AppCore extends Core {
  /** The embedded demo office server, when no office server is configured. */
  readonly demoServerUrl: string | null;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { logger, dataDir } = options;
  const env = options.env ?? process.env;

  const policyResult: PolicyResult = options.policy ?? { ok: true, policy: {}, path: '', found: false };
  const policy = policyResult.ok ? policyResult.policy : {};
  const policyError = policyResult.ok ? null : `${policyResult.error} Please tell your IT department.`;
  if (policyError) logger.error(policyError);
  else if (policyResult.ok && policyResult.found) logger.info(`policy from ${policyResult.path}: ${Object.keys(policy).join(', ') || 'empty'}`);

  // The office: IT's policy, else the user's setting, else an embedded demo office on loopback.
  const configured = policy.officeUrl ?? (env.TELEWORKER_OFFICE_URL?.trim() || null);
  const credentials = createDefaultCredentialStore({ dataDir, logger, ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}) });
  // Independent start-up work runs side by side: the keychain probe may take a few seconds.
  const [demo, credentialStatus] = await Promise.all([
    configured ? null : startOfficeServer({ port: 0, host: '127.0.0.1', dataDir: join(dataDir, 'office-demo'), demo: true, logger: false }),
    credentials.status(),
  ]);
  const officeUrl = configured ?? demo!.url;
  if (demo) logger.info(`no office server configured: embedded demo office server at ${demo.url}`);

  const store = openLocalStore({ dir: dataDir, logger });
  const recoveryNotice = store.recovery
    ? `Teleworker's local data could not be read, so it was rebuilt (the old file is kept at ${store.recovery.movedTo}; ${store.recovery.salvagedOutboxItems} unsent changes were recovered from it). Please sign in again.`
    : null;
  if (recoveryNotice) logger.error(`${recoveryNotice} Cause: ${store.recovery!.reason}`);

  const probeUrl = policy.probeUrl ?? env.TELEWORKER_PROBE_URL;
  const connectivity = createConnectivityMonitor(
    {
      officeUrl,
      ...(probeUrl ? { probeUrl } : {}),
      ...(policy.certPin ? { certPin: policy.certPin } : {}),
      ...(policy.tunnelRules ? { tunnelRules: policy.tunnelRules } : {}),
    },
    { onError: (message, error) => logger.warn(`connectivity: ${message}`, error) },
  );

  const office = new OfficeService({ db: store.db, secrets: secretPort(credentials, credentialStatus), connectivity, logger });

  const core = createCore({
    info: {
      name: 'Teleworker',
      version: options.appVersion,
      platform: process.platform,
      arch: process.arch,
      host: options.host,
      electronVersion: options.electronVersion,
    },
    logger,
    connectivity,
    office,
    account: {
      defaultServer: officeUrl,
      serverLocked: policy.officeUrl !== undefined,
      demo: demo !== null,
      notice: policyError ?? recoveryNotice,
      secretStore: () => ({ kind: credentialStatus.kind, description: credentialStatus.description, persistent: credentialStatus.persistent }),
    },
    notifier: options.notifier,
  });

  return {
    ...core,
    demoServerUrl: demo?.url ?? null,
    async dispose() {
      core.stop();
      store.close();
      await demo?.close();
    },
  };
}
