import { describe, expect, it, vi } from 'vitest';
import {
  APP_ORIGIN,
  hardenSession,
  hardenWebContents,
  externalUrl,
  isAllowedExternalUrl,
  isTrustedOrigin,
  originOf,
  secureWebPreferences,
} from '../../../electron/app/security';
import { buildCsp } from '../../../shared/security/csp';
import { FakeWebContents, createFakeElectron, fire } from '../../fixtures/fake-electron';

describe('secure web preferences', () => {
  it('turns on isolation and sandbox and turns off node and webviews', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('external links', () => {
  const allowed = ['https://intranet.bank.example'];
  it.each([
    ['https://intranet.bank.example/tickets/1', true],
    ['https://intranet.bank.example:443/x', true],
    ['https://intranet.bank.example.evil.test/x', false], // a prefix check would let this through
    ['https://intranet.bank.example@evil.test/', false],
    ['http://intranet.bank.example/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(expected);
  });

  it('lets hand-offs (tel:, sip:, mailto:) out only when IT listed their scheme, and never other schemes', () => {
    const https = ['https://intranet.bank.example'];
    expect(isAllowedExternalUrl('tel:+622155501', https)).toBe(false);
    expect(isAllowedExternalUrl('tel:+622155501', https, ['tel'])).toBe(true);
    expect(isAllowedExternalUrl('sip:budi@pbx.example.com', https, ['tel'])).toBe(false);
    expect(isAllowedExternalUrl('sip:budi@pbx.example.com', https, ['sip'])).toBe(true);
    expect(isAllowedExternalUrl('mailto:budi@example.com', https, ['mailto'])).toBe(true);
    expect(isAllowedExternalUrl(`mailto:${'a'.repeat(3000)}@example.com`, https, ['mailto'])).toBe(false);
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
      'ms-settings:',
      'smb://host/share',
    ]) {
      expect(isAllowedExternalUrl(url, https, ['tel', 'sip', 'mailto', 'javascript', 'file', 'data'])).toBe(false);
    }
  });

  it('hands each scheme over only in its own shape: sip: user@host, mailto: subject and body only', () => {
    const all = ['tel', 'sip', 'mailto'];
    expect(externalUrl('sip:budi@pbx.example.com', [], all)).toBe('sip:budi@pbx.example.com');
    expect(externalUrl('sip:budi@pbx.example.com:5061', [], all)).toBe('sip:budi@pbx.example.com:5061');
    for (const bad of [
      'sip:"budi" <sip:budi@pbx.example.com>',
      'sip:budi@pbx.example.com;transport=tcp',
      'sip:budi@pbx.example.com?subject=x',
      'sip:budi%20x@pbx.example.com',
      'sip:pbx.example.com',
      'sip:a@b@c.example',
      'sip:budi@pbx.example.com:99999',
    ]) {
      expect(externalUrl(bad, [], all), bad).toBeNull();
    }
    expect(
      externalUrl('mailto:budi@example.com?subject=Hai%20tim&body=Baris%0Adua&attach=C:%5Cx&bcc=a@b.example', [], all),
    ).toBe('mailto:budi@example.com?subject=Hai%20tim&body=Baris%0Adua');
    expect(externalUrl('mailto:budi@example.com?cc=boss@example.com&BCC=x@example.com', [], all)).toBe(
      'mailto:budi@example.com',
    );
    expect(externalUrl('mailto:?bcc=x@example.com', [], all)).toBeNull();
    expect(externalUrl('mailto:%ZZ@example.com', [], all)).toBeNull();
    expect(externalUrl('tel:+62 21 555-01', [], all)).toBe('tel:+622155501');
  });

  it('opens the cleaned hand-off, not the link as the page wrote it', () => {
    const contents = new FakeWebContents();
    const openExternal = vi.fn();
    hardenWebContents(contents as never, {
      trustedOrigins: [APP_ORIGIN],
      externalOrigins: [],
      externalSchemes: ['mailto', 'sip'],
      openExternal,
      warn: () => undefined,
    });
    contents.windowOpenHandler!({ url: 'mailto:budi@example.com?body=hi&attach=%2Fetc%2Fshadow' });
    contents.windowOpenHandler!({ url: 'sip:budi@pbx.example.com;lr?x=1' });
    expect(openExternal.mock.calls).toEqual([['mailto:budi@example.com?body=hi']]);
  });

  it('reads the origin of app:// URLs, whose URL.origin is "null"', () => {
    expect(originOf('app://teleworker/index.html')).toBe(APP_ORIGIN);
    expect(isTrustedOrigin('app://teleworker/x', [APP_ORIGIN])).toBe(true);
    expect(isTrustedOrigin('app://teleworker.evil/x', [APP_ORIGIN])).toBe(false);
    expect(isTrustedOrigin(undefined, [APP_ORIGIN])).toBe(false);
  });
});

describe('hardened web contents', () => {
  const setup = () => {
    const contents = new FakeWebContents();
    const openExternal = vi.fn();
    const warn = vi.fn();
    hardenWebContents(contents as never, {
      trustedOrigins: [APP_ORIGIN],
      externalOrigins: ['https://intranet.bank.example'],
      openExternal,
      warn,
    });
    return { contents, openExternal, warn };
  };

  it('refuses every navigation and opens only allow-listed links outside', () => {
    const { contents, openExternal, warn } = setup();
    expect(fire(contents, 'will-navigate', 'https://evil.test/').defaultPrevented).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('blocked navigation'));
    expect(fire(contents, 'will-navigate', 'https://intranet.bank.example/kb').defaultPrevented).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://intranet.bank.example/kb');
  });

  it('denies window.open, opening allowed links in the browser instead', () => {
    const { contents, openExternal } = setup();
    expect(contents.windowOpenHandler!({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://intranet.bank.example/a' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://intranet.bank.example/a']]);
  });

  it('refuses webviews and redirects away from the app', () => {
    const { contents } = setup();
    expect(fire(contents, 'will-attach-webview', {}, {}).defaultPrevented).toBe(true);
    expect(fire(contents, 'will-redirect', 'https://evil.test/').defaultPrevented).toBe(true);
    expect(fire(contents, 'will-redirect', 'app://teleworker/index.html').defaultPrevented).toBe(false);
  });
});

describe('permissions', () => {
  it('denies every permission request and check by default', () => {
    const { session } = createFakeElectron();
    const warn = vi.fn();
    hardenSession(session.defaultSession as never, warn);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      session.defaultSession.requestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(session.defaultSession.checkHandler!({}, 'media')).toBe(false);
    expect(warn).toHaveBeenCalledWith('denied permission request: media');
  });
});

describe('content security policy', () => {
  it('allows no inline or eval script and no objects', () => {
    const csp = buildCsp({ connectSrc: ['ws://127.0.0.1:1234'] });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:1234");
  });
});

describe('the CSP in index.html', () => {
  it('is the one both hosts send as a header (minus what a <meta> cannot carry)', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(buildCsp({ meta: true }));
    expect(meta).not.toContain('frame-ancestors');
  });
});
