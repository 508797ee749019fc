// The policy loader on real files laid out as each OS has them, under a temporary root. The
// registry arrives as `reg query /s` text in reg.exe's format (fixtures in test/fixtures/policy);
// the managed preferences are real plists (XML, and binary as written by Python's plistlib)
// parsed by the `plist` package.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configuredOfficeUrl,
  defaultPolicyPath,
  describePolicyProblems,
  loadPolicy,
} from '../../../electron/services/policy';
import { managedPreferencesPath } from '../../../electron/services/policy-managed-prefs';
import { parseRegQuery, REGISTRY_POLICY_KEY } from '../../../electron/services/policy-registry';

const fixtures = join(import.meta.dirname, '../../fixtures/policy');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const tempRoot = () => mkdtempSync(join(tmpdir(), 'tw-policy-root-'));
const put = (path: string, content: string | Buffer) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
};
const noRegistry = () => null;
const winEnv = (root: string) => ({ ProgramData: join(root, 'ProgramData') });

describe('policy on Linux', () => {
  it('is empty when IT deployed none', () => {
    const root = tempRoot();
    const result = loadPolicy({ platform: 'linux', root, env: {} });
    expect(result.policy).toEqual({});
    expect(result.problems).toEqual([]);
    expect(result.sources).toEqual([
      { kind: 'file', location: join(root, 'etc/teleworker/policy.json'), found: false },
    ]);
  });

  it('reads every key of /etc/teleworker/policy.json', () => {
    const root = tempRoot();
    const policy = {
      officeUrl: 'https://office.bank.example:8443',
      certPin: 'a'.repeat(64),
      tunnelRules: [
        { description: 'Contoso VPN*', kind: 'policy' },
        { name: 'vboxnet*', ignore: true },
      ],
      externalOrigins: ['https://intranet.bank.example'],
      idleMinutes: 15,
      endOfDayReminder: '17:30',
      updateChannel: 'beta',
      updatesEnabled: false,
      startAtLogin: true,
      startMinimized: true,
    };
    put(join(root, 'etc/teleworker/policy.json'), JSON.stringify(policy));
    const result = loadPolicy({ platform: 'linux', root, env: {} });
    expect(result.problems).toEqual([]);
    expect(result.policy).toEqual(policy);
    expect(result.origin.idleMinutes).toBe(join(root, 'etc/teleworker/policy.json'));
  });

  it('keeps the valid keys of a partly invalid file and names each bad one', () => {
    const root = tempRoot();
    const path = join(root, 'etc/teleworker/policy.json');
    put(
      path,
      JSON.stringify({
        officeUrl: 'http://office.bank.example',
        idleMinutes: 30,
        endOfDayReminder: '25:00',
        surprise: 1,
        tunnelRules: [{ kind: 'policy' }],
        startAtLogin: 'yes',
      }),
    );
    const result = loadPolicy({ platform: 'linux', root, env: {} });
    expect(result.policy).toEqual({ idleMinutes: 30 });
    expect(result.problems.map((p) => p.key).sort()).toEqual([
      'endOfDayReminder',
      'officeUrl',
      'startAtLogin',
      'surprise',
      'tunnelRules',
    ]);
    const sentence = describePolicyProblems(result)!;
    expect(sentence).toContain(path);
    expect(sentence).toMatch(/surprise: not a Teleworker policy key/);
    expect(sentence).toMatch(/tunnel rule needs a name or a description/);
    expect(sentence).toMatch(/endOfDayReminder: Expected a time of day/);
  });

  it.each([
    ['{ not json', /is not valid JSON/],
    ['[1, 2]', /is not a JSON object/],
  ])('reports an unreadable file %s and applies nothing from it', (content, message) => {
    const root = tempRoot();
    put(join(root, 'etc/teleworker/policy.json'), content);
    const result = loadPolicy({ platform: 'linux', root, env: {} });
    expect(result.policy).toEqual({});
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(message);
  });

  it('TELEWORKER_POLICY_FILE points the file elsewhere', () => {
    expect(defaultPolicyPath('linux', {})).toBe('/etc/teleworker/policy.json');
    expect(defaultPolicyPath('linux', { TELEWORKER_POLICY_FILE: '/tmp/p.json' })).toBe('/tmp/p.json');
    expect(defaultPolicyPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      join('C:\\ProgramData', 'Teleworker', 'policy.json'),
    );
    expect(defaultPolicyPath('darwin', {})).toBe('/Library/Application Support/Teleworker/policy.json');
  });
});

