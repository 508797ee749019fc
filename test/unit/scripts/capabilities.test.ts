// test/fixtures/capabilities.ts: a skip for a missing capability prints one line, and fails
// instead where TELEWORKER_REQUIRE names that capability (.ci/run).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { capabilityOfNetnsReason, skipWithout } from '../../fixtures/capabilities';

describe('skips that count', () => {
  const before = process.env.TELEWORKER_REQUIRE;
  afterEach(() => {
    if (before === undefined) delete process.env.TELEWORKER_REQUIRE;
    else process.env.TELEWORKER_REQUIRE = before;
    vi.restoreAllMocks();
  });

  it('runs where the capability is there', () => {
    process.env.TELEWORKER_REQUIRE = 'netns';
    expect(skipWithout('netns', null, 'real tunnel tests')).toBe(false);
  });

  it('skips with one printed line where it is missing and not required', () => {
    process.env.TELEWORKER_REQUIRE = 'postgres';
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(skipWithout('netns', 'needs root', 'real tunnel tests')).toBe(true);
    expect(log.mock.calls).toEqual([['SKIP real tunnel tests: needs root (needs netns)']]);
  });

  it('fails, naming the capability, where TELEWORKER_REQUIRE names it', () => {
    process.env.TELEWORKER_REQUIRE = 'tun, netns ,keychain';
    expect(() => skipWithout('netns', 'needs root', 'real tunnel tests')).toThrow(/names "netns".*needs root/);
  });

  it('tells the capability from the fixture’s reason', () => {
    expect(capabilityOfNetnsReason('needs /dev/net/tun for OpenVPN')).toBe('tun');
    expect(capabilityOfNetnsReason('needs root (ip netns, openvpn); run as root')).toBe('root');
    expect(capabilityOfNetnsReason('cannot create a network namespace: EPERM')).toBe('netns');
  });
});
