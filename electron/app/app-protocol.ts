// The renderer is served from app://teleworker/, never from file://: one origin to check, and a
// handler that refuses to read anything outside the built renderer folder.
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { mimeTypeOf, resolveUnderRoot } from '../services/static-assets';
import { APP_HOST, APP_SCHEME } from './security';

export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Maps app://teleworker/<path> to a file under root, or null for anything that would leave it. */
export function resolveAppAsset(root: string, requestUrl: string): string | null {
  const prefix = `${APP_SCHEME}://${APP_HOST}/`;
  if (!requestUrl.startsWith(prefix) && requestUrl !== prefix.slice(0, -1)) return null;
  return resolveUnderRoot(root, requestUrl.slice(prefix.length - 1) || '/');
}

export function createAppProtocolHandler(root: string, csp: string) {
  return async (request: Request): Promise<Response> => {
    const file = resolveAppAsset(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': mimeTypeOf(file),
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string, csp: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root, csp));
}
