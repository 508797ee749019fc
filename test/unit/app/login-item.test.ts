import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntryPath, setLinuxAutostart } from '../../../electron/app/login-item';

describe('start at login on Linux', () => {
  it('writes the freedesktop autostart entry and removes it again', () => {
    const config = mkdtempSync(join(tmpdir(), 'tw-autostart-'));
    const path = autostartEntryPath({ XDG_CONFIG_HOME: config });
    expect(path).toBe(join(config, 'autostart', 'teleworker.desktop'));
    setLinuxAutostart(true, '/opt/Teleworker/teleworker', ['--login'], path);
    const entry = readFileSync(path, 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]$/m);
    expect(entry).toMatch(/^Exec=\/opt\/Teleworker\/teleworker --login$/m);
    setLinuxAutostart(true, '/home/a b/Teleworker/teleworker', ['--login'], path);
    expect(readFileSync(path, 'utf8')).toMatch(/^Exec="\/home\/a b\/Teleworker\/teleworker" --login$/m);
    setLinuxAutostart(false, '/opt/Teleworker/teleworker', [], path);
    expect(existsSync(path)).toBe(false);
    setLinuxAutostart(false, '/opt/Teleworker/teleworker', [], path); // already gone: no error
  });
});
