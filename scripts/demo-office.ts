// For `npm start` with Electron: starts the embedded demo office beside the app when neither
// IT's policy nor TELEWORKER_OFFICE_URL names an office, and prints its address; prints
// "configured" otherwise. The same rules as the browser host, from the same functions.
import { startDemoOffice } from '../electron/browser-host/demo-office';
import { defaultDataDir } from '../electron/services/paths';
import { configuredOfficeUrl, loadPolicy } from '../electron/services/policy';

if (configuredOfficeUrl(loadPolicy())) {
  process.stdout.write('configured\n');
  process.exit(0);
}
const demo = await startDemoOffice(defaultDataDir());
process.stdout.write(`listening on ${demo.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void demo.close().finally(() => process.exit(0)));
}
