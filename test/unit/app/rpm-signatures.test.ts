// rpm updates with signature checks on: electron-updater's own RpmUpdater, patched, never passes
// --nogpgcheck / --allow-unsigned-rpm, and nothing is installed when the signature check fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpmUpdater } from 'electron-updater';
import { describe, expect, it } from 'vitest';
import { requireRpmSignatures, verifyRpmSignature } from '../../../electron/app/rpm-signatures';

const hasRpmkeys = (() => {
  try {
    execFileSync('rpmkeys', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasRpmkeys) console.log('SKIP rpmkeys on a file that is no signed package: rpmkeys not installed');

describe('rpm updates', () => {
  it('electron-updater installs with the package manager’s checks on, after the signature verified', () => {
    const original = RpmUpdater.installWithCommandRunner;
    const verified: string[] = [];
    try {
      requireRpmSignatures(RpmUpdater, (path) => void verified.push(path));
      const runs: string[][] = [];
      for (const pm of ['dnf', 'yum', 'zypper', 'rpm'] as const)
        RpmUpdater.installWithCommandRunner(pm, '/tmp/u.rpm', (cmd) => void runs.push(cmd), console);
      expect(verified).toEqual(['/tmp/u.rpm', '/tmp/u.rpm', '/tmp/u.rpm', '/tmp/u.rpm']);
      expect(runs.flat()).not.toContain('--nogpgcheck');
      expect(runs.flat()).not.toContain('--allow-unsigned-rpm');
      expect(runs.flat()).not.toContain('--nodeps');
      expect(runs[0]).toEqual(['dnf', 'install', '-y', '--setopt=localpkg_gpgcheck=1', '/tmp/u.rpm']);

      requireRpmSignatures(RpmUpdater, () => {
        throw new Error('no signature');
      });
      const after: string[][] = [];
      expect(() =>
        RpmUpdater.installWithCommandRunner('dnf', '/tmp/u.rpm', (cmd) => void after.push(cmd), console),
      ).toThrow('no signature');
      expect(after).toEqual([]);
    } finally {
      RpmUpdater.installWithCommandRunner = original;
    }
  });

  it('refuses with a sentence when rpmkeys does not verify the package', () => {
    expect(() =>
      verifyRpmSignature('/tmp/u.rpm', () => {
        throw Object.assign(new Error('exit 1'), { stdout: '/tmp/u.rpm: digests SIGNATURES NOT OK\n' });
      }),
    ).toThrow(/signature does not verify .*\(\/tmp\/u.rpm: digests SIGNATURES NOT OK\).*rpm --import/);
    let args: string[] = [];
    verifyRpmSignature('/tmp/u.rpm', (_file, a) => ((args = a), ''));
    expect(args).toEqual(['--checksig', '--define', '_pkgverify_level all', '/tmp/u.rpm']);
  });

  it.skipIf(!hasRpmkeys)('the real rpmkeys refuses a file that is no signed package', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tw-rpm-')), 'fake.rpm');
    writeFileSync(file, 'not an rpm');
    expect(() => verifyRpmSignature(file)).toThrow(/signature does not verify/);
  });
});
