// Electron's security checklist in one place: every window and every webContents goes through here.
import { cleanHandOff } from '../../shared/domain/hand-off';
import { HAND_OFF_SCHEMES } from '../../shared/domain/policy';
import type { Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'teleworker';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** scheme://host[:port] of a URL, also for non-special schemes such as app:// whose URL.origin is "null". */
export function originOf(raw: string | undefined | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (!url.host) return null;
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

/**
 * Links leave the app only to https origins IT or we listed (compared by parsed origin, never by
 * prefix), or as a hand-off IT allowed by scheme (tel:, sip:, mailto: — the system's phone, softphone
 * or mail program opens them). Nothing else: no javascript:, file:, data: or custom schemes.
 */
export function isAllowedExternalUrl(
  raw: string,
  allowedOrigins: readonly string[],
  allowedSchemes: readonly string[] = [],
): boolean {
  return externalUrl(raw, allowedOrigins, allowedSchemes) !== null;
}

/**
 * The URL as it may leave the app, or null. A hand-off is rebuilt to its scheme's shape
 * (shared/domain/hand-off.ts: tel: digits, sip: user@host, mailto: addresses with subject and body
 * only), so the OS handler never receives parameters or text the link carried besides those.
 */
export function externalUrl(
  raw: string,
  allowedOrigins: readonly string[],
  allowedSchemes: readonly string[] = [],
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const scheme = url.protocol.slice(0, -1);
  if ((HAND_OFF_SCHEMES as readonly string[]).includes(scheme)) {
    // a hand-off: a short address with no control characters, only when IT listed its scheme
    if (
      !allowedSchemes.includes(scheme) ||
      raw.length > 2048 ||
      [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
    ) {
      return null;
    }
    return cleanHandOff(raw)?.url ?? null;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return allowedOrigins.includes(url.origin) ? url.href : null;
}

export function isTrustedOrigin(frameUrl: string | undefined | null, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(frameUrl);
  return origin !== null && trustedOrigins.includes(origin);
}

export interface HardenOptions {
  trustedOrigins: readonly string[];
  externalOrigins: readonly string[];
  /** hand-off schemes IT allowed (policy externalSchemes): tel, sip, mailto */
  externalSchemes?: readonly string[];
  openExternal: (url: string) => Promise<void> | void;
  warn: (message: string) => void;
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: HardenableContents, options: HardenOptions): void {
  const leave = (url: string, why: string) => {
    const allowed = externalUrl(url, options.externalOrigins, options.externalSchemes);
    if (allowed) {
      // Only https URLs whose parsed origin is on the allow-list, or hand-offs whose scheme IT allowed rebuilt to their shape, get here (externalUrl above).
      void options.openExternal(allowed); // eng-disable OPEN_EXTERNAL_JS_CHECK
    } else {
      options.warn(`blocked ${why} to ${url.slice(0, 200)}`);
    }
  };
  contents.on('will-navigate', (event, url) => {
    // The renderer is a single page: it never navigates, so any navigation is refused.
    event.preventDefault();
    leave(url, 'navigation');
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedOrigin(url, options.trustedOrigins)) {
      event.preventDefault();
      options.warn(`blocked redirect to ${url.slice(0, 200)}`);
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    leave(url, 'window.open');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.warn('blocked a <webview>');
  });
}

type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** Camera, microphone, notifications via the web API, geolocation…: nothing is granted to web content. */
export function hardenSession(session: HardenableSession, warn: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    warn(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
