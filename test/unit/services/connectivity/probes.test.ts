// The probes against real servers on loopback (never anything else).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dnsProbe, httpsProbe, normalizePin, tcpProbe } from '../../../../electron/services/connectivity/probes';

const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasOpenssl) console.log('SKIP HTTPS probe tests: needs openssl to make a throwaway certificate');

describe('normalizePin', () => {
  const hex = '3f'.repeat(32);
  it('accepts hex with or without colons, a sha256 prefix, or base64', () => {
    expect(normalizePin(hex.toUpperCase())).toBe(hex);
    expect(normalizePin('3F:'.repeat(31) + '3F')).toBe(hex);
    expect(normalizePin(`sha256/${Buffer.from(hex, 'hex').toString('base64')}`)).toBe(hex);
  });
  it('rejects anything else', () => {
    expect(() => normalizePin('abc')).toThrow(/SHA-256/);
    expect(() => normalizePin('3f'.repeat(20))).toThrow(/SHA-256/);
  });
});

describe('tcp and dns probes', () => {
  let server: NetServer;
  let port: number;
  beforeAll(async () => {
    server = createNetServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('connects and measures, or reports the errno', async () => {
    const ok = await tcpProbe('127.0.0.1', port, 1000);
    expect(ok).toMatchObject({ ok: true, host: '127.0.0.1', port });
    expect(ok.ms).toBeGreaterThanOrEqual(0);
    const closedPort = await new Promise<number>((resolve) => {
      const s = createNetServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    expect(await tcpProbe('127.0.0.1', closedPort, 1000)).toEqual({
      host: '127.0.0.1',
      port: closedPort,
      ok: false,
      ms: null,
      error: 'ECONNREFUSED',
    });
  });

  it('resolves localhost and reports a name that does not exist', async () => {
    const ok = await dnsProbe('localhost', 2000);
    expect(ok.ok).toBe(true);
    expect(ok.addresses.length).toBeGreaterThan(0);
    // .invalid never resolves (RFC 2606); the resolver answers from its own rules
    const bad = await dnsProbe('office.invalid', 2000);
    expect(bad).toMatchObject({ ok: false, addresses: [] });
    expect(bad.error).toMatch(/ENOTFOUND|EAI_AGAIN|ETIMEOUT/);
  });
});

describe.skipIf(!hasOpenssl)('https probe with certificate pin', () => {
  let dir: string;
  let server: HttpsServer;
  let url: string;
  let sha256: string;
  let requests = 0;
  let stall: NetServer;
  let stallUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-probe-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=office.test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    const fp = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-fingerprint', '-sha256'], {
      encoding: 'utf8',
    });
    sha256 = (fp.split('=')[1] ?? '').trim().replace(/:/g, '').toLowerCase();
    server = createHttpsServer(
      { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
      (req, res) => {
        requests++;
        res.writeHead(req.url === '/broken' ? 503 : 200);
        res.end('ok');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stall = createNetServer((s) => s.resume()); // reads the ClientHello, never answers
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    stallUrl = `https://127.0.0.1:${(stall.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => stall.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the right pin makes a self-signed office trusted', async () => {
    const r = await httpsProbe(`${url}/health`, { timeoutMs: 2000, pin: sha256.toUpperCase() });
    expect(r).toMatchObject({ ok: true, statusCode: 200, certSha256: sha256, pinMatched: true });
    expect(r.ms).toBeGreaterThan(0);
  });

  it('a wrong pin fails as pin-mismatch, and not one byte of HTTP reaches the server', async () => {
    const before = requests;
    const r = await httpsProbe(`${url}/health`, { timeoutMs: 2000, pin: 'cd'.repeat(32) });
    expect(r).toEqual({
      url: `${url}/health`,
      ok: false,
      ms: null,
      error: 'pin-mismatch',
      certSha256: sha256,
      pinMatched: false,
    });
    expect(requests).toBe(before);
  });

  it('without a pin the system CAs decide: a self-signed certificate is untrusted', async () => {
    const r = await httpsProbe(`${url}/health`, { timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: false, error: 'cert-untrusted' });
    expect(r).not.toHaveProperty('pinMatched');
  });

  it('an error status from the health check is a failure with its status code', async () => {
    const r = await httpsProbe(`${url}/broken`, { timeoutMs: 2000, pin: sha256 });
    expect(r).toMatchObject({ ok: false, statusCode: 503, error: 'http-status', pinMatched: true });
  });

  it('a server that never answers times out', async () => {
    const t0 = performance.now();
    const r = await httpsProbe(stallUrl, { timeoutMs: 300, pin: sha256 });
    expect(r).toMatchObject({ ok: false, error: 'timeout' });
    // generous: a probe without its timeout would wait for ever
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
