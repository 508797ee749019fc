import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppAsset } from '../../../electron/app/app-protocol';

const root = mkdtempSync(join(tmpdir(), 'tw-proto-'));
mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, 'secret.txt'), 'do not serve');
const rendererDir = join(root, 'renderer');

describe('app:// protocol', () => {
  it('maps the app origin to files under the renderer folder', () => {
    expect(resolveAppAsset(rendererDir, 'app://teleworker/')).toBe(join(rendererDir, 'index.html'));
    expect(resolveAppAsset(rendererDir, 'app://teleworker/assets/app.js')).toBe(join(rendererDir, 'assets', 'app.js'));
  });

  it.each([
    'app://teleworker/../secret.txt',
    'app://teleworker/%2e%2e/secret.txt',
    'app://teleworker/assets/..%2f..%2fsecret.txt',
    'app://teleworker/assets%5c..%5c..%5csecret.txt',
    'app://teleworker/%00index.html',
    'app://teleworker/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(rendererDir, url)).toBeNull();
  });

  it('serves files with the CSP and nosniff headers, and 404s outside the folder', async () => {
    const handler = createAppProtocolHandler(rendererDir, "default-src 'none'");
    const ok = await handler(new Request('app://teleworker/assets/app.js'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/javascript');
    expect(ok.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toBe('console.log(1)');
    expect((await handler(new Request('app://teleworker/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://teleworker/missing.js'))).status).toBe(404);
  });
});
