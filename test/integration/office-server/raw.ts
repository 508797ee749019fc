// Raw tools for attacking the office server the way a hostile peer would: the real CLI in its own
// process, hand-made WebSocket frames over node:net, and HTTP from a chosen local address.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFor, tempDir } from './helpers';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildServer {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** stderr and stdout after the listening line (pino JSON) */
  output(): string;
  /** true while the process runs */
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * `npm run office-server -- --demo` in its own process: a crash there is a crash, not a test error.
 * In the office-pg project it runs on its own database in the run's PostgreSQL (DATABASE_URL), as
 * the in-process servers of helpers.ts do.
 */
export async function spawnOfficeServer(
  opts: { config?: Record<string, unknown>; env?: Record<string, string> } = {},
): Promise<ChildServer> {
  const dataDir = tempDir();
  const engine = await databaseFor(dataDir);
  const databaseEnv: Record<string, string> = engine.database
    ? { DATABASE_URL: engine.database.url, DATABASE_MAX_CONNECTIONS: String(engine.database.maxConnections ?? 10) }
    : {};
  const args = ['--import', 'tsx', join(root, 'office-server/main.ts'), '--demo', '--port', '0', '--data-dir', dataDir];
  if (opts.config) {
    const file = join(dataDir, 'config.json');
    writeFileSync(file, JSON.stringify(opts.config));
    args.push('--config', file);
  }
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...databaseEnv, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the office server did not start within 30 s: ${out}`)), 30_000);
    void exit.then(() => reject(new Error(`the office server exited early: ${out}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /office-server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (!m?.[1] || !m[2]) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        port: Number(m[2]),
        dataDir,
        child,
        output: () => out,
        alive: () => !exited,
        async stop() {
          if (!exited) {
            child.kill('SIGTERM');
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exit;
            clearTimeout(force);
          }
        },
      });
    });
  });
}

// ---- WebSocket frames by hand ----

export interface FrameOptions {
  fin?: boolean;
  /** the RSV1-3 bits, 0-7 */
  rsv?: number;
  /** client frames must be masked; false sends an unmasked one */
  mask?: boolean;
  /** announce this payload length instead of the real one */
  announce?: number;
}

/** one WebSocket frame as a client would send it */
export function wsFrame(opcode: number, payload: Buffer | string, o: FrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const len = o.announce ?? data.length;
  const mask = o.mask ?? true;
  const head: number[] = [((o.fin ?? true) ? 0x80 : 0) | (((o.rsv ?? 0) & 7) << 4) | (opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data);
  for (let i = 0; i < masked.length; i++) masked[i] = (masked[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

export const text = (s: string | Buffer, o?: FrameOptions) => wsFrame(0x1, s, o);

export interface RawSocket {
  socket: net.Socket;
  /** the HTTP status line and headers the server answered the upgrade with */
  response: string;
  /** text frames received, in order */
  texts: string[];
  /** the close code the server sent (null: none yet / none at all) */
  closeCode: number | null;
  /** resolves when the TCP connection is gone */
  ended: Promise<void>;
  isEnded(): boolean;
  send(b: Buffer): void;
  waitForText(pred: (t: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** opens /api/v1/events over a raw TCP socket (optionally from another local address) */
export function rawWebSocket(
  port: number,
  opts: { token?: string; path?: string; localAddress?: string; extraHeaders?: string } = {},
): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: '127.0.0.1',
      port,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let ended = false;
    const waiters: { pred: (t: string) => boolean; resolve: (t: string) => void }[] = [];
    const raw: RawSocket = {
      socket,
      response: '',
      texts: [],
      closeCode: null,
      ended: new Promise((r) => socket.once('close', () => r())),
      isEnded: () => ended,
      send: (b) => {
        if (!socket.destroyed) socket.write(b);
      },
      // an eventually-bound, generous on purpose: how fast frames come is the benches' business
      waitForText(pred, timeoutMs = 15_000) {
        const seen = raw.texts.find(pred);
        if (seen) return Promise.resolve(seen);
        return new Promise((res, rej) => {
          const timer = setTimeout(
            () => rej(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(raw.texts)}`)),
            timeoutMs,
          );
          waiters.push({
            pred,
            resolve: (t) => {
              clearTimeout(timer);
              res(t);
            },
          });
        });
      },
    };
    socket.once('close', () => {
      ended = true;
      if (!upgraded) reject(new Error(`closed before the upgrade: ${buf.toString()}`));
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        raw.response = buf.subarray(0, end).toString();
        buf = buf.subarray(end + 4);
        upgraded = true;
        if (!raw.response.startsWith('HTTP/1.1 101')) {
          reject(new Error(`upgrade refused: ${raw.response}`));
          socket.destroy();
          return;
        }
        resolve(raw);
      }
      // server frames: unmasked, possibly several per chunk
      for (;;) {
        if (buf.length < 2) return;
        const b0 = buf[0] as number;
        const b1 = buf[1] as number;
        let len = b1 & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        const opcode = b0 & 0x0f;
        if (opcode === 0x1) {
          const t = payload.toString();
          raw.texts.push(t);
          for (let i = waiters.length - 1; i >= 0; i--) {
            const w = waiters[i];
            if (w?.pred(t)) {
              waiters.splice(i, 1);
              w.resolve(t);
            }
          }
        } else if (opcode === 0x8) {
          raw.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        }
      }
    });
    const key = randomBytes(16).toString('base64');
    const auth = opts.token ? `Authorization: Bearer ${opts.token}\r\n` : '';
    socket.write(
      `GET ${opts.path ?? '/api/v1/events'} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${auth}${opts.extraHeaders ?? ''}\r\n`,
    );
  });
}

/** resolves true when the promise settles within ms */
export function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// ---- HTTP from a chosen local address ----

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: unknown;
}

/** one HTTP request on a fresh connection from `localAddress` (127.0.0.x: another address on the same machine) */
export function httpFrom(
  url: string,
  method: string,
  path: string,
  opts: {
    localAddress?: string;
    body?: unknown;
    rawBody?: string;
    token?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<RawResponse> {
  const u = new URL(path, url);
  const payload = opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
  const headers: Record<string, string | number> = { connection: 'close', ...opts.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method,
        headers,
        agent: false,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const t = Buffer.concat(chunks).toString();
          let body: unknown;
          try {
            body = t ? JSON.parse(t) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: t, body });
        });
        res.on('error', reject);
      },
    );
    // a request that the server upgrades (101) is answered, and its socket let go
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, text: '', body: undefined });
    });
    req.setTimeout(opts.timeoutMs ?? 15_000, () =>
      req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 15_000} ms`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}
