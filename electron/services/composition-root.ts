// The main process's composition root: the real dependencies (local store, credential store,
// connectivity monitor, office connection) and the list of feature modules, composed into the
// core. Both hosts call createAppCore() and nothing else, so the Electron app and the browser host
// cannot drift apart. The renderer's counterpart is renderer/app/features.ts.
//
// It never starts an office server: where no office is configured, the host (the browser host, or
// `npm start` for Electron) starts the embedded demo office and hands its address in.
import type { AppInfo } from '../../shared/contract/system';
import { createConnectivityMonitor } from './connectivity';
import type { Core } from './core';
import { composeCore } from './core';
import type { CredentialStore, CredentialStoreStatus, SafeStoragePort } from './credentials';
import type { ProbeRunner } from './credentials/keytar-backend';
import { createDefaultCredentialStore } from './credentials';
import type { ModuleDefinition } from './module';
import { appModules, commandsOf } from './modules';
import type { SecretPort } from './office-client/session';
import { OfficeService } from './office/office-service';
import { CommandRegistry } from './outbox/command';
import type { PolicyResult } from './policy';
import { configuredOfficeUrl } from './policy';

export { configuredOfficeUrl } from './policy';
import { createNavigation, createNotifications } from './notifications';
import type { BadgePort, IdlePort, Logger, Navigation, Notifier, WorkSessionPort } from './ports';
import { workSessionSlot } from './session/session-module';
import { createPreferences } from './preferences';
import { featureSchema } from './store/feature-schema';
import { openLocalStore } from './store/local-store';

export interface AppCoreOptions {
  host: AppInfo['host'];
  appVersion: string;
  electronVersion: string | null;
  logger: Logger;
  dataDir: string;
  notifier?: Notifier;
  idle?: IdlePort;
  /** the dock / taskbar count (Electron: app.setBadgeCount); default: none */
  badge?: BadgePort;
  /** Electron's safeStorage, adapted by the shell; the browser host has none. */
  safeStorage?: SafeStoragePort;
  /** How the keychain probe's child starts (Electron: a utilityProcess; default: Node). */
  keychainProbe?: ProbeRunner;
  /** IT's machine-wide policy (electron/services/policy.ts), read once by the host */
  policy?: PolicyResult;
  /**
   * The embedded demo office the host started because no office is configured (see
   * configuredOfficeUrl). A promise, so the host's server start and the keychain probe overlap.
   */
  demoOfficeUrl?: string | Promise<string>;
  env?: NodeJS.ProcessEnv;
  /** the feature modules (default: all of them) */
  modules?: readonly ModuleDefinition[];
  workSession?: WorkSessionPort;
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
  /** the host calls this for a teleworker:// link; modules use it for notification clicks */
  readonly navigation: Navigation;
  /** where sign-ins are kept, for the host's start-up line */
  readonly credentialStatus: CredentialStoreStatus;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { logger, dataDir } = options;
  const env = options.env ?? process.env;

  const policyResult: PolicyResult = options.policy ?? { ok: true, policy: {}, path: '', found: false };
  const policy = policyResult.ok ? policyResult.policy : {};
  const policyError = policyResult.ok ? null : `${policyResult.error} Please tell your IT department.`;
  if (policyError) logger.error(policyError);
  else if (policyResult.ok && policyResult.found) logger.info(`policy from ${policyResult.path}: ${Object.keys(policy).join(', ') || 'empty'}`);

  const configured = configuredOfficeUrl(policyResult, env);
  const credentials = createDefaultCredentialStore({
    dataDir,
    logger,
    ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}),
    ...(options.keychainProbe ? { keytar: { runProbe: options.keychainProbe } } : {}),
  });
  // Independent start-up work runs side by side: the keychain probe may take a few seconds.
  const [demoUrl, credentialStatus] = await Promise.all([configured ? null : (options.demoOfficeUrl ?? null), credentials.status()]);
  const officeUrl = configured ?? demoUrl;

  const store = openLocalStore({ dir: dataDir, logger });
  const recoveryNotice = store.recovery
    ? `Teleworker's local data could not be read, so it was rebuilt (the old file is kept at ${store.recovery.movedTo}; ${store.recovery.salvagedOutboxItems} unsent changes were recovered from it). Please sign in again.`
    : null;
  if (recoveryNotice) logger.error(`${recoveryNotice} Cause: ${store.recovery!.reason}`);

  const probeUrl = policy.probeUrl ?? env.TELEWORKER_PROBE_URL;
  const connectivity = createConnectivityMonitor(
    {
      ...(officeUrl ? { officeUrl } : {}),
      ...(probeUrl ? { probeUrl } : {}),
      ...(policy.certPin ? { certPin: policy.certPin } : {}),
      ...(policy.tunnelRules ? { tunnelRules: policy.tunnelRules } : {}),
    },
    { onError: (message, error) => logger.warn(`connectivity: ${message}`, error) },
  );

  const modules = options.modules ?? appModules;
  const office = new OfficeService({
    db: store.db,
    secrets: secretPort(credentials, credentialStatus),
    connectivity,
    logger,
    commands: new CommandRegistry(commandsOf(modules)),
  });

  const navigation = createNavigation();
  const idle = options.idle ?? null;
  const core = composeCore(modules, {
    info: {
      name: 'Teleworker',
      version: options.appVersion,
      platform: process.platform,
      arch: process.arch,
      host: options.host,
      electronVersion: options.electronVersion,
    },
    logger,
    clock: () => new Date(),
    preferences: createPreferences(),
    connectivity,
    office,
    account: {
      defaultServer: officeUrl ?? null,
      serverLocked: policy.officeUrl !== undefined,
      demo: !configured && demoUrl !== null,
      notice: policyError
        ? { text: policyError, notice: { code: 'policy-invalid', params: { path: policyResult.path } } }
        : recoveryNotice
          ? { text: recoveryNotice, notice: { code: 'data-rebuilt', params: { movedTo: store.recovery!.movedTo, salvaged: store.recovery!.salvagedOutboxItems } } }
          : null,
      secretStore: () => ({ kind: credentialStatus.kind, description: credentialStatus.description, persistent: credentialStatus.persistent }),
    },
    notifications: createNotifications(options.notifier ?? null, { idle, navigation }),
    navigation,
    badge: options.badge ?? { setCount: () => {} },
    localDb: featureSchema(store.db),
    idle,
    // the session module provides the real answer when it is among the modules
    workSession: options.workSession ?? workSessionSlot(),
  });

  return {
    ...core,
    credentialStatus,
    navigation,
    async dispose() {
      core.stop();
      store.close();
    },
  };
}
