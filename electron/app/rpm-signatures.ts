// electron-updater installs a downloaded rpm with `dnf|yum install --nogpgcheck` (zypper with
// --allow-unsigned-rpm), so an rpm update would go in unsigned. Here the package's signature is
// checked against the keys rpm trusts (the ones IT imported with `rpm --import`) before the package
// manager runs, and the package manager runs with its own checks on. Only this shell file knows
// electron-updater's RpmUpdater.
import { execFileSync } from 'node:child_process';

type PackageManager = 'zypper' | 'dnf' | 'yum' | 'rpm';
type Runner = (commandWithArgs: string[]) => void;
interface RpmUpdaterClass {
  installWithCommandRunner(packageManager: PackageManager, installerPath: string, run: Runner, logger: unknown): void;
}

/**
 * Throws unless every signature and digest of the package verifies with a key rpm trusts:
 * `_pkgverify_level all` makes rpmkeys refuse an unsigned package too, not only a bad signature.
 */
export function verifyRpmSignature(
  path: string,
  exec: (file: string, args: string[]) => string = (file, args) =>
    execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
): void {
  try {
    exec('rpmkeys', ['--checksig', '--define', '_pkgverify_level all', path]);
  } catch (error) {
    const detail = String((error as { stdout?: unknown }).stdout ?? (error as Error).message)
      .trim()
      .split('\n')[0];
    throw new Error(
      `The update package's signature does not verify with a key this computer trusts, so it was not installed (${detail}). IT imports the release key with rpm --import.`,
      { cause: error },
    );
  }
}

/** The install commands with signature checks on. */
function signedInstallCommand(packageManager: PackageManager, path: string): string[] {
  switch (packageManager) {
    case 'zypper':
      return ['zypper', '--non-interactive', '--no-refresh', 'install', '-f', path];
    case 'dnf':
    case 'yum':
      return [packageManager, 'install', '-y', '--setopt=localpkg_gpgcheck=1', path];
    case 'rpm':
      return ['rpm', '-Uvh', '--replacepkgs', path];
  }
}

export function requireRpmSignatures(
  rpmUpdater: RpmUpdaterClass,
  verify: (path: string) => void = (path) => verifyRpmSignature(path),
): void {
  rpmUpdater.installWithCommandRunner = (packageManager, installerPath, run) => {
    verify(installerPath);
    run(signedInstallCommand(packageManager, installerPath));
  };
}
