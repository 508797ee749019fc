// npm start: build, then run the desktop app. Where Electron cannot run (no binary, no display)
// it says so and starts the browser host instead, so the command always gives a working app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let binary;
try {
  binary = require('electron');
} catch {
  binary = null;
}
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
let command;
let args;
const env = { ...process.env };
let demoOffice = null;
if (binary && existsSync(binary) && hasDisplay) {
  command = binary;
  args = ['.'];
  // The Electron app never carries the office server: with no office configured, the embedded
  // demo office runs beside it as its own process (scripts/demo-office.ts) and the app is handed
  // its address.
  demoOffice = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-office.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const answer = await new Promise((resolve, reject) => {
    let out = '';
    demoOffice.stdout.on('data', (chunk) => {
      out += chunk;
      const line = /^(configured|listening on (\S+))$/m.exec(out);
      if (line) resolve(line[2] ?? null);
    });
    demoOffice.once('exit', (code) => reject(new Error(`the demo office server exited (${code})`)));
  });
  if (answer) {
    env.TELEWORKER_DEMO_OFFICE_URL = answer;
    console.log(
      `Demo office server: ${answer} — sign in as budi (or ayu, dewi, rudi; manager siti; second level: eko, manager rina) with password teleworker`,
    );
  }
} else {
  const why = !binary || !existsSync(binary) ? 'the Electron binary is not installed' : 'there is no display';
  console.log(`Teleworker: ${why}, so the app runs in the browser host instead (npm run start:browser).`);
  command = process.execPath;
  args = ['--import', 'tsx', 'electron/browser-host/main.ts'];
}
const child = spawn(command, args, { stdio: 'inherit', env });
child.on('exit', (code) => {
  demoOffice?.kill('SIGTERM');
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
