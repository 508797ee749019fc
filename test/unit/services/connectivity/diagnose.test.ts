import { describe, expect, it } from 'vitest';
import {
  formatReport,
  parseDiagnoseArgs,
  parseTunnelRule,
  UsageError,
  watchLine,
} from '../../../../electron/services/connectivity/diagnose';
import { ConnectivityStatusSchema, emptyEvidence } from '../../../../shared/domain/connectivity';
import type { ConnectivityStatus } from '../../../../shared/domain/connectivity';

describe('diagnose arguments', () => {
  it('defaults: one report, nothing configured, so nothing is probed', () => {
    expect(parseDiagnoseArgs([])).toEqual({ json: false, watch: false, help: false, ipMonitor: true, config: {} });
  });

  it('all flags', () => {
    const pin = 'ab'.repeat(32);
    const o = parseDiagnoseArgs([
      '--json',
      '--watch',
      '--office-url',
      'https://office.corp:8443/health',
      '--pin',
      pin,
      '--probe-url',
      'https://probe.corp/',
      '--tunnel-rule',
      'name=corp*:fortinet',
      '--tunnel-rule',
      'ignore=vbox*',
      '--probe-interval',
      '1000',
      '--timeout',
      '500',
      '--no-ip-monitor',
    ]);
    expect(o).toEqual({
      json: true,
      watch: true,
      help: false,
      ipMonitor: false,
      config: {
        officeUrl: 'https://office.corp:8443/health',
        certPin: pin,
        probeUrl: 'https://probe.corp/',
        tunnelRules: [
          { name: 'corp*', kind: 'fortinet' },
          { name: 'vbox*', ignore: true },
        ],
        intervals: { probeMs: 1000, timeoutMs: 500 },
      },
    });
  });

  it.each([
    [['--office-url', 'http://office'], /https/],
    [['--pin', 'ab'.repeat(32)], /--pin needs --office-url/],
    [['--office-url', 'https://o', '--pin', 'xyz'], /SHA-256/],
    [['--probe-interval', '0'], /positive/],
    [['--bogus'], /bogus/],
    [['--probe-url', 'http://probe'], /https/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseDiagnoseArgs(args)).toThrow(UsageError);
    expect(() => parseDiagnoseArgs(args)).toThrow(message);
  });

  it('tunnel rules', () => {
    expect(parseTunnelRule('description=Acme VPN*')).toEqual({ description: 'Acme VPN*' });
    expect(() => parseTunnelRule('description=x:teleport')).toThrow(/unknown tunnel kind/);
    expect(() => parseTunnelRule('colour=red')).toThrow(UsageError);
  });
});

describe('diagnose output', () => {
  const status: ConnectivityStatus = {
    status: 'vpn-no-office',
    since: '2026-01-05T08:00:00.000Z',
    checkedAt: '2026-01-05T08:00:05.000Z',
    latencyMs: null,
    reason: { code: 'office-no-answer', params: { host: '10.8.0.1', port: 8443, error: 'ECONNREFUSED' } },
    evidence: {
      ...emptyEvidence(),
      interfaces: ['eth0', 'tun0'],
      tunnels: [{ name: 'tun0', kind: 'openvpn', basis: 'name', addresses: ['10.8.0.2'], routable: true }],
      officeRoute: { via: 'tunnel', interface: 'tun0', address: '10.8.0.1' },
      tcp: { host: '10.8.0.1', port: 8443, ok: false, ms: null, error: 'ECONNREFUSED' },
    },
  };

  it('--watch prints one JSON line {status, since, reason, latencyMs, evidence}', () => {
    const line = watchLine(ConnectivityStatusSchema.parse(status));
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(['status', 'since', 'reason', 'latencyMs', 'evidence']);
  });

  it('the human report names the failing step', () => {
    const text = formatReport(status);
    expect(text).toMatch(
      /^status\s+vpn-no-office\s+\(office-no-answer: host=10\.8\.0\.1 port=8443 error=ECONNREFUSED\)/,
    );
    expect(text).toMatch(/tunnels\s+tun0 \[openvpn by name\] 10\.8\.0\.2/);
    expect(text).toMatch(/tcp\s+10\.8\.0\.1:8443 failed \(ECONNREFUSED\)/);
    expect(text).toMatch(/office rt\s+tunnel via tun0/);
  });
});
