// The Windows control pipe's guards, over a scripted runner: whoami and PowerShell do not exist on
// the machines these tests run on, so what is checked is what this code asks them and what it does
// with each answer (a pipe of another user, a pipe that is not there, a runner that fails).
import { describe, expect, it } from 'vitest';
import { ControlConnectError } from '../../../../electron/services/control/transport';
import type { CommandResult, RunCommand } from '../../../../electron/services/control/windows-pipe';
import {
  currentUserSid,
  ownerScript,
  pipeNameFor,
  restrictPipeToOwner,
  restrictScript,
  sidOfPipe,
  verifyPipeOwner,
} from '../../../../electron/services/control/windows-pipe';

const ME = 'S-1-5-21-3623811015-3361044348-30300820-1013';
const OTHER = 'S-1-5-21-3623811015-3361044348-30300820-1014';

function scripted(answers: Record<string, Partial<CommandResult>>) {
  const calls: Array<{ file: string; args: readonly string[] }> = [];
  const run: RunCommand = (file, args) => {
    calls.push({ file, args });
    return { status: 0, stdout: '', stderr: '', ...answers[file] };
  };
  return { run, calls };
}

describe('the Windows control pipe', () => {
  it('is named after the user’s SID from whoami, not the bare user name', () => {
    const { run, calls } = scripted({ 'whoami.exe': { stdout: `"BANK\\budi","${ME}"\r\n` } });
    expect(currentUserSid(run)).toBe(ME);
    expect(calls[0]).toEqual({ file: 'whoami.exe', args: ['/user', '/fo', 'csv', '/nh'] });
    expect(pipeNameFor(ME)).toBe(`teleworker-control-${ME}`);
    expect(sidOfPipe(`teleworker-control-${ME}`)).toBe(ME);
    expect(sidOfPipe('teleworker-control-budi')).toBeNull();
    expect(currentUserSid(scripted({ 'whoami.exe': { stdout: '"BANK\\budi","not a sid"' } }).run)).toBeNull();
    expect(currentUserSid(scripted({ 'whoami.exe': { status: 1 } }).run)).toBeNull();
    expect(() => pipeNameFor("S-1-5'; Remove-Item C:\\")).toThrow(/not a SID/);
  });

  it('the app sets an owner-only DACL through PowerShell, without a profile and without a shell', () => {
    const { run, calls } = scripted({ 'powershell.exe': {} });
    restrictPipeToOwner(pipeNameFor(ME), run);
    expect(calls[0]!.file).toBe('powershell.exe');
    expect(calls[0]!.args.slice(0, 5)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-Command',
    ]);
    const script = calls[0]!.args[5]!;
    expect(script).toBe(restrictScript(pipeNameFor(ME), ME));
    expect(script).toContain(`'\\\\.\\pipe\\teleworker-control-${ME}'`);
    expect(script).toContain('SetAccessRuleProtection($true, $false)');
    expect(script).toContain(`SecurityIdentifier('${ME}')`);
    expect(script).toContain("FileSystemAccessRule($me, 'FullControl', 'Allow')");
    expect(() =>
      restrictPipeToOwner(
        pipeNameFor(ME),
        scripted({ 'powershell.exe': { status: 1, stderr: 'Set-Acl: denied' } }).run,
      ),
    ).toThrow(/could not make the control pipe private \(Set-Acl: denied\)/);
    expect(() => restrictPipeToOwner('teleworker-control-budi', run)).toThrow(/not named after a SID/);
  });

  it('the command talks only to a pipe its own user created', () => {
    const name = pipeNameFor(ME);
    const mine = scripted({ 'powershell.exe': { stdout: ME } });
    expect(() => verifyPipeOwner(name, mine.run, ME)).not.toThrow();
    expect(mine.calls[0]!.args[5]).toBe(ownerScript(name));

    const squatted = scripted({ 'powershell.exe': { stdout: OTHER } });
    const refusal = (() => {
      try {
        verifyPipeOwner(name, squatted.run, ME);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(ControlConnectError);
    expect(refusal).toMatchObject({ failure: 'untrusted', message: expect.stringContaining(`created by ${OTHER}`) });

    // another user's pipe name, or no SID for the caller: refused before anything runs
    const none = scripted({});
    expect(() => verifyPipeOwner(pipeNameFor(OTHER), none.run, ME)).toThrow(/not this user's/);
    expect(() => verifyPipeOwner(name, none.run, null)).toThrow(/not this user's/);
    expect(none.calls).toEqual([]);

    const missing = scripted({
      'powershell.exe': {
        status: 1,
        stderr: `Get-Acl : Cannot find path '\\\\.\\pipe\\${name}' because it does not exist.`,
      },
    });
    expect(() => verifyPipeOwner(name, missing.run, ME)).toThrow(expect.objectContaining({ failure: 'not-running' }));
    const broken = scripted({ 'powershell.exe': { error: new Error('spawn powershell.exe ENOENT'), status: null } });
    expect(() => verifyPipeOwner(name, broken.run, ME)).toThrow(expect.objectContaining({ failure: 'untrusted' }));
  });
});
