// The Electron entry point: hands the real electron module to the shell's start-up.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import log from 'electron-log/main';
import { startApp } from './app/bootstrap';
import { cliArguments, runCliMode } from './app/cli-mode';
import { loadUpdater } from './app/updater';
import { createAppCore } from './services/composition-root';
import { signInStorageLine } from './services/credentials/storage-line';
import { officeTrustFromPolicy } from './services/office-client/trust';
import { installScope } from './services/install-scope';
import { loadPolicy } from './services/policy';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
const { app } = electron;
const policy = loadPolicy();
// one trust rule for the office (services/office-client/trust.ts), shared by the core and the updater
const trust = officeTrustFromPolicy(policy.policy);

// `Teleworker --cli status` (resources/bin/teleworker): the command, for an installed app without Node
const cli = cliArguments(process.argv);
if (cli) void runCliMode(app, cli);
else
  startApp(electron, {
    rendererDir: join(here, '../renderer'),
    preloadPath: join(here, '../preload/preload.cjs'),
    log,
    externalOrigins: (policy.policy.externalOrigins ?? []).map((url) => new URL(url).origin),
    externalSchemes: policy.policy.externalSchemes ?? [],
    devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
    // Shipped beside app.asar by electron-builder (extraResources); read from the source tree in development.
    keychainProbePath: app.isPackaged
      ? join(process.resourcesPath, 'keychain-probe.cjs')
      : join(app.getAppPath(), 'electron/services/credentials/keychain-probe.cjs'),
    loadUpdater: (logger) => loadUpdater(app.isPackaged, logger, process.resourcesPath, trust),
    makeCore: async ({ logger, notifier, badge, safeStorage, idle, keychainProbe, ticketWindow, updater }) => {
      const core = await createAppCore({
        // the `teleworker` command and VPN hooks (services/control); its `open` brings this window up
        control: { window: ticketWindow },
        keychainProbe,
        notifier,
        badge,
        safeStorage,
        idle,
        policy,
        trust,
        // per-machine installs are updated by IT's tools unless policy turns updates on
        installScope: app.isPackaged
          ? installScope({ platform: process.platform, execPath: process.execPath, env: process.env })
          : 'per-user',
        ...(updater ? { updater } : {}),
        host: 'electron',
        appVersion: app.getVersion(),
        electronVersion: process.versions.electron ?? null,
        logger,
        dataDir: app.getPath('userData'),
        // `npm start` runs the embedded demo office beside Electron when no office is configured
        // (scripts/start.mjs); a packaged app never does, and carries no office-server code.
        ...(process.env.TELEWORKER_DEMO_OFFICE_URL ? { demoOfficeUrl: process.env.TELEWORKER_DEMO_OFFICE_URL } : {}),
      });
      logger.info(signInStorageLine(core.credentialStatus));
      return core;
    },
  });
