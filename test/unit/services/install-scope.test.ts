// Who installed the app decides whether it updates itself: the place of the binary on Windows
// (the access check there ignores ACLs), whether this user may write the install elsewhere; on
// Linux and macOS the folders are real ones with real modes.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installScope } from '../../../electron/services/install-scope';

const winEnv = {
  ProgramFiles: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  LOCALAPPDATA: 'C:\\Users\\siti\\AppData\\Local',
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('install scope', () => {
  it('Windows: Program Files is per-machine (NSIS /allusers, MSI), %LOCALAPPDATA%\\Programs per-user', () => {
    const scope = (execPath: string) =>
      installScope({ platform: 'win32', execPath, env: winEnv, writable: () => true });
    expect(scope('C:\\Program Files\\Teleworker\\Teleworker.exe')).toBe('per-machine');
    expect(scope('c:\\program files\\Teleworker\\Teleworker.exe')).toBe('per-machine');
    expect(scope('C:\\Users\\siti\\AppData\\Local\\Programs\\Teleworker\\Teleworker.exe')).toBe('per-user');
    // a folder that merely starts like Program Files
    expect(scope('C:\\Program Files Extra\\Teleworker\\Teleworker.exe')).toBe('per-user');
  });

  it('Linux and macOS: an install this user cannot write is per-machine; an AppImage follows its own file', () => {
    const root = mkdtempSync(join(tmpdir(), 'tw-scope-'));
    dirs.push(root);
    const opt = join(root, 'opt/Teleworker');
    const bundle = join(root, 'Applications/Teleworker.app');
    mkdirSync(opt, { recursive: true });
    mkdirSync(join(bundle, 'Contents/MacOS'), { recursive: true });
    writeFileSync(join(root, 'Teleworker.AppImage'), '');
    const locked = new Set([opt, bundle]);
    // root may write anywhere, so "may this user write" is decided by the set the test locks
    const writable = (path: string) => !locked.has(path);
    expect(installScope({ platform: 'linux', execPath: join(opt, 'teleworker'), env: {}, writable })).toBe(
      'per-machine',
    );
    expect(
      installScope({ platform: 'darwin', execPath: join(bundle, 'Contents/MacOS/Teleworker'), env: {}, writable }),
    ).toBe('per-machine');
    locked.clear();
    expect(installScope({ platform: 'linux', execPath: join(opt, 'teleworker'), env: {}, writable })).toBe('per-user');
    expect(
      installScope({
        platform: 'linux',
        execPath: '/tmp/.mount_Telewo/teleworker',
        env: { APPIMAGE: join(root, 'Teleworker.AppImage') },
        writable,
      }),
    ).toBe('per-user');
  });

  it('the default access check reads the real mode of the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'tw-scope-real-'));
    dirs.push(root);
    chmodSync(root, 0o755);
    const scope = installScope({ platform: 'linux', execPath: join(root, 'teleworker'), env: {} });
    // as root every folder is writable; as a user their own temporary folder is
    expect(scope).toBe('per-user');
    expect(installScope({ platform: 'linux', execPath: '/proc/1/teleworker', env: {} })).toBe('per-machine');
  });
});
