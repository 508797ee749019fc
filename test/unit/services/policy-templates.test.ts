// The templates IT deploys (resources/policy) say what the loader reads: every ADMX value is a
// policy key, each language's ADML has the same strings, the sample profile's settings are a
// valid policy, and the sample .reg in docs/deploying.md parses to one.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, parse } from 'plist';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../electron/services/policy';
import { managedPreferencesPath } from '../../../electron/services/policy-managed-prefs';
import { POLICY_KEYS } from '../../../shared/domain/policy';

const dir = join(import.meta.dirname, '../../../resources/policy');
const admx = readFileSync(join(dir, 'teleworker.admx'), 'utf8');
const ids = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);

describe('policy templates', () => {
  it('ADMX: every policy writes a Teleworker key under HKLM\\Software\\Policies\\Teleworker, and covers them all', () => {
    const values = [
      ...ids(admx, /valueName="([^"]+)"/g),
      ...ids(admx, /key="Software\\Policies\\Teleworker\\([^"]+)"/g),
    ];
    expect(values.filter((v) => !POLICY_KEYS.includes(v as never))).toEqual([]);
    expect([...new Set(values)].sort()).toEqual([...POLICY_KEYS].sort());
  });

  it.each(['en-US', 'id-ID'])('ADML %s defines every string and presentation the ADMX names', (lang) => {
    const adml = readFileSync(join(dir, lang, 'teleworker.adml'), 'utf8');
    const strings = new Set(ids(adml, /<string id="([^"]+)"/g));
    const presentations = new Set(ids(adml, /<presentation id="([^"]+)"/g));
    expect(ids(admx, /\$\(string\.([^)]+)\)/g).filter((s) => !strings.has(s))).toEqual([]);
    expect(ids(admx, /\$\(presentation\.([^)]+)\)/g).filter((p) => !presentations.has(p))).toEqual([]);
  });

  it('the sample .mobileconfig carries a valid policy for the app id', () => {
    const profile = parse(readFileSync(join(dir, 'teleworker.mobileconfig'), 'utf8')) as Record<string, unknown>;
    const payload = (profile.PayloadContent as Array<Record<string, unknown>>)[0]!;
    expect(payload.PayloadType).toBe('com.apple.ManagedClient.preferences');
    const domain = (
      payload.PayloadContent as Record<string, { Forced: Array<{ mcx_preference_settings: Record<string, unknown> }> }>
    )['id.co.teleworker.desktop']!;
    const settings = domain.Forced[0]!.mcx_preference_settings;
    // what macOS writes to /Library/Managed Preferences from it
    const root = mkdtempSync(join(tmpdir(), 'tw-profile-'));
    mkdirSync(dirname(managedPreferencesPath(root)), { recursive: true });
    writeFileSync(managedPreferencesPath(root), build(settings as never));
    const result = loadPolicy({ platform: 'darwin', root, env: {} });
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.policy).sort()).toEqual([...POLICY_KEYS].sort());
  });

  it('docs/deploying.md has a row for every policy key in its key table, and no other', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/deploying.md'), 'utf8');
    const table = doc.slice(doc.indexOf('| key | type | what it does |'));
    const rows = ids(table.slice(0, table.indexOf('\n\n')), /^\| `([A-Za-z]+)` \|/gm);
    expect([...rows].sort()).toEqual([...POLICY_KEYS].sort());
  });

  it('the .reg example in docs/deploying.md is a valid policy once imported', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/deploying.md'), 'utf8');
    const reg = /```reg\n([\s\S]*?)```/.exec(doc)![1]!;
    // what `reg query /s` prints after importing it: keys, then "    name    TYPE    data" lines
    const output = reg
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('Windows Registry Editor') && !line.startsWith(';'))
      .map((line) => {
        const key = /^\[(.+)\]$/.exec(line);
        if (key) return `\r\n${key[1]!.replace(/^HKEY_LOCAL_MACHINE/, 'HKEY_LOCAL_MACHINE')}`;
        const m = /^"([^"]+)"=(?:dword:([0-9a-f]{8})|"((?:[^"\\]|\\.)*)")$/.exec(line)!;
        expect(m, line).not.toBeNull();
        return m[2] !== undefined
          ? `    ${m[1]}    REG_DWORD    0x${Number.parseInt(m[2], 16).toString(16)}`
          : `    ${m[1]}    REG_SZ    ${m[3]!.replace(/\\(.)/g, '$1')}`;
      })
      .join('\r\n');
    const result = loadPolicy({
      platform: 'win32',
      root: mkdtempSync(join(tmpdir(), 'tw-reg-')),
      env: { ProgramData: '/nonexistent' },
      regQuery: () => output,
    });
    expect(result.problems).toEqual([]);
    expect(result.policy).toMatchObject({
      officeUrl: 'https://office.bank.example:8443',
      idleMinutes: 15,
      updatesEnabled: false,
      externalOrigins: ['https://intranet.bank.example'],
    });
  });
});
