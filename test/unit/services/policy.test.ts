// The policy loader on real files laid out as each OS has them, under a temporary root. The
// registry arrives as `reg query /s` text in reg.exe's format (fixtures in test/fixtures/policy);
// the managed preferences are real plists (XML, and binary as written by Python's plistlib)
// parsed by the `plist` package.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configuredOfficeUrl,
  defaultPolicyPath,
  describePolicyProblems,
  loadPolicy,
  posixOwnerCheck,
  windowsOwnerCheck,
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

  it('reads the forgotten timer’s wait as whole minutes from 5 to 240 (a file, or a registry DWORD), and names a bad one', () => {
    for (const [value, ok] of [
      [45, true],
      [5, true],
      [240, true],
      [4, false],
      [241, false],
      [30.5, false],
      ['30', false],
    ] as const) {
      const root = tempRoot();
      put(join(root, 'etc/teleworker/policy.json'), JSON.stringify({ timerStopWaitMinutes: value }));
      const result = loadPolicy({ platform: 'linux', root, env: {} });
      if (ok) expect(result, String(value)).toMatchObject({ policy: { timerStopWaitMinutes: value }, problems: [] });
      else {
        expect(result.policy, String(value)).toEqual({});
        expect(result.problems.map((p) => p.key)).toEqual(['timerStopWaitMinutes']);
      }
    }
    const root = tempRoot();
    const reg = [
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teleworker',
      '    timerStopWaitMinutes    REG_DWORD    0x2d',
      '',
    ].join('\r\n');
    expect(
      loadPolicy({ platform: 'win32', root, env: winEnv(root), regQuery: () => reg }).policy.timerStopWaitMinutes,
    ).toBe(45);
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

describe('the office trust keys', () => {
  const GOOD = 'ab'.repeat(32);
  const linuxFile = (root: string, json: unknown) =>
    put(join(root, 'etc/teleworker/policy.json'), JSON.stringify(json));

  it('reports a malformed certPin by name and leaves it out; the other keys apply', () => {
    const root = tempRoot();
    linuxFile(root, { certPin: 'AB:CD:typo', idleMinutes: 20 });
    const result = loadPolicy({ platform: 'linux', root, env: {} });
    expect(result.policy).toEqual({ idleMinutes: 20 });
    expect(result.problems).toEqual([
      expect.objectContaining({ key: 'certPin', message: expect.stringMatching(/^certPin: .*SHA-256/) }),
    ]);
  });

  it('checks each of certPins on its own: a typo is reported, the good pins stay', () => {
    const root = tempRoot();
    const base64 = Buffer.from('cd'.repeat(32), 'hex').toString('base64');
    linuxFile(root, { certPins: [GOOD, 'sha256/' + base64, 'not-a-pin', `${'AB:'.repeat(31)}AB`] });
    const result = loadPolicy({ platform: 'linux', root, env: {} });
    expect(result.policy.certPins).toEqual([GOOD, 'sha256/' + base64, `${'AB:'.repeat(31)}AB`]);
    expect(result.problems).toEqual([
      expect.objectContaining({ key: 'certPins', message: expect.stringMatching(/^certPins\.2: "not-a-pin" is not/) }),
    ]);
    // only typos: the key is left out, with one problem per pin
    linuxFile(root, { certPins: ['x', 'y'] });
    const none = loadPolicy({ platform: 'linux', root, env: {} });
    expect(none.policy).toEqual({});
    expect(none.problems.map((p) => p.message.slice(0, 10))).toEqual(['certPins.0', 'certPins.1']);
  });

  it('takes officeCa only when every certificate in it parses', () => {
    const root = tempRoot();
    const pem = readFileSync(join(import.meta.dirname, '../../../resources/policy/teleworker.mobileconfig'), 'utf8')
      .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0]
      .replace(/\t/g, '');
    linuxFile(root, { officeCa: pem });
    expect(loadPolicy({ platform: 'linux', root, env: {} }).policy.officeCa).toBe(pem);
    linuxFile(root, { officeCa: `${pem}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----` });
    const broken = loadPolicy({ platform: 'linux', root, env: {} });
    expect(broken.policy).toEqual({});
    expect(broken.problems).toEqual([
      expect.objectContaining({ key: 'officeCa', message: 'officeCa: certificate 2 of 2 is not a valid certificate' }),
    ]);
    linuxFile(root, { officeCa: 'MIIB...' });
    expect(loadPolicy({ platform: 'linux', root, env: {} }).problems[0]?.message).toMatch(/officeCa: .*PEM/);
  });

  it('reads officeCa from a registry multi-string (Group Policy multiText) and certPins from its list subkey', () => {
    const pem = ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----END CERTIFICATE-----'];
    const output = [
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teleworker',
      `    officeCa    REG_MULTI_SZ    ${pem.join('\\0')}`,
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teleworker\\certPins',
      `    1    REG_SZ    ${GOOD}`,
      '',
    ].join('\r\n');
    const result = loadPolicy({ platform: 'win32', root: tempRoot(), env: {}, regQuery: () => output });
    expect(result.policy.certPins).toEqual([GOOD]);
    // joined back into PEM lines, then refused because "MIIB" is no certificate: the key is named
    expect(result.problems).toEqual([expect.objectContaining({ key: 'officeCa' })]);
  });
});

describe('a policy file only an administrator may write', () => {
  it.skipIf(process.platform === 'win32')(
    'ignores a policy file a user owns, and says so; takes it when owned by an admin id and not writable by others',
    () => {
      const root = tempRoot();
      const path = join(root, 'etc/teleworker/policy.json');
      put(path, JSON.stringify({ officeUrl: 'https://planted.example' }));
      chmodSync(path, 0o644);
      // a user's file (when the tests run as root, nobody's)
      if (process.getuid!() === 0) chownSync(path, 65534, 65534);
      const uid = statSync(path).uid;
      const planted = loadPolicy({ platform: 'linux', root, env: {}, fileOwnerCheck: posixOwnerCheck([0]) });
      expect(planted.policy).toEqual({});
      expect(planted.problems).toEqual([
        {
          location: path,
          key: null,
          message: expect.stringMatching(/owned by user id \d+, not by root, so it is ignored/),
        },
      ]);
      expect(describePolicyProblems(planted)).toContain(path);
      // the same file, as if its owner were an administrator
      const admin = loadPolicy({ platform: 'linux', root, env: {}, fileOwnerCheck: posixOwnerCheck([uid]) });
      expect(admin.policy).toEqual({ officeUrl: 'https://planted.example' });
      chmodSync(path, 0o666);
      const writable = loadPolicy({ platform: 'linux', root, env: {}, fileOwnerCheck: posixOwnerCheck([uid]) });
      expect(writable.policy).toEqual({});
      expect(writable.problems[0]?.message).toMatch(/can be changed by users other than root \(mode 666\)/);
    },
  );

  it('on Windows takes the file when Administrators, SYSTEM or TrustedInstaller own it', () => {
    const root = tempRoot();
    put(join(root, 'ProgramData/Teleworker/policy.json'), JSON.stringify({ idleMinutes: 5 }));
    const owned = (sid: string) =>
      loadPolicy({
        platform: 'win32',
        root,
        env: winEnv(root),
        regQuery: noRegistry,
        fileOwnerCheck: windowsOwnerCheck(() => sid),
      });
    expect(owned('S-1-5-32-544').policy).toEqual({ idleMinutes: 5 });
    expect(owned('S-1-5-18').policy).toEqual({ idleMinutes: 5 });
    const user = owned('S-1-5-21-1004336348-1177238915-682003330-1001');
    expect(user.policy).toEqual({});
    expect(user.problems[0]?.message).toMatch(/owned by S-1-5-21-.*, not by Administrators or SYSTEM/);
    const failing = loadPolicy({
      platform: 'win32',
      root,
      env: winEnv(root),
      regQuery: noRegistry,
      fileOwnerCheck: windowsOwnerCheck(() => {
        throw new Error('powershell.exe not found');
      }),
    });
    expect(failing.policy).toEqual({});
    expect(failing.problems[0]?.message).toMatch(/cannot be checked for its owner \(powershell.exe not found\)/);
  });

  it('does not check a file TELEWORKER_POLICY_FILE names (development and tests)', () => {
    const root = tempRoot();
    const path = join(root, 'mine.json');
    put(path, JSON.stringify({ idleMinutes: 7 }));
    const result = loadPolicy({
      platform: 'linux',
      root,
      env: { TELEWORKER_POLICY_FILE: path },
      fileOwnerCheck: () => 'is not an administrator’s',
    });
    expect(result.policy).toEqual({ idleMinutes: 7 });
  });
});
