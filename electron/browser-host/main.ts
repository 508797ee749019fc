// npm run start:browser — the app's services in a Node process, the UI in any browser.
// This is a host: it starts the embedded demo office when no office is configured, builds the
// core through the composition root and serves the renderer.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configuredOfficeUrl, createAppCore } from '../services/composition-root';
import { signInStorageLine } from '../services/credentials/storage-line';
import type { Logger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { loadPolicy } from '../services/policy';
import { createPageIdlePort } from '../services/presence/page-idle';
import { watchForWake } from '../services/wake-detector';
import type { DemoOffice } from './demo-office';
import { DEMO_SIGN_IN_HINT, startDemoOffice } from './demo-office';
import { startBrowserHost } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(root, 'out/renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error('The renderer is not built: run `npm run build` first (npm run start:browser does it for you).');
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

const logger: Logger = {
  info: (m, ...d) => console.log(`[info] ${m}`, ...d),
  warn: (m, ...d) => console.warn(`[warn] ${m}`, ...d),
  error: (m, ...d) => console.error(`[error] ${m}`, ...d),
};

const dataDir = defaultDataDir();
const policy = loadPolicy();
const demo: Promise<DemoOffice> | null = configuredOfficeUrl(policy) ? null : startDemoOffice(dataDir);
const core = await createAppCore({
  host: 'browser',
  appVersion: version,
  electronVersion: null,
  logger,
  dataDir,
  policy,
  // the page reports input and visibility (presence.reportActivity): away when idle
  idle: createPageIdlePort(),
  ...(demo ? { demoOfficeUrl: demo.then((d) => d.url) } : {}),
});
core.start();
// Electron has powerMonitor's 'resume'; here a timer notices the gap a sleep leaves.
const stopWakeWatch = watchForWake(() => core.office.resumed());
const host = await startBrowserHost({
  core,
  rendererDir,
  logger,
  port: Number(process.env.TELEWORKER_BROWSER_PORT ?? 0),
});
console.log(`Teleworker browser host is running. Open this address in a browser on this machine:\n${host.url}`);
if (demo) console.log(`Demo office server: ${(await demo).url} — ${DEMO_SIGN_IN_HINT}`);
console.log(signInStorageLine(core.credentialStatus));

const shutdown = async () => {
  stopWakeWatch();
  await host.close();
  await core.dispose?.();
  await (await demo)?.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
