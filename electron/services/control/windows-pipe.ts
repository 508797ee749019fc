// The control channel on Windows: a named pipe, \\.\pipe\teleworker-control-<SID>. Named after the
// user's SID (unique across domains and machines, unlike the bare user name, which two accounts of
// different domains can share) and guarded on both ends, like the Unix socket:
// - the app, once it listens, replaces the pipe's DACL with one entry: its own user, full control
//   (the default DACL also lets Everyone and Anonymous read);
// - the command, before it connects, reads the pipe's owner SID and talks only to a pipe its own
//   user created: another user who created the pipe first (its name is predictable) would
//   otherwise receive the commands and answer them.
// Both go through PowerShell's Get-Acl/Set-Acl (no native module), run without a profile.
//
// This file cannot be exercised on the Linux machines the tests run on: the tests drive it with a
// scripted runner (test/unit/services/control/windows-pipe.test.ts); what PowerShell itself does
// with a pipe path is documented, not tested here.
import { spawnSync } from 'node:child_process';
import { ControlConnectError } from './transport';

/** S-1-5-21-…: revision 1, an authority, then sub-authorities; digits and dashes only */
const SID = /^S-1-\d{1,13}(?:-\d{1,10}){1,15}$/;
const PIPE_PREFIX = 'teleworker-control-';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error | undefined;
}
/** runs a program without a shell; replaced in tests */
export type RunCommand = (file: string, args: readonly string[], timeoutMs: number) => CommandResult;

export const runCommand: RunCommand = (file, args, timeoutMs) => {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: timeoutMs, windowsHide: true, shell: false });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
};

const POWERSHELL = 'powershell.exe';
const psArgs = (script: string) => ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];

/** The current user's SID from `whoami /user /fo csv /nh` ("DOMAIN\user","S-1-5-21-…"); null if unknown. */
export function currentUserSid(run: RunCommand = runCommand): string | null {
  const r = run('whoami.exe', ['/user', '/fo', 'csv', '/nh'], 5000);
  if (r.error || r.status !== 0) return null;
  const fields = [...r.stdout.trim().matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
  const sid = fields.at(-1) ?? '';
  return SID.test(sid) ? sid : null;
}

export function pipeNameFor(sid: string): string {
  if (!SID.test(sid)) throw new Error(`not a SID: ${sid}`);
  return `${PIPE_PREFIX}${sid}`;
}

/** The SID a pipe name carries, or null for a name this file did not make. */
export function sidOfPipe(name: string): string | null {
  if (!name.startsWith(PIPE_PREFIX)) return null;
  const sid = name.slice(PIPE_PREFIX.length);
  return SID.test(sid) ? sid : null;
}

// Only names made by pipeNameFor reach these scripts (checked by sidOfPipe), so the quoted path and
// SID hold nothing but letters, digits and dashes.
const pipePath = (name: string) => `\\\\.\\pipe\\${name}`;

export function ownerScript(name: string): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    `$acl = Get-Acl -LiteralPath '${pipePath(name)}'`,
    '[Console]::Out.Write($acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value)',
  ].join('; ');
}

export function restrictScript(name: string, sid: string): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    `$path = '${pipePath(name)}'`,
    `$me = New-Object System.Security.Principal.SecurityIdentifier('${sid}')`,
    '$acl = Get-Acl -LiteralPath $path',
    // no inherited entries, none of the default ones: only the owner
    '$acl.SetAccessRuleProtection($true, $false)',
    'foreach ($rule in @($acl.Access)) { [void]$acl.RemoveAccessRuleSpecific($rule) }',
    "$acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($me, 'FullControl', 'Allow')))",
    'Set-Acl -LiteralPath $path -AclObject $acl',
  ].join('; ');
}

/**
 * The app's side, right after the pipe exists: owner-only DACL. Throws with the reason when it
 * could not be set (the caller decides; see control-server's use).
 */
export function restrictPipeToOwner(name: string, run: RunCommand = runCommand): void {
  const sid = sidOfPipe(name);
  if (!sid) throw new Error(`the control pipe ${name} is not named after a SID`);
  const r = run(POWERSHELL, psArgs(restrictScript(name, sid)), 15_000);
  if (r.error || r.status !== 0) {
    throw new Error(
      `could not make the control pipe private (${r.error?.message ?? (r.stderr.trim().split('\n')[0] || `exit ${r.status}`)})`,
    );
  }
}

/**
 * The command's side, before it connects: the pipe must exist and be owned by this user's SID (the
 * one its name carries, which must be the caller's). Throws ControlConnectError otherwise.
 */
export function verifyPipeOwner(name: string, run: RunCommand = runCommand, mySid = currentUserSid(run)): void {
  const sid = sidOfPipe(name);
  if (!sid || !mySid || sid !== mySid) {
    throw new ControlConnectError(
      'untrusted',
      `The control pipe ${name} is not this user's (${mySid ?? 'this user’s SID is unknown'}); refusing to talk to it.`,
    );
  }
  const r = run(POWERSHELL, psArgs(ownerScript(name)), 15_000);
  if (r.error || r.status !== 0) {
    // Get-Acl fails on a pipe that does not exist: that is the app not running
    if (/does not exist|Cannot find path|ItemNotFound|PathNotFound/i.test(r.stderr)) {
      throw new ControlConnectError(
        'not-running',
        'Teleworker is not running (no control channel found). Start the app and try again.',
      );
    }
    throw new ControlConnectError(
      'untrusted',
      `Could not read who owns the control pipe ${name} (${r.error?.message ?? (r.stderr.trim().split('\n')[0] || `exit ${r.status}`)}); refusing to talk to it.`,
    );
  }
  const owner = r.stdout.trim();
  if (owner !== mySid) {
    throw new ControlConnectError(
      'untrusted',
      `The control pipe ${name} was created by ${owner || 'an unknown account'}, not by this user (${mySid}); refusing to talk to it.`,
    );
  }
}
