// Serving the built renderer, for both hosts (the app:// protocol and the browser host's HTTP
// server): one resolver that never reads outside the renderer folder, one MIME table.
import { extname, resolve, sep } from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export const mimeTypeOf = (file: string): string => mimeTypes[extname(file)] ?? 'application/octet-stream';

// A URL parser quietly folds "/../" away; a request that tries it is refused outright instead.
const DOT_DOT = /(^|[/\\]|%2f|%5c)(\.|%2e){2}([/\\?#]|%2f|%5c|$)/i;

/**
 * Maps the raw path of a request ("/assets/app.js?x") to a file under root, or null for anything
 * that tries to leave it (.., encoded separators, NUL bytes, malformed escapes).
 */
export function resolveUnderRoot(root: string, rawPath: string): string | null {
  if (DOT_DOT.test(rawPath)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath.split(/[?#]/)[0] ?? '');
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.split(/[\\/]/).includes('..')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = resolve(root);
  const file = resolve(base, relative);
  return file.startsWith(base + sep) ? file : null;
}
