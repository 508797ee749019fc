// Serving the built renderer, for both hosts (the app:// protocol and the browser host's HTTP
// server): one resolver that never reads outside the renderer folder, one MIME table; and for the
// browser host and the build, which assets are immutable and how they are compressed.
import { extname, resolve, sep } from 'node:path';
import { brotliCompress, brotliCompressSync, constants as zlibConstants, gzip, gzipSync } from 'node:zlib';

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

// Vite names every built asset `assets/<name>-<hash>.<ext>`: the name changes whenever the bytes
// do, so such a file can be cached for good. index.html, which names them, never is.
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css|svg|png|ico|woff2|json)$/;

/** true for a content-hashed build output (path relative to the renderer folder, `/` separators). */
export const isHashedAsset = (relativePath: string): boolean => HASHED_ASSET.test(relativePath.replace(/\\/g, '/'));

export type ContentEncoding = 'br' | 'gzip';

/** Where the build puts a precompressed copy of `file` (written by electron.vite.config.ts). */
export const precompressedPath = (file: string, encoding: ContentEncoding): string =>
  `${file}${encoding === 'br' ? '.br' : '.gz'}`;

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json']);
export const isCompressible = (file: string): boolean => COMPRESSIBLE.has(extname(file));

/**
 * The encoding to answer with for an Accept-Encoding header: brotli when the client takes it
 * (smaller), else gzip, else none. Honours `q=0` ("not this one") and `*`.
 */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [token, ...params] = part.trim().split(';');
    if (!token) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(token.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (name: string): boolean => (q.has(name) ? q.get(name)! > 0 : (q.get('*') ?? 0) > 0);
  if (accepts('br')) return 'br';
  if (accepts('gzip') || (q.get('x-gzip') ?? 0) > 0) return 'gzip';
  return null;
}

// Brotli at its best quality is slow (about 1 s per MB) but runs once per file: at build time, or
// once per file in the host's memory when a build left no precompressed copy.
const brotliOptions = (size: number) => ({
  params: {
    [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
    [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size,
    [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
  },
});

export function compressSync(bytes: Uint8Array, encoding: ContentEncoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(bytes, brotliOptions(bytes.length))
    : gzipSync(bytes, { level: zlibConstants.Z_BEST_COMPRESSION });
}

/** compressSync off the event loop (zlib's thread pool), for a server that must keep answering. */
export function compress(bytes: Uint8Array, encoding: ContentEncoding): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolvePromise(result));
    if (encoding === 'br') brotliCompress(bytes, brotliOptions(bytes.length), done);
    else gzip(bytes, { level: zlibConstants.Z_BEST_COMPRESSION }, done);
  });
}
