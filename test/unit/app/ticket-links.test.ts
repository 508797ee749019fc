import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ticketLinks } from '../../../electron/app/ticket-links';
import { silentLogger } from '../../../electron/services/logger';
import { ticketFromLink, ticketInArgv } from '../../../electron/services/control/ticket-link';
import { parseCliArgs, UsageError } from '../../../electron/services/control/cli';

const fakeApp = (isPackaged: boolean) =>
  Object.assign(new EventEmitter(), {
    isPackaged,
    setAsDefaultProtocolClient: vi.fn(() => true),
  }) as unknown as Parameters<typeof ticketLinks>[0] &
    EventEmitter & { setAsDefaultProtocolClient: ReturnType<typeof vi.fn> };

describe('teleworker:// ticket links in the shell', () => {
  it('finds the link among a launch’s arguments and nothing else', () => {
    expect(ticketInArgv(['/opt/Teleworker/teleworker', '--no-sandbox', 'teleworker://ticket/INC-42'])).toBe('INC-42');
    expect(ticketInArgv(['teleworker://ticket/<script>'])).toBeNull();
    expect(ticketInArgv(['teleworker://ticket/INC-1?x=1'])).toBeNull();
    expect(ticketInArgv(['https://evil.example/ticket/INC-1'])).toBeNull();
  });

  it('a packaged app registers the scheme; a development run does not', () => {
    const packaged = fakeApp(true);
    ticketLinks(packaged, () => null, silentLogger);
    expect(packaged.setAsDefaultProtocolClient).toHaveBeenCalledWith('teleworker');
    const dev = fakeApp(false);
    ticketLinks(dev, () => null, silentLogger);
    expect(dev.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });

  it('brings the window up for a link from a second launch or from macOS, and for `teleworker open`', async () => {
    const app = fakeApp(false);
    const win = {} as Electron.BrowserWindow;
    const show = vi.fn(() => win);
    const opened: string[] = [];
    let navigate: ((ticket: string) => void) | null = null;
    const links = ticketLinks(app, show, silentLogger, () => navigate);
    // before the core exists the window comes up but cannot go to the ticket yet
    expect(await links.window.openTicket('INC-6')).toEqual({ shown: true, navigated: false });
    navigate = (ticket) => opened.push(ticket);
    expect(links.fromArgv(['teleworker', 'teleworker://ticket/INC-7'])).toBe(true);
    expect(links.fromArgv(['teleworker'])).toBe(false);
    const preventDefault = vi.fn();
    app.emit('open-url', { preventDefault }, 'teleworker://ticket/INC-8');
    app.emit('open-url', { preventDefault }, 'teleworker://settings');
    expect(preventDefault).toHaveBeenCalledTimes(2);
    expect(show).toHaveBeenCalledTimes(3);
    expect(await links.window.openTicket('INC-9')).toEqual({ shown: true, navigated: true });
    expect(opened).toEqual(['INC-7', 'INC-8', 'INC-9']);
    expect(await ticketLinks(fakeApp(false), () => null, silentLogger).window.openTicket('INC-9')).toEqual({
      shown: false,
      navigated: false,
    });
  });

  it('never throws on a malformed escape, from macOS, from a launch’s arguments or from the command', () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const app = fakeApp(false);
    const opened: string[] = [];
    const links = ticketLinks(
      app,
      () => null,
      logger,
      () => (ticket) => opened.push(ticket),
    );
    for (const bad of ['teleworker://ticket/%ZZ', 'teleworker://ticket/INC-1%', 'teleworker:ticket/%E0%A4%A']) {
      expect(ticketFromLink(bad)).toBeNull();
      expect(ticketInArgv(['teleworker', bad])).toBeNull();
      expect(() => app.emit('open-url', { preventDefault: () => undefined }, bad)).not.toThrow();
      expect(links.fromArgv(['teleworker', bad])).toBe(false);
      expect(() => parseCliArgs(['open', bad])).toThrow(UsageError);
    }
    expect(opened).toEqual([]);
    expect(warnings.filter((w) => w.startsWith('ignored a link'))).toHaveLength(3);
    // a well-formed escape still works
    expect(ticketFromLink('teleworker://ticket/INC%2D12')).toBe('INC-12');
  });
});
