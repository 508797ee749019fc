// The browser host's static files over a real socket: hashed assets cached for good and sent
// compressed as the client asks (bodies read raw, so we decode them ourselves), index.html never
// cached; and the real production build: minified, split, precompressed, no inline script.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, constants as zlibConstants, gunzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../../electron/browser-host/server';
import type { BrowserHost } from '../../../electron/browser-host/server';
import type { Core } from '../../../electron/services/core';
import { silentLogger } from '../../../electron/services/logger';
import { isHashedAsset, precompressedPath } from '../../../electron/services/static-assets';

const dir = mkdtempSync(join(tmpdir(), 'tw-bh-static-'));
const rendererDir = join(dir, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
const indexHtml = '<!doctype html><script type="module" src="./assets/index-AbCd1234.js"></script>';
const appJs = Buffer.from(`export const greeting = ${JSON.stringify('Selamat pagi, '.repeat(400))};\n`);
const css = Buffer.from('body { margin: 0; }\n'.repeat(100));
// A precompressed copy as the build leaves it; made at a low quality on purpose, so its bytes
// differ from what the host would make itself and the test can tell which one was sent.
const cssBr = brotliCompressSync(css, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } });
writeFileSync(join(rendererDir, 'index.html'), indexHtml);
writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
writeFileSync(join(rendererDir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(join(rendererDir, 'assets', 'index-AbCd1234.js'), appJs);
writeFileSync(join(rendererDir, 'assets', 'index-Xy_z9876.css'), css);
writeFileSync(precompressedPath(join(rendererDir, 'assets', 'index-Xy_z9876.css'), 'br'), cssBr);

// Only what the static part touches: no contract calls happen in these tests.
const staticOnlyCore = { attach: () => () => undefined } as unknown as Core;
let host: BrowserHost;

beforeAll(async () => {
  host = await startBrowserHost({ core: staticOnlyCore, rendererDir, logger: silentLogger });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * node:http, not fetch: fetch would decode the body and hide what went over the wire. The path is
 * sent as given (a URL string would have its %2e%2e folded away before it left).
 */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('browser host static files', () => {
  it('serves index.html uncached and uncompressed', async () => {
    const res = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body.toString()).toBe(indexHtml);
  });

  it('serves a file without a content hash uncached', async () => {
    const res = await get('/icon.svg', { 'accept-encoding': 'br' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('image/svg+xml');
  });

  it('serves a hashed asset immutable and brotli-compressed when the client takes brotli', async () => {
    const res = await get('/assets/index-AbCd1234.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(appJs.length / 4);
    expect(brotliDecompressSync(res.body).equals(appJs)).toBe(true);
  });

  it('sends gzip to a client that refuses brotli, and the same bytes every time', async () => {
    const first = await get('/assets/index-AbCd1234.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['vary']).toBe('Accept-Encoding');
    expect(first.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(first.body).equals(appJs)).toBe(true);
    const again = await get('/assets/index-AbCd1234.js', { 'accept-encoding': 'gzip' });
    expect(again.body.equals(first.body)).toBe(true);
  });

  it('sends the file as it is to a client that takes no compression', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ];
    for (const headers of variants) {
      const res = await get('/assets/index-AbCd1234.js', headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.body.equals(appJs)).toBe(true);
    }
  });

  it("sends the build's precompressed copy when there is one", async () => {
    const res = await get('/assets/index-Xy_z9876.css', { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.body.equals(cssBr)).toBe(true);
    expect(brotliDecompressSync(res.body).equals(css)).toBe(true);
  });

  it('answers HEAD with the headers of the compressed body and no body', async () => {
    const res = await get('/assets/index-AbCd1234.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it('still refuses what is outside the renderer and what does not exist', async () => {
    expect((await get('/assets/missing-AbCd1234.js', { 'accept-encoding': 'br' })).status).toBe(404);
    expect((await get('/assets/%2e%2e/%2e%2e/index.html')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt', { 'accept-encoding': 'br' })).status).toBe(404);
    expect((await get('/assets/index-AbCd1234.js', {}, 'POST')).status).toBe(405);
  });

  // Issue 9, item 7: an error page is a page too; it gets the headers the app's pages get.
  it('sends the security headers of its 200s with every 404 and 405, and never lets them be cached', async () => {
    const page = await get('/');
    const security = ['content-security-policy', 'x-content-type-options', 'referrer-policy'] as const;
    for (const name of security) expect(page.headers[name], name).toBeTruthy();
    const errors: Array<[string, string, number]> = [
      ['GET', '/%2e%2e/secret.txt', 404], // outside the renderer
      ['GET', '/missing.js', 404], // no such file
      ['GET', '/assets/missing-AbCd1234.js', 404], // a hashed name that does not exist
      ['GET', '/assets', 404], // a folder
      ['HEAD', '/missing.js', 404],
      ['POST', '/', 405],
      ['DELETE', '/assets/index-AbCd1234.js', 405],
      ['OPTIONS', '/', 405],
    ];
    for (const [method, path, status] of errors) {
      const res = await get(path, { 'accept-encoding': 'br' }, method);
      const what = `${method} ${path}`;
      expect(res.status, what).toBe(status);
      for (const name of security) expect(res.headers[name], `${what}: ${name}`).toBe(page.headers[name]);
      expect(res.headers['cache-control'], what).toBe('no-store');
      expect(res.headers['content-type'], what).toBe('text/plain; charset=utf-8');
      expect(res.headers['content-encoding'], what).toBeUndefined();
      if (status === 405) expect(res.headers['allow'], what).toBe('GET, HEAD');
    }
  });
});

// The real build (npm test builds before vitest runs; alone, run `npm run build` first).
const built = join(import.meta.dirname, '../../../out/renderer');
const hasBuild = existsSync(join(built, 'index.html'));
if (!hasBuild) console.log('SKIP production build checks: out/renderer is not built (npm run build)');

describe.skipIf(!hasBuild)('the production build of the renderer', () => {
  it('loads only hashed scripts by URL: no inline script, the CSP meta kept', () => {
    const html = readFileSync(join(built, 'index.html'), 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, content] of scripts) {
      expect(attrs).toMatch(/src="\.\/assets\//);
      expect(content!.trim()).toBe('');
    }
    const referenced = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThan(1); // the app and its vendor chunks
    for (const path of referenced) expect(isHashedAsset(path), path).toBe(true);
  });

  it('is minified, vendor code split out, every script precompressed to the same bytes', () => {
    const assets = join(built, 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(js.some((f) => f.startsWith('vendor-react-'))).toBe(true);
    for (const file of js) {
      const bytes = readFileSync(join(assets, file));
      // Unminified, the bundle averaged 43 characters a line; minified, lines run to thousands.
      const lines = bytes.toString().split('\n').length;
      if (bytes.length > 1_024) expect(bytes.length / lines, `${file} looks unminified`).toBeGreaterThan(500);
      const br = precompressedPath(join(assets, file), 'br');
      const gz = precompressedPath(join(assets, file), 'gzip');
      if (existsSync(br)) expect(brotliDecompressSync(readFileSync(br)).equals(bytes), file).toBe(true);
      if (existsSync(gz)) expect(gunzipSync(readFileSync(gz)).equals(bytes), file).toBe(true);
      if (bytes.length > 1_024)
        expect(existsSync(br) && existsSync(gz), `${file} has no precompressed copies`).toBe(true);
    }
  });
});
