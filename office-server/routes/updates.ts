// The desktop app's update feed: electron-updater's "generic" provider fetches
// <url>/latest.yml (latest-linux.yml, latest-mac.yml), then the installer and its .blockmap, with
// Range requests for differential downloads. IT drops those files into the updates folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../http/errors';

const TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.msi': 'application/x-msi',
  '.dmg': 'application/x-apple-diskimage',
  '.zip': 'application/zip',
  '.appimage': 'application/octet-stream',
  '.deb': 'application/vnd.debian.binary-package',
  '.rpm': 'application/x-rpm',
  '.blockmap': 'application/octet-stream',
  // detached ed25519 signatures (scripts/sign-update.mjs), checked by the app before it installs
  '.sig': 'text/plain; charset=utf-8',
};

// a plain file name: no separators, no leading dot, so nothing outside the folder is reachable
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ +-]{0,200}$/;

export function registerUpdates(app: FastifyInstance, dir: string): void {
  app.get<{ Params: { file: string } }>('/updates/:file', async (request, reply) => {
    const name = request.params.file;
    if (!SAFE_NAME.test(name) || name.includes('..')) {
      return reply.code(404).send(errorBody('not_found', 'no such update file'));
    }
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return reply.code(404).send(errorBody('not_found', 'no such update file'));
    const ext = name.slice(name.lastIndexOf('.')).toLowerCase();
    reply
      .header('content-type', TYPES[ext] ?? 'application/octet-stream')
      .header('accept-ranges', 'bytes')
      .header('last-modified', info.mtime.toUTCString())
      // latest.yml must never be cached stale; installers are immutable per version
      .header('cache-control', ext === '.yml' || ext === '.yaml' ? 'no-cache' : 'public, max-age=3600');

    const range = request.headers.range;
    const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
    if (range && m) {
      const size = info.size;
      let start = m[1] ? Number(m[1]) : NaN;
      let end = m[2] ? Number(m[2]) : size - 1;
      if (Number.isNaN(start)) {
        start = Math.max(0, size - end);
        end = size - 1;
      }
      end = Math.min(end, size - 1);
      if (start > end || start >= size) {
        return reply.code(416).header('content-range', `bytes */${size}`).send();
      }
      reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('content-length', end - start + 1);
      return reply.send(request.method === 'HEAD' ? '' : createReadStream(path, { start, end }));
    }
    reply.header('content-length', info.size);
    return reply.send(request.method === 'HEAD' ? '' : createReadStream(path));
  });
}
