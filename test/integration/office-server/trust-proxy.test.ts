// Issue 28: behind a reverse proxy the office server keys the sign-in throttle (and its logs) on
// the address the proxy reports in X-Forwarded-For, but only for a proxy on the trustProxy list;
// anyone else's header is ignored. Every address in 127.0.0.0/8 is this machine, so the "proxy"
// is a client bound to 127.0.0.5 and a stranger one bound to 127.0.0.6.
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ErrorBody } from '../../../shared/office-api';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../../office-server/auth/sign-in-throttle';
import { startOfficeServer } from '../../../office-server/server';
import { startTestServer, tempDir, type TestServer } from './helpers';
import { httpFrom } from './raw';

const PROXY = '127.0.0.5';
const STRANGER = '127.0.0.6';
let guesses = 0;

describe('office server: trustProxy', () => {
  let s: TestServer;
  const logs: Record<string, unknown>[] = [];
  const clock = Date.parse('2026-03-02T02:00:00.000Z');
  /** a wrong password for a user name nobody has: only the address rule counts it */
  const guess = (from: string, forwardedFor?: string) =>
    httpFrom(s.url, 'POST', '/api/v1/auth/login', {
      localAddress: from,
      body: { username: `nobody-${++guesses}`, password: 'wrong-guess' },
      ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
    });

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    s = await startTestServer({
      now: () => clock,
      trustProxy: [PROXY, '10.20.0.0/16'],
      // three free failures per address, then a delay that the fixed clock never lets end
      signInThrottle: { address: { ...DEFAULT_SIGN_IN_THROTTLE.address, free: 3 } },
      logger: { level: 'info', stream },
    });
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('behind the trusted proxy the throttle keys on X-Forwarded-For, and the logs name that address', async () => {
    for (let i = 0; i < 4; i++) expect((await guess(PROXY, '203.0.113.7')).status).toBe(401);
    const held = await guess(PROXY, '203.0.113.7');
    expect(held.status).toBe(429);
    expect(ErrorBody.parse(held.body).error.code).toBe('rate_limited');
    // another person behind the same proxy is not held back by that guesser
    expect((await guess(PROXY, '203.0.113.8')).status).toBe(401);
    // a client that prepends its own X-Forwarded-For entry is still known by what the proxy appended
    expect((await guess(PROXY, '198.51.100.9, 203.0.113.7')).status).toBe(429);

    const throttled = logs.filter((l) => l.msg === 'sign-in throttled');
    expect(throttled.map((l) => l.address)).toContain('203.0.113.7');
    expect(throttled.map((l) => l.address)).not.toContain(PROXY);
    const requests = logs
      .filter((l) => l.msg === 'incoming request')
      .map((l) => (l.req as { remoteAddress: string }).remoteAddress);
    expect(requests).toContain('203.0.113.8');
    expect(requests).not.toContain(PROXY);
  });

  it('from a peer not on the list, X-Forwarded-For is ignored: the throttle keys on the peer', async () => {
    for (let i = 0; i < 4; i++) expect((await guess(STRANGER, `198.51.100.${i + 1}`)).status).toBe(401);
    // a fresh invented header does not buy a fresh counter
    const held = await guess(STRANGER, '198.51.100.200');
    expect(held.status).toBe(429);
    const throttled = logs.filter((l) => l.msg === 'sign-in throttled').map((l) => l.address);
    expect(throttled).toContain(STRANGER);
    expect(throttled).not.toContain('198.51.100.200');
  });

  it('a malformed entry is refused at start with its text named', async () => {
    const dataDir = tempDir();
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(startOfficeServer({ dataDir, trustProxy: ['10.0.0.0/33'] })).rejects.toThrow(
      'trustProxy: "10.0.0.0/33" is not an IP address or CIDR',
    );
    await expect(startOfficeServer({ dataDir, trustProxy: ['proxy.internal'] })).rejects.toThrow('"proxy.internal"');
  });
});
