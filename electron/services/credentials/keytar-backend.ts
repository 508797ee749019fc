import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialError } from './types';
import type { BackendAvailability, ProbedBackend } from './types';
import { withTimeout } from './timeout';

/** The part of keytar this backend uses (keytar's own types match it). */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarBackendOptions {
  /** How keytar is loaded; tests pass a fake. Default: a dynamic import of 'keytar'. */
  load?: () => Promise<KeytarModule>;
  /** How long the probe waits for the Secret Service to answer. */
  probeTimeoutMs?: number;
  /**
   * How long get/set/delete wait. Longer than the probe: a desktop keyring may ask the user to
   * unlock it, and that prompt is a legitimate wait.
   */
  operationTimeoutMs?: number;
  platform?: NodeJS.Platform;
  /**
   * Probe in a child process (default, unless `load` is given). A keytar call that hangs blocks a
   * libuv thread for good, and Node joins those threads at exit: a probe that hung in-process would
   * make the app itself hang on quit. A child can simply be killed.
   */
  probeInChild?: boolean;
  /**
   * How the child is started. Default: Node (or Electron with ELECTRON_RUN_AS_NODE) running
   * keychain-probe.cjs. The packaged Electron app has the RunAsNode fuse off and passes a runner
   * over Electron's utilityProcess instead (electron/app).
   */
  runProbe?: ProbeRunner;
}

/** A started probe child: its output, its end, and a way to stop it. */
export interface ProbeChild {
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  kill(): void;
  /** the child ended (code null: killed or could not start) */
  onExit(listener: (code: number | null) => void): void;
  onError(listener: (error: Error) => void): void;
}

/** Starts keychain-probe.cjs with these environment variables added. */
export type ProbeRunner = (env: Record<string, string>) => ProbeChild;

/** The probe script beside this file (in the source tree; the packaged app ships it as a resource). */
export const KEYCHAIN_PROBE_SCRIPT = 'keychain-probe.cjs';

/** Node's child_process: `process.execPath` (Electron as Node during development) runs the script. */
export function nodeProbeRunner(scriptPath: string): ProbeRunner {
  return (env) => {
    const child = spawn(process.execPath, [scriptPath], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => void child.kill('SIGKILL'),
      onExit: (listener) => void child.on('close', (code) => listener(code)),
      onError: (listener) => void child.on('error', listener),
    };
  };
}

const defaultProbeScript = () => join(dirname(fileURLToPath(import.meta.url)), KEYCHAIN_PROBE_SCRIPT);

export const DEFAULT_KEYCHAIN_SERVICE = 'Teleworker';

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, or the freedesktop
 * Secret Service (GNOME Keyring, KWallet) on Linux.
 *
 * keytar is a native module: it is loaded on first use, never at import time, because loading can
 * fail (libsecret missing). And a loaded keytar can hang for good when the session bus has no
 * Secret Service that answers, so every call is bounded by a timeout.
 */
