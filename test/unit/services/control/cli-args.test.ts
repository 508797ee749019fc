import { describe, expect, it } from 'vitest';
import { EXIT, parseCliArgs, runCli, ticketFromLink, UsageError } from '../../../../electron/services/control/cli';
import { ControlConnectError } from '../../../../electron/services/control/transport';
import type { ControlClientTransport } from '../../../../electron/services/control/transport';

describe('teleworker arguments', () => {
  it('turns each command line into one protocol command', () => {
    const cmd = (...argv: string[]) => (parseCliArgs(argv) as { command: unknown }).command;
    expect(cmd('status', '--json')).toEqual({ name: 'status' });
    expect(cmd('session', 'start', '--ticket', 'INC-1')).toEqual({ name: 'session', action: 'start', ticket: 'INC-1' });
    expect(cmd('presence', 'do-not-disturb', '--text', 'Focus')).toEqual({
      name: 'presence',
      state: 'do-not-disturb',
      text: 'Focus',
    });
    expect(cmd('vpn-event', 'down', '--iface', 'tun0')).toEqual({
      name: 'vpn-event',
      direction: 'down',
      iface: 'tun0',
    });
    expect(cmd('summary', 'send')).toEqual({ name: 'summary-send' });
    expect(cmd('open', 'teleworker://ticket/INC-9')).toEqual({ name: 'open', ticket: 'INC-9' });
    expect(parseCliArgs([])).toBe('help');
  });

  it('refuses what is not a command, with the reason', () => {
    const bad =
      (...argv: string[]) =>
      () =>
        parseCliArgs(argv);
    expect(bad('vpn-event', 'sideways')).toThrow(UsageError);
    expect(bad('vpn-event', 'up', '--iface', 'tun0; rm -rf /')).toThrow(/iface/);
    expect(bad('session', 'start', '--text', 'x')).toThrow('--text does not apply to "session"');
    expect(bad('status', 'extra')).toThrow('unexpected argument "extra"');
    expect(bad('status', '--bogus')).toThrow(UsageError);
    expect(bad('open', 'javascript:alert(1)')).toThrow(/ticket/);
    expect(bad('status', '--timeout', '5')).toThrow(/--timeout/);
  });

  it('reads teleworker:// ticket links and nothing else', () => {
    expect(ticketFromLink('teleworker://ticket/INC-1234')).toBe('INC-1234');
    expect(ticketFromLink('teleworker://ticket/INC-1234/')).toBe('INC-1234');
    expect(ticketFromLink('https://ticket/INC-1')).toBeNull();
    expect(ticketFromLink('teleworker://other/INC-1')).toBeNull();
    expect(ticketFromLink('INC-1')).toBeNull();
  });

  it('maps a missing app and a foreign socket to their exit codes', async () => {
    const failing = (failure: ConstructorParameters<typeof ControlConnectError>[0]): ControlClientTransport => ({
      request: async () => {
        throw new ControlConnectError(failure, `because ${failure}`);
      },
    });
    expect(await runCli(['status'], { transport: failing('not-running'), env: {} })).toMatchObject({
      code: EXIT.notRunning,
      stderr: 'teleworker: because not-running\n',
    });
    expect((await runCli(['status', '--json'], { transport: failing('untrusted'), env: {} })).code).toBe(
      EXIT.forbidden,
    );
    expect((await runCli(['status'], { transport: failing('timeout'), env: {} })).code).toBe(EXIT.noAnswer);
    const garbage: ControlClientTransport = {
      request: async () => ({ kind: 'response', payload: { v: 1, id: 'not-mine', result: { ok: true, value: 1 } } }),
    };
    expect((await runCli(['status'], { transport: garbage, env: {} })).code).toBe(EXIT.noAnswer);
  });
});
