// Who installed this copy of Teleworker: IT for every user of the machine (Program Files, a deb or
// rpm under /opt, an app bundle the user cannot write), or the user for themselves (a per-user
// NSIS install, an AppImage, an app they dragged to Applications). A per-machine install is updated
// by IT's own tools (Intune, Jamf, apt, dnf): a standard user could not install an update over it
// anyway (UAC, pkexec), so the app does not look for updates unless policy turns them on.
import { accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type InstallScope = 'per-machine' | 'per-user';

export interface InstallScopeInput {
  platform: NodeJS.Platform;
  /** the app's binary (process.execPath) */
  execPath: string;
  env: NodeJS.ProcessEnv;
  /** may this user write there (default: fs.accessSync W_OK) */
  writable?: (path: string) => boolean;
}

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

export function installScope({ platform, execPath, env, writable = canWrite }: InstallScopeInput): InstallScope {
  if (platform === 'win32') {
    // Windows' access check ignores ACLs, so the place decides: Program Files is per-machine
    // (NSIS /allusers, the MSI); %LOCALAPPDATA%\Programs is a per-user NSIS install.
    const exe = execPath.toLowerCase();
    const roots = [env.ProgramFiles, env.ProgramW6432, env['ProgramFiles(x86)']].filter((r): r is string => !!r);
    return roots.some((root) => exe.startsWith(`${root.toLowerCase().replace(/\\+$/, '')}\\`))
      ? 'per-machine'
      : 'per-user';
  }
  // An AppImage replaces its own file, which lives wherever the user put it.
  if (platform === 'linux' && env.APPIMAGE) return writable(env.APPIMAGE) ? 'per-user' : 'per-machine';
  // macOS: the .app bundle (…/Teleworker.app/Contents/MacOS/Teleworker); Linux: the install folder.
  if (platform === 'darwin') {
    const bundle = resolve(execPath, '..', '..', '..');
    return writable(bundle) && writable(join(bundle, 'Contents')) ? 'per-user' : 'per-machine';
  }
  return writable(dirname(execPath)) ? 'per-user' : 'per-machine';
}