export function createKeytarBackend(
  service: string = DEFAULT_KEYCHAIN_SERVICE,
  options: KeytarBackendOptions = {},
): ProbedBackend {
  const load = options.load ?? loadKeytar;
  const probeTimeoutMs = options.probeTimeoutMs ?? 3_000;
  const operationTimeoutMs = options.operationTimeoutMs ?? 60_000;
  const description = keychainDescription(options.platform ?? process.platform);
  const probeInChild = options.probeInChild ?? options.load === undefined;
  let loaded: Promise<KeytarModule> | undefined;

  const keytar = (): Promise<KeytarModule> => {
    loaded ??= load();
    return loaded;
  };

  async function call<T>(what: string, run: (k: KeytarModule) => Promise<T>): Promise<T> {
    let k: KeytarModule;
    try {
      k = await keytar();
    } catch (error) {
      throw new CredentialError(
        'backend-error',
        `${capitalize(description)} cannot be used: keytar did not load (${messageOf(error)}).`,
      );
    }
    try {
      return await withTimeout(
        run(k),
        operationTimeoutMs,
        () =>
          new Error(
            `no answer within ${operationTimeoutMs >= 1_000 ? `${Math.round(operationTimeoutMs / 1_000)} s` : `${operationTimeoutMs} ms`}`,
          ),
      );
    } catch (error) {
      throw new CredentialError('backend-error', `${capitalize(description)} could not ${what}: ${messageOf(error)}.`);
    }
  }

  return {
    kind: 'keychain',
    description,
    async probe(): Promise<BackendAvailability> {
      if (probeInChild)
        return probeInChildProcess(service, probeTimeoutMs, options.runProbe ?? nodeProbeRunner(defaultProbeScript()));
      let k: KeytarModule;
      try {
        k = await withTimeout(keytar(), probeTimeoutMs, () => new Error('loading keytar timed out'));
      } catch (error) {
        return { available: false, reason: `keytar did not load: ${messageOf(error)}` };
      }
      try {
        await withTimeout(
          k.findCredentials(service),
          probeTimeoutMs,
          () => new Error(`no Secret Service answered within ${probeTimeoutMs} ms`),
        );
        return { available: true };
      } catch (error) {
        return { available: false, reason: `the keychain did not answer: ${messageOf(error)}` };
      }
    },
    get: (account) => call('read the sign-in', (k) => k.getPassword(service, account)),
    set: (account, secret) => call('save the sign-in', (k) => k.setPassword(service, account, secret)),
    delete: (account) => call('remove the sign-in', (k) => k.deletePassword(service, account)),
  };
}

async function loadKeytar(): Promise<KeytarModule> {
  // keytar is an optional dependency (npm leaves it out where it cannot be built) and CommonJS, so
  // it is required at run time rather than imported: neither the bundle nor the type-check needs
  // it, and a missing module is the same "keychain unavailable" as a missing libsecret.
  const k = createRequire(import.meta.url)('keytar') as Partial<KeytarModule> | undefined;
  if (typeof k?.getPassword !== 'function') throw new Error('keytar has no getPassword');
  return k as KeytarModule;
}

/** Asks a child process whether the keychain answers; kills it when it does not answer in time. */
export function probeInChildProcess(
  service: string,
  timeoutMs: number,
  run: ProbeRunner,
): Promise<BackendAvailability> {
  let keytarPath: string;
  try {
    keytarPath = createRequire(import.meta.url).resolve('keytar');
  } catch (error) {
    // Node's message goes on with a "Require stack" list: the first line says it all.
    return Promise.resolve({ available: false, reason: `keytar is not installed: ${messageOf(error).split('\n')[0]}` });
  }
  return new Promise((resolve) => {
    let child: ProbeChild;
    try {
      child = run({ TELEWORKER_KEYTAR_PATH: keytarPath, TELEWORKER_KEYCHAIN_SERVICE: service });
    } catch (error) {
      resolve({ available: false, reason: `the keychain probe could not start: ${messageOf(error)}` });
      return;
    }
    let settled = false;
    const finish = (result: BackendAvailability): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill();
      finish({
        available: false,
        reason: `the keychain did not answer: no Secret Service answered within ${timeoutMs} ms`,
      });
    }, timeoutMs);
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => (out += c));
    child.stderr?.on('data', (c: string) => (err += c));
    child.onError((error) =>
      finish({ available: false, reason: `the keychain probe could not start: ${error.message}` }),
    );
    child.onExit((code) => {
      // The output may still be arriving when the exit is reported: read it on the next turn.
      setImmediate(() => {
        if (code === 0 && out.trim() === 'ok') finish({ available: true });
        else if (code === 2) finish({ available: false, reason: `the keychain did not answer: ${out.trim()}` });
        else finish({ available: false, reason: `keytar did not load: ${lastLine(err) || `exit ${code}`}` });
      });
    });
  });
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  return lines.find((l) => /Error/.test(l)) ?? lines[lines.length - 1] ?? '';
}

export function keychainDescription(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the system keychain (Secret Service: GNOME Keyring or KWallet)';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
