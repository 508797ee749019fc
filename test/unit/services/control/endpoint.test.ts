import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultControlEndpoint,
  prepareControlFolder,
  verifyControlEndpoint,
} from '../../../../electron/services/control/endpoint';

describe('where the control socket lives', () => {
  it('in the runtime folder, else a per-uid folder in tmp, else a per-user pipe on Windows', () => {
    expect(defaultControlEndpoint({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux')).toEqual({
      kind: 'unix',
      dir: '/run/user/1000/teleworker',
      path: '/run/user/1000/teleworker/control.sock',
    });
    expect(defaultControlEndpoint({}, 'linux')).toEqual({
      kind: 'unix',
      dir: join(tmpdir(), `teleworker-${process.getuid!()}`),
      path: join(tmpdir(), `teleworker-${process.getuid!()}`, 'control.sock'),
    });
    expect(
      defaultControlEndpoint({ TELEWORKER_CONTROL_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/user/1' }, 'linux'),
    ).toMatchObject({ dir: '/x/y' });
    expect(defaultControlEndpoint({}, 'win32')).toMatchObject({
      kind: 'pipe',
      name: expect.stringMatching(/^teleworker-control-[\w.-]+$/),
    });
  });

  it('the app makes the folder 0700, closes an open one of its own, refuses a link in its place', () => {
    const root = mkdtempSync(join(tmpdir(), 'tw-endpoint-'));
    const dir = join(root, 'a', 'teleworker');
    prepareControlFolder(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    chmodSync(dir, 0o755);
    prepareControlFolder(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const target = join(root, 'elsewhere');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, join(root, 'link'));
    expect(() => prepareControlFolder(join(root, 'link'))).toThrow(/not a plain folder/);
  });

  it('the command will not talk through a folder others can enter, or to a file that is not a socket', () => {
    const root = mkdtempSync(join(tmpdir(), 'tw-endpoint-'));
    expect(() =>
      verifyControlEndpoint({ kind: 'unix', dir: join(root, 'none'), path: join(root, 'none', 'control.sock') }),
    ).toThrow(/not running/);
    const open = join(root, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    expect(() => verifyControlEndpoint({ kind: 'unix', dir: open, path: join(open, 'control.sock') })).toThrow(
      /not private to this user/,
    );
    const closed = join(root, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    writeFileSync(join(closed, 'control.sock'), 'not a socket');
    expect(() => verifyControlEndpoint({ kind: 'unix', dir: closed, path: join(closed, 'control.sock') })).toThrow(
      /is not a socket of this user/,
    );
  });
});
