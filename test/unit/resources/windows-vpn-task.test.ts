// The Windows VPN hook task IT imports (resources/vpn-hooks/windows-vpn-task.xml): well-formed XML
// whose declared encoding is the file's, one task for every member of Users (each runs it as
// themselves), and a script path the uninstaller leaves alone, calling the per-machine install.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../../resources/vpn-hooks');
const bytes = readFileSync(join(dir, 'windows-vpn-task.xml'));
const TASK_NS = 'http://schemas.microsoft.com/windows/2004/02/mit/task';

describe('the Windows VPN hook task', () => {
  it('declares the encoding it is written in', () => {
    const text = bytes.toString('latin1');
    const declared = /^<\?xml version="1\.0" encoding="([^"]+)"\?>/.exec(text)?.[1];
    // UTF-16 would start with a byte order mark and have a NUL after each ASCII character
    expect(bytes.subarray(0, 2).toString('hex')).not.toMatch(/^(fffe|feff)$/);
    expect(bytes.includes(0)).toBe(false);
    expect(declared).toBe('UTF-8');
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true);
  });

  it('is well-formed, runs for the Users group with least privilege, from %ProgramData%', () => {
    const errors: string[] = [];
    const doc = new DOMParser({
      onError: (level: string, message: string) => void (level !== 'warning' && errors.push(message)),
    }).parseFromString(bytes.toString('utf8'), 'text/xml');
    expect(errors).toEqual([]);
    const one = (name: string) => doc.getElementsByTagNameNS(TASK_NS, name)[0]?.textContent ?? null;
    const principal = doc.getElementsByTagNameNS(TASK_NS, 'Principal')[0]!;
    expect(one('GroupId')).toBe('S-1-5-32-545');
    expect(one('RunLevel')).toBe('LeastPrivilege');
    expect(doc.getElementsByTagNameNS(TASK_NS, 'UserId').length).toBe(0);
    expect(doc.getElementsByTagNameNS(TASK_NS, 'Actions')[0]!.getAttribute('Context')).toBe(
      principal.getAttribute('id'),
    );
    expect(one('Arguments')).toContain('-File "%ProgramData%\\Teleworker\\vpn-hooks\\windows-vpn-event.ps1"');
  });

  it('the script calls the per-machine install’s command before a per-user one and PATH', () => {
    const script = readFileSync(join(dir, 'windows-vpn-event.ps1'), 'utf8');
    const machine = script.indexOf("Join-Path $env:ProgramFiles 'Teleworker\\resources\\bin\\teleworker.cmd'");
    const user = script.indexOf("Join-Path $env:LOCALAPPDATA 'Programs\\Teleworker\\resources\\bin\\teleworker.cmd'");
    const path = script.indexOf("$bin = 'teleworker'");
    expect(machine).toBeGreaterThan(0);
    expect(user).toBeGreaterThan(machine);
    expect(path).toBeGreaterThan(user);
  });
});