describe('policy on Windows', () => {
  it('parses reg query output, values and list subkeys', () => {
    const keys = parseRegQuery(fixture('reg-query-gpo.txt'));
    expect(keys.map((k) => k.path)).toEqual(['', 'ExternalOrigins']);
    expect(keys[0]!.values.get('IdleMinutes')).toEqual({ type: 'REG_DWORD', data: 15 });
    expect(keys[0]!.values.get('TunnelRules')).toEqual({
      type: 'REG_SZ',
      data: '[{"description":"Contoso SSL VPN*"}]',
    });
  });

  it('reads HKLM\\Software\\Policies\\Teleworker and lets it beat the JSON file key by key', () => {
    const root = tempRoot();
    put(
      join(root, 'ProgramData/Teleworker/policy.json'),
      JSON.stringify({ officeUrl: 'https://other.bank.example', startMinimized: true, idleMinutes: 5 }),
    );
    const queried: string[] = [];
    const result = loadPolicy({
      platform: 'win32',
      root,
      env: winEnv(root),
      regQuery: (key) => {
        queried.push(key);
        return fixture('reg-query-gpo.txt');
      },
    });
    expect(queried).toEqual([REGISTRY_POLICY_KEY]);
    expect(result.problems).toEqual([]);
    expect(result.policy).toEqual({
      officeUrl: 'https://office.bank.example:8443',
      idleMinutes: 15,
      updatesEnabled: false,
      updateChannel: 'beta',
      endOfDayReminder: '16:45',
      startAtLogin: true,
      tunnelRules: [{ description: 'Contoso SSL VPN*' }],
      externalOrigins: ['https://intranet.bank.example', 'https://wiki.bank.example'],
      startMinimized: true, // only the file sets it
    });
    expect(result.origin.officeUrl).toBe(REGISTRY_POLICY_KEY);
    expect(result.origin.startMinimized).toBe(join(root, 'ProgramData/Teleworker/policy.json'));
    expect(result.sources.map((s) => [s.kind, s.found])).toEqual([
      ['registry', true],
      ['file', true],
    ]);
  });

  it('reports invalid registry values while the valid ones apply', () => {
    const root = tempRoot();
    const result = loadPolicy({
      platform: 'win32',
      root,
      env: winEnv(root),
      regQuery: () => fixture('reg-query-invalid.txt'),
    });
    expect(result.policy).toEqual({ startMinimized: true });
    expect(Object.fromEntries(result.problems.map((p) => [p.key, p.message]))).toMatchObject({
      idleMinutes: expect.stringMatching(/idleMinutes: Too small/),
      updateChannel: expect.stringMatching(/updateChannel/),
      Surprise: 'Surprise: not a Teleworker policy key',
      certPin: 'certPin: REG_BINARY is not a supported value type',
      externalOrigins: expect.stringMatching(/externalOrigins\.1/),
    });
  });

  it('treats an absent key as no policy and a failing reg.exe as a reported problem', () => {
    const root = tempRoot();
    expect(loadPolicy({ platform: 'win32', root, env: winEnv(root), regQuery: noRegistry })).toMatchObject({
      policy: {},
      problems: [],
    });
    const failing = loadPolicy({
      platform: 'win32',
      root,
      env: winEnv(root),
      regQuery: () => {
        throw new Error('spawn reg ENOENT');
      },
    });
    expect(failing.problems).toEqual([
      { location: REGISTRY_POLICY_KEY, key: null, message: 'cannot be read (spawn reg ENOENT)' },
    ]);
  });
});

describe('policy on macOS', () => {
  it('reads the managed preferences a configuration profile installs, before the JSON file', () => {
    const root = tempRoot();
    const plistPath = managedPreferencesPath(root);
    mkdirSync(dirname(plistPath), { recursive: true });
    copyFileSync(join(fixtures, 'managed-preferences.plist'), plistPath);
    put(
      join(root, 'Library/Application Support/Teleworker/policy.json'),
      JSON.stringify({ idleMinutes: 5, endOfDayReminder: '18:00' }),
    );
    const result = loadPolicy({ platform: 'darwin', root, env: {} });
    expect(plistPath).toBe(join(root, 'Library/Managed Preferences/id.co.teleworker.desktop.plist'));
    expect(result.problems).toEqual([]);
    expect(result.policy).toEqual({
      officeUrl: 'https://office.bank.example:8443',
      idleMinutes: 20,
      updateChannel: 'latest',
      startMinimized: true,
      externalOrigins: ['https://intranet.bank.example'],
      tunnelRules: [{ description: 'Contoso SSL VPN*', kind: 'policy' }],
      endOfDayReminder: '18:00',
    });
    expect(result.origin.idleMinutes).toBe(plistPath);
    expect(result.origin.endOfDayReminder).toBe(join(root, 'Library/Application Support/Teleworker/policy.json'));
    expect(configuredOfficeUrl(result, {})).toBe('https://office.bank.example:8443');
  });

  it('reads the binary plist macOS usually writes', () => {
    const root = tempRoot();
    put(managedPreferencesPath(root), readFileSync(join(fixtures, 'managed-preferences-binary.plist')));
    const result = loadPolicy({ platform: 'darwin', root, env: {} });
    expect(result.problems).toEqual([]);
    expect(result.policy).toMatchObject({
      idleMinutes: 25,
      startMinimized: true,
      tunnelRules: [{ description: 'Contoso SSL VPN*', kind: 'policy' }],
    });
  });

  it('reports a broken plist and a wrong value, and still applies the JSON file', () => {
    const root = tempRoot();
    put(managedPreferencesPath(root), '<plist><dict><key>idleMinutes</key>');
    put(join(root, 'Library/Application Support/Teleworker/policy.json'), JSON.stringify({ idleMinutes: 5 }));
    const broken = loadPolicy({ platform: 'darwin', root, env: {} });
    expect(broken.policy).toEqual({ idleMinutes: 5 });
    expect(broken.problems[0]).toMatchObject({
      location: managedPreferencesPath(root),
      key: null,
      message: expect.stringMatching(/not a valid property list/),
    });

    put(
      managedPreferencesPath(root),
      fixture('managed-preferences.plist').replace('<integer>20</integer>', '<string>twenty</string>'),
    );
    const wrong = loadPolicy({ platform: 'darwin', root, env: {} });
    expect(wrong.policy.idleMinutes).toBe(5);
    expect(wrong.policy.officeUrl).toBe('https://office.bank.example:8443');
    expect(wrong.problems.map((p) => p.key)).toEqual(['idleMinutes']);
  });
});
