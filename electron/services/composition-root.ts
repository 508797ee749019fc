// The main process's composition root: the real dependencies (local store, credential store,
// connectivity monitor, office connection) and the list of feature modules, composed into the
// core. Both hosts call createAppCore() and nothing else, so the Electron app and the browser host
// cannot drift apart. The renderer's counterpart is renderer/app/features.ts.
//
// It never starts an office server: where no office is configured, the host (the browser host, or
// `npm start` for Electron) starts the embedded demo office and hands its address in.
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract/system';
import { createConnectivityMonitor } from './connectivity';
import type { ControlActions, ControlEndpoint, ControlServer } from './control';
import {
  createControlServer,
  createCoreActions,
  defaultControlEndpoint,
  noWindow,
  sessionActions,
  sessionNotAvailable,
} from './control';
import type { Core } from './core';
import { composeCore } from './core';
import type { CredentialStore, CredentialStoreStatus, SafeStoragePort } from './credentials';
import type { ProbeRunner } from './credentials/keytar-backend';
import { createDefaultCredentialStore } from './credentials';
import type { ModuleDefinition } from './module';
import { appModules, commandsOf } from './modules';
import type { SecretPort } from './office-client/session';
import type { OfficeTrust } from './office-client/trust';
import { officeTrustFromPolicy } from './office-client/trust';
import { OfficeService } from './office/office-service';
import { CommandRegistry } from './outbox/command';
import type { InstallScope } from './install-scope';
import type { PolicyResult } from './policy';
import { configuredOfficeUrl, describePolicyProblems, emptyPolicy } from './policy';

export { configuredOfficeUrl } from './policy';
import { createNavigation, createNotifications } from './notifications';
import type { BadgePort, IdlePort, Logger, Notifier, UpdaterPort } from './ports';
import { createPreferences } from './preferences';
import type { UserSettingsStore } from './settings/settings';
import { createSettings, fileSettingsStore } from './settings/settings';
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
   * Which certificates are the office's (office-client/trust.ts); default: from the policy, with
   * the OS roots this runtime can read. The Electron shell passes the one its updater uses too.
   */
  trust?: OfficeTrust;
  /**
   * The embedded demo office the host started because no office is configured (see
   * configuredOfficeUrl). A promise, so the host's server start and the keychain probe overlap.
   */
  demoOfficeUrl?: string | Promise<string>;
  env?: NodeJS.ProcessEnv;
  /** the feature modules (default: all of them) */
  modules?: readonly ModuleDefinition[];
  /** electron-updater behind its port (the Electron shell); none elsewhere */
  updater?: UpdaterPort;
  /** where the user's own settings are kept (default: settings.json in dataDir) */
  settingsStore?: UserSettingsStore;
  /**
   * Who installed the app (install-scope.ts; the Electron shell knows its binary): a per-machine
   * install does not look for updates unless policy says so. Default: per-user.
   */
  installScope?: InstallScope;
  /**
   * The local control channel (the `teleworker` command, VPN hooks; services/control). On by default
   * in the Electron host; the browser host gets it only where TELEWORKER_CONTROL_DIR names a folder
   * (so parallel development and test hosts do not contend for one socket). `false` turns it off.
   */
  control?: false | ControlOptions;
}

export interface ControlOptions {
  endpoint?: ControlEndpoint;
  /** the shell's window: bring it up on a ticket (default: "not available") */
  window?: ControlActions['window'];
  /** the work session and summary (default: the session module's, through the dispatcher; "not available" without it) */
  session?: Pick<ControlActions, 'session' | 'summary'>;
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
  /** where sign-ins are kept, for the host's start-up line */
  readonly credentialStatus: CredentialStoreStatus;
  /** the local control channel, or null where it is off; it starts and stops with the core */
  readonly control: ControlServer | null;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { logger, dataDir } = options;
  const env = options.env ?? process.env;

  const policyResult: PolicyResult = options.policy ?? emptyPolicy();
  const policy = policyResult.policy;
  const policyProblems = describePolicyProblems(policyResult);
  const policyError = policyProblems ? `${policyProblems} Please tell your IT department.` : null;
  if (policyError) logger.error(policyError);
  for (const source of policyResult.sources.filter((s) => s.found)) {
    const keys = Object.entries(policyResult.origin)
      .filter(([, from]) => from === source.location)
      .map(([key]) => key);
    logger.info(`policy from ${source.location}: ${keys.join(', ') || 'nothing applied'}`);
  }

