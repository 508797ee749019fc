import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicyPath, readPolicy } from '../../../electron/services/policy';

const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tw-policy-')), 'policy.json');
  writeFileSync(path, content);
  return path;
};

describe('policy', () => {
  it('is empty when IT deployed none', () => {
    expect(readPolicy('/nonexistent/teleworker/policy.json')).toEqual({ ok: true, policy: {}, path: '/nonexistent/teleworker/policy.json', found: false });
  });

  it('reads the office, pin, probe and tunnel rules', () => {
    const policy = {
      officeUrl: 'https://office.bank.example:8443',
      certPin: 'a'.repeat(64),
      tunnelRules: [{ description: 'Contoso VPN*', kind: 'policy' }, { name: 'vboxnet*', ignore: true }],
      externalOrigins: ['https://intranet.bank.example'],
    };
    expect(readPolicy(file(JSON.stringify(policy)))).toMatchObject({ ok: true, found: true, policy });
  });

  it.each([
    ['{ not json', /not valid JSON/],
    [JSON.stringify({ officeUrl: 'http://office.bank.example' }), /officeUrl/],
    [JSON.stringify({ officeUrl: 'https://office.bank.example', surprise: 1 }), /Unrecognized key: "surprise"/],
    [JSON.stringify({ tunnelRules: [{ kind: 'policy' }] }), /tunnel rule needs a name or a description/],
  ])('refuses %s with a sentence naming the problem', (content, message) => {
    const result = readPolicy(file(content));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('lives where IT tools put machine-wide settings', () => {
    expect(defaultPolicyPath('linux', {})).toBe('/etc/teleworker/policy.json');
    expect(defaultPolicyPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(join('C:\\ProgramData', 'Teleworker', 'policy.json'));
    expect(defaultPolicyPath('linux', { TELEWORKER_POLICY_FILE: '/tmp/p.json' })).toBe('/tmp/p.json');
  });
});
