// Tools for attacking the browser host the way any local process could: the real host in its own
// process (test/fixtures/browser-host-process.ts), WebSocket frames made by hand over node:net
// after a valid upgrade that carries the page's Origin, and a well-behaved client to check that
// the host still answers afterwards.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';
import { WebSocket } from 'ws';

const root = join(import.meta.dirname, '../../..');

export interface HostProcess {
  origin: string;
  port: number;
  secret: string;
  child: ChildProcess;
  /** true while the process runs */
  alive(): boolean;
  /** how it ended, with what it wrote: for a failing assertion's message */
  exitReport(): string;
  stop(): Promise<void>;
}

export function spawnBrowserHost(): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/browser-host-process.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    }),
  );
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser host did not start within 30 s:\n${out}`)), 30_000);
    void exited.then(() => reject(new Error(`the browser host ${exit} before listening:\n${out}`)));
    child.stdout.on('data', () => {
      const m = /^BROWSER-HOST (.+)$/m.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      const { origin, secret } = JSON.parse(m[1]) as { origin: string; secret: string };
      resolve({
        origin,
        secret,
        port: Number(new URL(origin).port),
        child,
        alive: () => exit === null,
        exitReport: () => `browser host ${exit ?? 'still running'}; output:\n${out.slice(-4000)}`,
        async stop() {
          if (exit !== null) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(force);
        },
      });
    });
  });
}

// ---- WebSocket frames by hand (RFC 6455 §5.2) ----

export interface FrameOptions {
  fin?: boolean;
  /** RSV1-3 as a number 0-7 */
  rsv?: number;
  /** client frames must be masked; false sends an unmasked one */
  masked?: boolean;
  /** announce this payload length instead of the real one */
  announce?: number;
}

export function frame(opcode: number, payload: Buffer | string = Buffer.alloc(0), o: FrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const length = o.announce ?? data.length;
  const masked = o.masked ?? true;
  const first = ((o.fin ?? true) ? 0x80 : 0) | (((o.rsv ?? 0) & 7) << 4) | (opcode & 0x0f);
  const maskBit = masked ? 0x80 : 0;
  let head: Buffer;
  if (length < 126) head = Buffer.from([first, maskBit | length]);
  else if (length < 0x10000) {
    head = Buffer.alloc(4);
    head.writeUInt8(first, 0);
    head.writeUInt8(maskBit | 126, 1);
    head.writeUInt16BE(length, 2);
  } else {
    head = Buffer.alloc(10);
    head.writeUInt8(first, 0);
    head.writeUInt8(maskBit | 127, 1);
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([head, data]);
  const key = randomBytes(4);
  const body = Buffer.from(data);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([head, key, body]);
}

export const textFrame = (text: string | Buffer, o?: FrameOptions) => frame(0x1, text, o);

export interface ServerFrameRaw {
  opcode: number;
  payload: Buffer;
}

export interface RawBridge {
  socket: net.Socket;
  /** frames the host sent, in order */
  frames: ServerFrameRaw[];
  /** the status code of the host's close frame, if it sent one */
  closeCode(): number | null;
  /** resolves when the TCP connection is gone */
  closed: Promise<void>;
  send(bytes: Buffer): void;
  /** the next text frame the predicate accepts, parsed as JSON */
  waitForJson(predicate: (f: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** A WebSocket on /bridge over raw TCP: a valid upgrade with the host's own Origin, no secret. */
export function openRawBridge(host: { port: number; origin: string }, origin = host.origin): Promise<RawBridge> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: host.port });
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const waiters = new Set<() => void>();
    const bridge: RawBridge = {
      socket,
      frames: [],
      closeCode: () => {
        const close = bridge.frames.find((f) => f.opcode === 0x8);
        return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
      },
      closed: new Promise((r) => socket.once('close', () => r())),
      send: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      async waitForJson(predicate, timeoutMs = 5_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          for (const f of bridge.frames) {
            if (f.opcode !== 0x1) continue;
            const parsed = JSON.parse(f.payload.toString('utf8')) as Record<string, unknown>;
            if (predicate(parsed)) return parsed;
          }
          const left = deadline - Date.now();
          if (left <= 0 || socket.destroyed)
            throw new Error(
              `no matching frame; got ${bridge.frames.map((f) => `${f.opcode}:${f.payload.toString()}`).join(' | ')}`,
            );
          await new Promise<void>((r) => {
            const done = () => (clearTimeout(t), waiters.delete(done), r());
            const t = setTimeout(done, left);
            waiters.add(done);
            void bridge.closed.then(done);
          });
        }
      },
    };
    socket.on('error', () => undefined); // the host may reset us; that is what some tests expect
    socket.once('close', () => {
      if (!upgraded) reject(new Error(`closed before the upgrade: ${buffer.toString()}`));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        resolve(bridge);
      }
      for (;;) {
        // Server frames are never masked.
        if (buffer.length < 2) break;
        let length = (buffer[1] as number) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) break;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) break;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) break;
        bridge.frames.push({ opcode: (buffer[0] as number) & 0x0f, payload: buffer.subarray(offset, offset + length) });
        buffer = buffer.subarray(offset + length);
      }
      waiters.forEach((w) => w());
    });
    socket.write(
      [
        'GET /bridge HTTP/1.1',
        `Host: 127.0.0.1:${host.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Origin: ${origin}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}

/** A raw bridge that has said hello with the right secret (so the host holds it as authorised). */
export async function openAuthorisedRawBridge(host: {
  port: number;
  origin: string;
  secret: string;
}): Promise<RawBridge> {
  const bridge = await openRawBridge(host);
  bridge.send(textFrame(JSON.stringify({ type: 'hello', secret: host.secret })));
  await bridge.waitForJson((f) => f.type === 'welcome');
  return bridge;
}

/** What a well-behaved page does: hello with the secret, then a call; resolves with the call's result. */
export async function freshClientPing(
  host: { origin: string; secret: string },
  message = 'still there?',
): Promise<unknown> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge`, { origin: host.origin });
  try {
    const frames: Array<Record<string, unknown>> = [];
    const arrived = new Set<() => void>();
    ws.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      arrived.forEach((a) => a());
    });
    const next = (predicate: (f: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer; got ${JSON.stringify(frames)}`)), 5_000);
        const look = () => {
          const found = frames.find(predicate);
          if (found) {
            clearTimeout(timer);
            arrived.delete(look);
            resolve(found);
          }
        };
        arrived.add(look);
        look();
      });
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    ws.send(JSON.stringify({ type: 'hello', secret: host.secret }));
    await next((f) => f.type === 'welcome');
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'tw:system:ping', payload: { message } }));
    return (await next((f) => f.type === 'result' && f.id === 1)).result;
  } finally {
    ws.terminate();
  }
}

/** GET / : the status and the page. */
export async function getIndex(origin: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${origin}/`);
  return { status: res.status, body: await res.text() };
}