  const configured = configuredOfficeUrl(policyResult, env);
  const credentials = createDefaultCredentialStore({
    dataDir,
    logger,
    ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}),
    ...(options.keychainProbe ? { keytar: { runProbe: options.keychainProbe } } : {}),
  });
  // Independent start-up work runs side by side: the keychain probe may take a few seconds.
  const [demoUrl, credentialStatus] = await Promise.all([
    configured ? null : (options.demoOfficeUrl ?? null),
    credentials.status(),
  ]);
  const officeUrl = configured ?? demoUrl;

  const store = openLocalStore({ dir: dataDir, logger });
  const recoveryNotice = store.recovery
    ? `Teleworker's local data could not be read, so it was rebuilt (the old file is kept at ${store.recovery.movedTo}; ${store.recovery.salvagedOutboxItems} unsent changes were recovered from it). Please sign in again.`
    : null;
  if (recoveryNotice) logger.error(`${recoveryNotice} Cause: ${store.recovery!.reason}`);

  const probeUrl = policy.probeUrl ?? env.TELEWORKER_PROBE_URL;
  // One rule for sign-in, API calls, the event stream and the connectivity probe.
  const trust = options.trust ?? officeTrustFromPolicy(policy);
  const connectivity = createConnectivityMonitor(
    {
      ...(officeUrl ? { officeUrl } : {}),
      ...(probeUrl ? { probeUrl } : {}),
      trust,
      ...(policy.tunnelRules ? { tunnelRules: policy.tunnelRules } : {}),
    },
    { onError: (message, error) => logger.warn(`connectivity: ${message}`, error) },
  );

  const settings = createSettings({
    policy,
    problems: policyResult.problems,
    store: options.settingsStore ?? fileSettingsStore(join(dataDir, 'settings.json'), logger),
    logger,
    ...(options.installScope === 'per-machine' ? { defaults: { updatesEnabled: false } } : {}),
  });

  const modules = options.modules ?? appModules;
  const office = new OfficeService({
    db: store.db,
    secrets: secretPort(credentials, credentialStatus),
    connectivity,
    logger,
    commands: new CommandRegistry(commandsOf(modules)),
    trust,
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
    connectivityMonitor: connectivity,
    office,
    account: {
      defaultServer: officeUrl ?? null,
      serverLocked: policy.officeUrl !== undefined,
      demo: !configured && demoUrl !== null,
      notice: policyError
        ? {
            text: policyError,
            notice: { code: 'policy-invalid', params: { path: policyResult.problems[0]?.location ?? '' } },
          }
        : recoveryNotice
          ? {
              text: recoveryNotice,
              notice: {
                code: 'data-rebuilt',
                params: { movedTo: store.recovery!.movedTo, salvaged: store.recovery!.salvagedOutboxItems },
              },
            }
          : null,
      secretStore: () => ({
        kind: credentialStatus.kind,
        description: credentialStatus.description,
        persistent: credentialStatus.persistent,
      }),
    },
    notifications: createNotifications(options.notifier ?? null, { idle, navigation }),
    navigation,
    badge: options.badge ?? { setCount: () => {} },
    localDb: featureSchema(store.db),
    idle,
    settings,
    updater: options.updater ?? null,
  });

  const controlWanted =
    options.control !== false &&
    (options.host === 'electron' || env.TELEWORKER_CONTROL_DIR !== undefined || options.control !== undefined);
  const controlOptions = options.control || {};
  const control = controlWanted
    ? createControlServer({
        logger,
        endpoint: controlOptions.endpoint ?? defaultControlEndpoint(env),
        actions: createCoreActions(
          core.dispatcher,
          { host: options.host },
          {
            ...(controlOptions.session ??
              (modules.some((m) => m.area === 'session')
                ? sessionActions(core.dispatcher, { host: options.host })
                : sessionNotAvailable)),
            window: controlOptions.window ?? noWindow,
          },
        ),
      })
    : null;
  let controlStarted: Promise<void> | null = null;

  return {
    ...core,
    credentialStatus,
    control,
    start() {
      core.start();
      // The app works without it: a folder another user owns, or a second app, only costs the command.
      controlStarted =
        control?.start().catch((error: unknown) => {
          logger.error(`control channel off: ${error instanceof Error ? error.message : String(error)}`);
        }) ?? null;
    },
    stop() {
      void controlStarted?.then(() => control?.stop());
      core.stop();
    },
    async dispose() {
      await controlStarted;
      await control?.stop();
      core.stop();
      store.close();
    },
  };
}
