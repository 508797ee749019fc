import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseOfficeUrl } from '../../../../electron/services/connectivity';
import { nodeProbes } from '../../../../electron/services/connectivity/probes';

describe('office URL', () => {
  it('uses the office server’s /healthz when the address names no path', () => {
    expect(parseOfficeUrl('https://office.bank.example')).toEqual({
      url: 'https://office.bank.example/healthz',
      host: 'office.bank.example',
      port: 443,
    });
    expect(parseOfficeUrl('https://office.bank.example:8443/status')).toMatchObject({
      url: 'https://office.bank.example:8443/status',
      port: 8443,
    });
  });

  it('allows plain http only for a server on this machine (the embedded demo office)', () => {
    expect(parseOfficeUrl('http://127.0.0.1:4000')).toMatchObject({ host: '127.0.0.1', port: 4000 });
    expect(parseOfficeUrl('http://[::1]:4000')).toMatchObject({ host: '::1' });
    expect(() => parseOfficeUrl('http://office.bank.example')).toThrow(/must be https/);
    expect(() => parseOfficeUrl('http://10.0.0.1')).toThrow(/must be https/);
  });

  it('probes a loopback http office over plain http', async () => {
    const server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const { url } = parseOfficeUrl(`http://127.0.0.1:${port}`);
    await expect(nodeProbes.https(url, { timeoutMs: 2000 })).resolves.toMatchObject({ ok: true, statusCode: 200 });
    await expect(nodeProbes.https(`http://127.0.0.1:${port}/nope`, { timeoutMs: 2000 })).resolves.toMatchObject({
      ok: false,
      statusCode: 404,
      error: 'http-status',
    });
    server.close();
    await expect(nodeProbes.https(url, { timeoutMs: 2000 })).resolves.toMatchObject({
      ok: false,
      error: 'ECONNREFUSED',
    });
  });
});
