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
if (binary && existsSync(binary) && hasDisplay) {
  command = binary;
  args = ['.'];
} else {
  const why = !binary || !existsSync(binary) ? 'the Electron binary is not installed' : 'there is no display';
  console.log(`Teleworker: ${why}, so the app runs in the browser host instead (npm run start:browser).`);
  command = process.execPath;
  args = ['--import', 'tsx', 'electron/browser-host/main.ts'];
}
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
