// Issue 9, item 3: sign-in throttling slows guessing without letting a stranger lock a user out.
// Every address in 127.0.0.0/8 is this machine, so a client bound to 127.0.0.2 is "another address".
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, LoginResponse } from '../../../shared/office-api';
import { startTestServer, type TestServer } from './helpers';
import { httpFrom } from './raw';

const login = (s: TestServer, from: string, username: string, password: string) =>
  httpFrom(s.url, 'POST', '/api/v1/auth/login', { localAddress: from, body: { username, password } });

describe('office server: sign-in throttling', () => {
  let s: TestServer;
  const logs: Record<string, unknown>[] = [];
  let clock = Date.parse('2026-03-02T02:00:00.000Z');

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    // a controllable clock: the growing delays are checked without waiting for them
    s = await startTestServer({ now: () => clock, logger: { level: 'info', stream } });
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('a stranger at another address cannot lock a user out: the right password from her usual address still works', async () => {
    expect((await login(s, '127.0.0.1', 'dewi', 'teleworker')).status).toBe(200);
    const attacker: number[] = [];
    for (let i = 0; i < 40; i++) attacker.push((await login(s, '127.0.0.2', 'dewi', `guess-${i}`)).status);
    // the attacker is slowed down …
    expect(attacker.filter((c) => c === 429).length).toBeGreaterThan(30);
    expect(attacker.every((c) => c === 401 || c === 429)).toBe(true);
    // … even with the right password, so a throttled guess teaches nothing
    expect((await login(s, '127.0.0.2', 'dewi', 'teleworker')).status).toBe(429);
    // … while dewi herself gets in
    const ok = await login(s, '127.0.0.1', 'dewi', 'teleworker');
    expect(ok.status).toBe(200);
    expect(LoginResponse.parse(ok.body).user.username).toBe('dewi');
  });

  it('guesses from one address meet growing delays (429 with Retry-After), not a fixed lock', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(s, '127.0.0.3', 'ayu', `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const delays: number[] = [];
    for (let round = 0; round < 4; round++) {
      // the guess the delay allows is checked (and wrong) …
      expect((await login(s, '127.0.0.3', 'ayu', `guess-round-${round}`)).status).toBe(401);
      // … and the next one must wait longer
      const refused = await login(s, '127.0.0.3', 'ayu', `guess-round-${round}-again`);
      expect(refused.status).toBe(429);
      expect(ErrorBody.parse(refused.body).error.code).toBe('rate_limited');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      delays.push(retryAfter);
      clock += retryAfter * 1000;
    }
    // each refused guess had to wait longer than the one before
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] as number);
    // after the delay the right password works again: slowed, not locked
    expect((await login(s, '127.0.0.3', 'ayu', 'teleworker')).status).toBe(200);
  });

  it('a distributed attack throttles the account for new addresses, but a known address with the right password passes', async () => {
    expect((await login(s, '127.0.0.1', 'rudi', 'teleworker')).status).toBe(200);
    const statuses: number[] = [];
    for (let host = 10; host < 40; host++) {
      for (let i = 0; i < 3; i++)
        statuses.push((await login(s, `127.0.0.${host}`, 'rudi', `spray-${host}-${i}`)).status);
    }
    expect(statuses.every((c) => c === 401 || c === 429)).toBe(true);
    expect(statuses.filter((c) => c === 429).length).toBeGreaterThan(0);
    // an address rudi never used is held back while the account is under attack …
    const fresh = await login(s, '127.0.0.50', 'rudi', 'teleworker');
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers['retry-after'])).toBeGreaterThan(0);
    // … his usual one is not
    expect((await login(s, '127.0.0.1', 'rudi', 'teleworker')).status).toBe(200);
  });

  it('spraying many accounts from one address is throttled there, without locking out who signs in there normally', async () => {
    expect((await login(s, '127.0.0.4', 'siti', 'teleworker')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++)
      statuses.push((await login(s, '127.0.0.4', i % 4 ? `nobody${i}` : 'budi', `spray-${i}`)).status);
    expect(statuses.every((c) => c === 401 || c === 429)).toBe(true);
    expect(statuses.slice(-10).every((c) => c === 429)).toBe(true);
    expect((await login(s, '127.0.0.4', 'siti', 'teleworker')).status).toBe(200);
    // budi was never signed in from .4: held back there, fine from another address
    expect((await login(s, '127.0.0.4', 'budi', 'teleworker')).status).toBe(429);
    expect((await login(s, '127.0.0.5', 'budi', 'teleworker')).status).toBe(200);
  });

  it('logs every throttle decision with the rule, the user name, the address and the wait', async () => {
    const throttled = logs.filter((l) => l.msg === 'sign-in throttled');
    expect(throttled.length).toBeGreaterThan(30);
    for (const l of throttled) {
      expect(l.level).toBe(40);
      expect(typeof l.username).toBe('string');
      expect(String(l.address)).toMatch(/^127\.0\.0\.\d+$/);
      expect(['account-and-address', 'account', 'address']).toContain(l.rule);
      expect(Number(l.retryAfterS)).toBeGreaterThan(0);
    }
    const rules = new Set(throttled.map((l) => l.rule));
    expect(rules).toEqual(new Set(['account-and-address', 'account', 'address']));
    expect(throttled.some((l) => l.username === 'dewi' && l.address === '127.0.0.2')).toBe(true);
    // a known address let through while its account is throttled is logged too
    expect(
      logs.some((l) => l.msg === 'sign-in allowed from a known address despite a throttle' && l.username === 'rudi'),
    ).toBe(true);
  });
});
