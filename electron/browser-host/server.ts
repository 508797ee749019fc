// The browser host: serves the built renderer over http://127.0.0.1 and implements
// window.teleworker over a WebSocket guarded by a per-run secret. It owns no logic: every call
// goes to the same core (dispatcher) the Electron main process uses.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { relative, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { contract, fail } from '../../shared/contract';
import { BRIDGE_PATH, ClientFrameSchema } from '../../shared/contract/bridge-protocol';
import type { ServerFrame } from '../../shared/contract/bridge-protocol';
import { createEmitter } from '../../shared/contract/dispatch';
import { buildCsp } from '../../shared/security/csp';
import type { Core } from '../services/core';
import type { Logger } from '../services/logger';
import {
  chooseEncoding,
  compress,
  isCompressible,
  isHashedAsset,
  mimeTypeOf,
  precompressedPath,
  resolveUnderRoot,
} from '../services/static-assets';
import type { ContentEncoding } from '../services/static-assets';

export interface BrowserHostOptions {
  core: Core;
  rendererDir: string;
  logger: Logger;
  port?: number;
  secret?: string;
}

export interface BrowserHost {
  /** The URL to open, secret included (in the fragment, so it never reaches a server log). */
  url: string;
  origin: string;
  secret: string;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 256 * 1024;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core, logger } = options;
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  let origin = '';
  let csp = '';

  // Hashed assets never change under their name: read (and compressed) once, kept in memory.
  const assets = new Map<string, Promise<Buffer>>();
  const cached = (key: string, load: () => Promise<Buffer>): Promise<Buffer> => {
    let entry = assets.get(key);
    if (!entry) {
      entry = load();
      assets.set(key, entry);
      entry.catch(() => assets.delete(key)); // a missing file is not remembered as missing
    }
    return entry;
  };
  const encoded = (file: string, encoding: ContentEncoding): Promise<Buffer> =>
    cached(`${file}\0${encoding}`, async () => {
      // The build's precompressed copy (electron.vite.config.ts), else compressed here once.
      try {
        return await readFile(precompressedPath(file, encoding));
      } catch {
        return compress(await cached(file, () => readFile(file)), encoding);
      }
    });

  // Every answer carries these, error pages included: a 404 is rendered by the browser like any
  // other page of this origin.
  const securityHeaders = (): Record<string, string> => ({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  const refuse = (req: IncomingMessage, res: ServerResponse, status: 404 | 405) => {
    const body = Buffer.from(status === 404 ? 'Not found\n' : 'Method not allowed\n');
    res.writeHead(status, {
      ...securityHeaders(),
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(body.length),
      ...(status === 405 ? { allow: 'GET, HEAD' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(req, res, 405);
      return;
    }
    const file = resolveUnderRoot(root, req.url ?? '/');
    if (!file) {
      refuse(req, res, 404);
      return;
    }
    const headers: Record<string, string> = { 'content-type': mimeTypeOf(file), ...securityHeaders() };
    try {
      let body: Buffer;
      if (isHashedAsset(relative(root, file))) {
        // Immutable: a new build has new names, and index.html (never cached) names them.
        headers['cache-control'] = 'public, max-age=31536000, immutable';
        const raw = await cached(file, () => readFile(file));
        body = raw;
        if (isCompressible(file)) {
          headers['vary'] = 'Accept-Encoding';
          const encoding = chooseEncoding(req.headers['accept-encoding']);
          const packed = encoding ? await encoded(file, encoding) : null;
          if (encoding && packed && packed.length < raw.length) {
            headers['content-encoding'] = encoding;
            body = packed;
          }
        }
      } else {
        headers['cache-control'] = 'no-store';
        body = await readFile(file);
      }
      headers['content-length'] = String(body.length);
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      refuse(req, res, 404);
    }
  };

  const server = createServer((req, res) => void serveFile(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const authorised = new Set<WebSocket>();

  // Node's default for a request it cannot parse (answer 400, 408 or 431 if nothing was written
  // yet, then destroy the socket) is right, and it survives a reset peer: no 'clientError' listener
  // here on purpose (malformed-frames.test.ts holds it to that).
  server.on('upgrade', (req, socket, head) => {
    // Node stops listening for this socket's errors when it hands it to us. Today nothing waits
    // between here and ws's own listener (or the refusal's destroy), but a check made asynchronous
    // later would open a gap in which a peer's reset is an unhandled 'error'; this closes it.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    // Only our own page may connect: other local pages cannot, even if they guessed the port.
    if (path !== BRIDGE_PATH || req.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  wss.on('connection', (ws) => {
    // ws reports a frame it cannot accept (bad opcode, unmasked, RSV bits, too long, invalid
    // UTF-8, a bad close code) as an 'error' on this socket, after it has sent the close frame with
    // the status code and ended the connection. Without a listener that event would end the whole
    // process: anyone with the page's Origin could stop the host (issue 9). One peer's bad frame is
    // that peer's problem; the others go on.
    ws.on('error', (error) => logger.warn(`bridge connection closed: ${error.message}`));
    const helloTimer = setTimeout(() => ws.close(4401, 'no hello'), 5_000);
    ws.on('close', () => {
      clearTimeout(helloTimer);
      authorised.delete(ws);
    });
    ws.on('message', (data) => {
      let frame;
      try {
        frame = ClientFrameSchema.safeParse(JSON.parse(data.toString()));
      } catch {
        frame = null;
      }
      if (!frame?.success) {
        send(ws, { type: 'refused', message: 'Malformed bridge frame.' });
        return;
      }
      const message = frame.data;
      if (message.type === 'hello') {
        clearTimeout(helloTimer);
        if (!sameSecret(message.secret, secret)) {
          send(ws, { type: 'refused', message: 'Wrong secret: open the URL the browser host printed.' });
          ws.close(4403, 'wrong secret');
          return;
        }
        authorised.add(ws);
        send(ws, { type: 'welcome' });
        return;
      }
      if (!authorised.has(ws)) {
        send(ws, { type: 'result', id: message.id, result: fail('forbidden', 'Say hello with the secret first.') });
        return;
      }
      void core.dispatcher
        .dispatch(message.channel, message.payload, { host: 'browser' })
        .then((result) => send(ws, { type: 'result', id: message.id, result }));
    });
  });

  const detach = core.attach(
    createEmitter(
      contract,
      (channel, payload) => {
        for (const ws of authorised) send(ws, { type: 'event', channel, payload });
      },
      (channel, error) => logger.warn(`dropped invalid event ${channel}: ${error.message}`),
    ),
  );

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  csp = buildCsp({ connectSrc: [`ws://127.0.0.1:${port}`] });

  return {
    url: `${origin}/#secret=${secret}`,
    origin,
    secret,
    async close() {
      detach();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
