import { describe, expect, it, vi } from 'vitest';
import { cliArguments, runCliMode } from '../../../electron/app/cli-mode';

describe('the installed app as the teleworker command (--cli)', () => {
  it('takes what follows --cli as the command, and nothing else starts the command', () => {
    expect(
      cliArguments(['/opt/Teleworker/teleworker', '--ozone-platform=headless', '--cli', 'status', '--json']),
    ).toEqual(['status', '--json']);
    expect(cliArguments(['/opt/Teleworker/teleworker', 'teleworker://ticket/INC-1'])).toBeNull();
    expect(cliArguments(['/opt/Teleworker/teleworker'])).toBeNull();
  });

  it('routes a command given to the app binary itself without --cli (/usr/bin/teleworker vpn-event up)', () => {
    expect(cliArguments(['/usr/bin/teleworker', 'vpn-event', 'up', '--iface', 'tun0'])).toEqual([
      'vpn-event',
      'up',
      '--iface',
      'tun0',
    ]);
    expect(cliArguments(['/usr/bin/teleworker', '--no-sandbox', 'status', '--json'])).toEqual(['status', '--json']);
    // a normal start: the login item's flag, a link, the development run's app path
    expect(cliArguments(['/usr/bin/teleworker', '--login'])).toBeNull();
    expect(cliArguments(['/usr/bin/teleworker', 'teleworker://ticket/INC-1'])).toBeNull();
    expect(cliArguments(['/path/electron', '.', 'status'])).toBeNull();
  });

  it("prints the command's answer and exits with its code, with no dock icon", async () => {
    const app = { exit: vi.fn(), dock: { hide: vi.fn() } };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await runCliMode(app, ['status'], io, async (argv) => ({
      code: 3,
      stdout: '',
      stderr: `teleworker: Teleworker is not running (${argv.join(' ')})\n`,
    }));
    expect(code).toBe(3);
    expect(app.exit).toHaveBeenCalledWith(3);
    expect(app.dock.hide).toHaveBeenCalledOnce();
    expect(err).toEqual(['teleworker: Teleworker is not running (status)\n']);
    expect(out).toEqual([]);
  });

  it('a command that throws still exits, with 1 and the reason', async () => {
    const app = { exit: vi.fn() };
    const err: string[] = [];
    const code = await runCliMode(app, ['diagnose'], { out: () => {}, err: (t) => err.push(t) }, async () => {
      throw new Error('socket folder unreadable');
    });
    expect(code).toBe(1);
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(err.join('')).toContain('socket folder unreadable');
  });
});
