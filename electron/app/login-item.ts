// Start at login. Windows and macOS keep login items for the app (Electron's
// setLoginItemSettings); Linux desktops start what ~/.config/autostart holds (freedesktop.org
// autostart), which Electron does not manage, so the shell writes or removes that entry itself.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function autostartEntryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'teleworker.desktop');
}

/** Writes (on) or removes (off) the user's autostart entry for the installed binary. */
export function setLinuxAutostart(
  on: boolean,
  execPath: string,
  args: readonly string[],
  path = autostartEntryPath(),
): void {
  if (!on) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(join(path, '..'), { recursive: true });
  const quoted = [execPath, ...args]
    .map((part) => (/[\s"'\\]/.test(part) ? `"${part.replace(/(["\\`$])/g, '\\$1')}"` : part))
    .join(' ');
  writeFileSync(
    path,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Teleworker',
      `Exec=${quoted}`,
      'Icon=teleworker',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  );
}
