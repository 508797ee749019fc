// The embedded demo office: a real office server on a free loopback port with the demo
// organisation, for `npm start` / `npm run start:browser` when no office is configured. Only the
// hosts start it (the services never import the server), so a packaged Electron app carries no
// server code.
import { join } from 'node:path';
import { startOfficeServer } from '../../office-server/server';

export interface DemoOffice {
  url: string;
  close(): Promise<void>;
}

export async function startDemoOffice(dataDir: string, port = 0): Promise<DemoOffice> {
  const server = await startOfficeServer({
    port,
    host: '127.0.0.1',
    dataDir: join(dataDir, 'office-demo'),
    demo: true,
    logger: false,
  });
  return { url: server.url, close: () => server.close() };
}

export const DEMO_SIGN_IN_HINT =
  'sign in as budi (or ayu, dewi, rudi; manager siti; second level: eko, manager rina) with password teleworker';
