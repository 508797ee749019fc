// Each shell hook in resources/vpn-hooks, laid out as an install ships it (<install>/resources/
// vpn-hooks beside <install>/resources/bin/teleworker and the app binary), with a stub app binary
// that records how it was started and another `teleworker` on PATH standing for deb/rpm's
// /usr/bin/teleworker (the app itself). The hook must reach the install's command, which starts
// the app binary with --cli, and never the PATH one.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../fixtures/control';

const hooks = join(REPO_ROOT, 'resources/vpn-hooks');
const hasSh = spawnSync('sh', ['-c', 'command -v timeout'], { encoding: 'utf8' }).status === 0;
if (!hasSh || process.platform === 'win32') console.log('SKIP VPN hook scripts: needs sh and timeout');

describe.skipIf(!hasSh || process.platform === 'win32')('the VPN hook scripts call the install’s command', () => {
  let work: string;
  let install: string;
  let record: string;
  let pathBin: string;

  const stub = (path: string, tag: string) => {
    // written aside and renamed, so the test never reads a half-written record
    writeFileSync(
      path,
      `#!/bin/sh\nprintf '%s\\n' "${tag}" "$@" > "$TW_RECORD/.${tag}-$$" && mv "$TW_RECORD/.${tag}-$$" "$TW_RECORD/${tag}-$$"\n`,
    );
    chmodSync(path, 0o755);
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tw-hook-scripts-'));
    install = join(work, 'Teleworker');
    mkdirSync(join(install, 'resources/bin'), { recursive: true });
    mkdirSync(join(install, 'resources/vpn-hooks'), { recursive: true });
    for (const name of readdirSync(hooks).filter((n) => n.endsWith('.sh'))) {
      copyFileSync(join(hooks, name), join(install, 'resources/vpn-hooks', name));
      chmodSync(join(install, 'resources/vpn-hooks', name), 0o755);
    }
    copyFileSync(join(REPO_ROOT, 'resources/bin/teleworker'), join(install, 'resources/bin/teleworker'));
    chmodSync(join(install, 'resources/bin/teleworker'), 0o755);
    stub(join(install, 'teleworker'), 'app');
    pathBin = join(work, 'usr-bin');
    mkdirSync(pathBin);
    stub(join(pathBin, 'teleworker'), 'path');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Runs a hook; returns what the stubs recorded once one did (the hook runs the command in the background). */
  async function run(hook: string, args: string[], env: Record<string, string>): Promise<string[][]> {
    record = mkdtempSync(join(work, 'record-'));
    const result = spawnSync(join(install, 'resources/vpn-hooks', hook), args, {
      encoding: 'utf8',
      env: {
        PATH: `${pathBin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        TW_RECORD: record,
        // one app's channel: the hook runs the command as this user, as it does for a user's VPN client
        TELEWORKER_CONTROL_DIR: join(work, 'run'),
        TELEWORKER_HOOKS: join(install, 'resources/vpn-hooks'),
        ...env,
      },
    });
    expect(result.status, result.stderr).toBe(0);
    const done = () => readdirSync(record).filter((f) => !f.startsWith('.'));
    for (let i = 0; i < 500 && done().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    return done().map((f) => readFileSync(join(record, f), 'utf8').trimEnd().split('\n'));
  }

  const viaCli = (...command: string[]) => [['app', '--ozone-platform=headless', '--cli', ...command]];

  it('OpenVPN up (script_type) and down through the down-root plugin (direction as argument)', async () => {
    expect(
      await run('openvpn-updown.sh', ['tun0', '1500', '1553', '10.8.0.2', '255.255.255.0', 'init'], {
        script_type: 'up',
        dev: 'tun0',
      }),
    ).toEqual(viaCli('vpn-event', 'up', '--iface', 'tun0'));
    expect(await run('openvpn-updown.sh', ['down'], { dev: 'tun1' })).toEqual(
      viaCli('vpn-event', 'down', '--iface', 'tun1'),
    );
  });

  it('strongSwan updown', async () => {
    expect(await run('strongswan-updown.sh', [], { PLUTO_VERB: 'down-client', PLUTO_INTERFACE: 'ipsec0' })).toEqual(
      viaCli('vpn-event', 'down', '--iface', 'ipsec0'),
    );
  });

  it('NetworkManager dispatcher', async () => {
    expect(await run('networkmanager-dispatcher.sh', ['tun0', 'vpn-up'], { VPN_IP_IFACE: 'tun0' })).toEqual(
      viaCli('vpn-event', 'up', '--iface', 'tun0'),
    );
    expect(await run('networkmanager-dispatcher.sh', ['wg0', 'down'], {})).toEqual(
      viaCli('vpn-event', 'down', '--iface', 'wg0'),
    );
  });

  it('the common script itself, and TELEWORKER_BIN still wins', async () => {
    expect(await run('teleworker-vpn-event.sh', ['up', 'ppp0'], {})).toEqual(
      viaCli('vpn-event', 'up', '--iface', 'ppp0'),
    );
    expect(await run('teleworker-vpn-event.sh', ['down'], { TELEWORKER_BIN: join(pathBin, 'teleworker') })).toEqual([
      ['path', 'vpn-event', 'down'],
    ]);
  });
});
