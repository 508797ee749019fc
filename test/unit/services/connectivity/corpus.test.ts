// The classifier and reducer on real interface listings that people posted publicly (see
// test/fixtures/connectivity-corpus/cases/: one file per case, each naming its source).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CASES_DIR,
  checkCase,
  loadCorpus,
  parseCase,
  parseSections,
} from '../../../fixtures/connectivity-corpus/corpus';

const corpus = loadCorpus();

describe('connectivity corpus: real outputs', () => {
  it('has at least 25 cases across Windows, macOS and Linux, VPN on and off', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(25);
    const os = new Set(corpus.map((c) => c.os.split(/[-\s]/)[0]));
    expect([...os].sort()).toEqual(expect.arrayContaining(['linux', 'macos', 'windows']));
    const verdicts = new Set(corpus.map((c) => c.expectStatus));
    expect([...verdicts]).toEqual(
      expect.arrayContaining(['internet', 'vpn-no-office', 'office-via-vpn', 'office-lan']),
    );
  });

  it('every corpus file names its public source as its first line', () => {
    const files = readdirSync(CASES_DIR);
    expect(files.length).toBe(corpus.length);
    for (const file of files) {
      const first = readFileSync(join(CASES_DIR, file), 'utf8').split(/\r?\n/)[0] ?? '';
      expect(first, file).toMatch(/^source: https:\/\/\S+$/);
    }
  });

  it('every case has an output section that yields interfaces or states the default route', () => {
    for (const c of corpus) {
      expect(c.sections.length, c.file).toBeGreaterThan(0);
      const parsed = parseSections(c);
      expect(parsed.records.size + (c.defaultRoute?.length ?? 0), c.file).toBeGreaterThan(0);
    }
  });

  for (const c of corpus) {
    it(`${c.file}: ${c.expectStatus} / ${c.expectReason} [${c.expectTunnels}]`, async () => {
      const { got } = await checkCase(c);
      // macOS: the product ran ifconfig itself (through the injected runner) and read its flags
      const ifconfig = c.sections.find((s) => s.format === 'ifconfig');
      if (c.os.startsWith('macos') && ifconfig) {
        expect(got.ran).toEqual(['/sbin/ifconfig']);
        // and took the point-to-point flag of each listed interface from that output
        const p2p = [...ifconfig.text.matchAll(/^(\S+): flags=\w+<([^>]*)>/gm)]
          .filter((m) => m[2]?.split(',').includes('POINTOPOINT'))
          .map((m) => m[1]);
        const listed = got.records.map((r) => r.name);
        expect(got.records.filter((r) => r.pointToPoint).map((r) => r.name)).toEqual(
          listed.filter((n) => p2p.includes(n)),
        );
        expect(got.records.every((r) => r.pointToPoint !== undefined)).toBe(true);
      }
      expect({ status: got.status, reason: got.reason, tunnels: got.tunnels }).toEqual({
        status: c.expectStatus,
        reason: c.expectReason,
        tunnels: c.expectTunnels,
      });
    });
  }
});

describe('corpus file format', () => {
  it('refuses a case without a source, and an unknown output format', () => {
    expect(() => parseCase('x.txt', 'os: linux\n--- ifconfig\n')).toThrow(/source/);
    const c = parseCase(
      'y.txt',
      'source: https://example.org/x\nos: linux\nvpn: none\nstate: off\noffice: 10.0.0.1\noffice-answers: no\nexpect: internet vpn-down\nexpect-tunnels: -\nwhy: test\n--- netsh\nfoo\n',
    );
    expect(() => parseSections(c)).toThrow(/unknown section format netsh/);
  });
});
