// The office server as IT runs it: office-server/dist/main.js, bundled by office-server/build.mjs,
// started with plain `node` (no tsx). Each test file builds its own copy into a folder inside
// office-server/ (so the bundle resolves the package's dependencies as dist/ does) and removes it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const packageDir = join(root, 'office-server');

export interface Build {
  /** <dir>/dist/main.js */
  main: string;
  /** <dir>/bin/office-server.js, the package's bin beside that dist/ */
  bin: string;
  remove(): void;
}

export function buildServer(): Build {
  const dir = mkdtempSync(join(packageDir, '.build-'));
  const main = join(dir, 'dist', 'main.js');
  execFileSync(process.execPath, [join(packageDir, 'build.mjs'), main], { cwd: packageDir, stdio: 'pipe' });
  const bin = join(dir, 'bin', 'office-server.js');
  mkdirSync(dirname(bin));
  copyFileSync(join(packageDir, 'bin', 'office-server.js'), bin);
  return { main, bin, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** the environment without anything that would load tsx (or another loader) into the child */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

export interface BuiltServer {
  url: string;
  metricsUrl: string | undefined;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `node <main> ...args` until it prints its listening line */
export function startBuilt(main: string, args: string[], env: Record<string, string> = {}): Promise<BuiltServer> {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: root,
    env: plainEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    void exit.then(() => reject(new Error(`the built office server exited early: ${out}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /office-server listening on (https?:\/\/\S+)/.exec(out);
      if (!m?.[1]) return;
      resolve({
        url: m[1].replace(/ .*$/, ''),
        metricsUrl: /office-server metrics on (\S+)/.exec(out)?.[1],
        child,
        output: () => out,
        async stop() {
          if (exited) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exit;
          clearTimeout(force);
        },
      });
    });
  });
}

/** `node <main> ...args` to the end: its exit code and output */
export function runBuilt(
  main: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: root,
      env: plainEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
