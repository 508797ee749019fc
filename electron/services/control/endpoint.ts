// Where the control socket lives, and the ownership rules both ends check.
//
// Unix: a socket `control.sock` (0600) in a folder only its user can enter (0700):
// $XDG_RUNTIME_DIR/teleworker where the session has a runtime folder (Linux desktops), else
// <tmp>/teleworker-<uid> (macOS's per-user $TMPDIR; /tmp elsewhere). The app refuses to listen in a
// folder another user owns (someone could have made it to catch the commands); the command refuses
// to talk to a socket another user owns (someone could be pretending to be the app).
// Windows: a named pipe per user, \\.\pipe\teleworker-control-<SID>, owner-only, whose owner the
// command checks before it talks (windows-pipe.ts).
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ControlEndpoint } from './transport';
import { ControlConnectError } from './transport';
import { currentUserSid, pipeNameFor, verifyPipeOwner } from './windows-pipe';

export const SOCKET_NAME = 'control.sock';

function currentUser(): string {
  try {
    return userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_');
  } catch {
    return 'user';
  }
}

/**
 * The endpoint for this user. TELEWORKER_CONTROL_DIR (a folder) overrides the Unix location, for
 * tests and for several app instances side by side.
 */
export function defaultControlEndpoint(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ControlEndpoint {
  if (platform === 'win32') {
    const sid = currentUserSid();
    // without a SID no pipe can be checked: a name no command will talk to (verifyPipeOwner refuses it)
    return { kind: 'pipe', name: sid ? pipeNameFor(sid) : `teleworker-control-unknown-${currentUser()}` };
  }
  const dir = env.TELEWORKER_CONTROL_DIR
    ? env.TELEWORKER_CONTROL_DIR
    : env.XDG_RUNTIME_DIR
      ? join(env.XDG_RUNTIME_DIR, 'teleworker')
      : join(tmpdir(), `teleworker-${process.getuid?.() ?? currentUser()}`);
  return { kind: 'unix', dir, path: join(dir, SOCKET_NAME) };
}

export class ControlFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlFolderError';
  }
}

const myUid = () => process.getuid?.() ?? -1;

/** The app's side: make the folder (0700) or check the one there; never use another user's. */
export function prepareControlFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new ControlFolderError(
      `The control folder ${dir} is not a plain folder (a link or a file is in its place); the control channel stays off.`,
    );
  }
  if (stat.uid !== myUid()) {
    throw new ControlFolderError(
      `The control folder ${dir} belongs to another user (uid ${stat.uid}, this is uid ${myUid()}); the control channel stays off. Remove the folder or ask IT.`,
    );
  }
  // Ours, but readable by others (made by an older version or by hand): close it.
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return null;
    if ((error as NodeJS.ErrnoException).code === 'EACCES') {
      throw new ControlConnectError(
        'forbidden',
        `Permission denied reading ${path}: the control channel belongs to another user.`,
      );
    }
    throw error;
  }
}

const NOT_RUNNING = 'Teleworker is not running (no control channel found). Start the app and try again.';

/** The command's side: is this socket the current user's own app, in an owner-only folder? */
export function verifyControlEndpoint(endpoint: ControlEndpoint): void {
  if (endpoint.kind === 'pipe') return verifyPipeOwner(endpoint.name);
  const dir = lstatOrNull(endpoint.dir);
  if (!dir) throw new ControlConnectError('not-running', NOT_RUNNING);
  if (dir.uid !== myUid() || dir.isSymbolicLink() || !dir.isDirectory() || (dir.mode & 0o077) !== 0) {
    throw new ControlConnectError(
      'untrusted',
      `The control folder ${endpoint.dir} is not private to this user (owner uid ${dir.uid}, mode ${(dir.mode & 0o777).toString(8)}); refusing to talk to it.`,
    );
  }
  const socket = lstatOrNull(endpoint.path);
  if (!socket) throw new ControlConnectError('not-running', NOT_RUNNING);
  if (!socket.isSocket() || socket.uid !== myUid()) {
    throw new ControlConnectError(
      'untrusted',
      `${endpoint.path} is not a socket of this user (owner uid ${socket.uid}); refusing to talk to it.`,
    );
  }
}

export const notRunningMessage = NOT_RUNNING;
