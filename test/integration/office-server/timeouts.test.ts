// Issue 9, item 5: slow requests are cut off and one address cannot hold every connection.
// The server runs as its own process with short timeouts from its config file.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../../shared/office-api';
import { httpFrom, rawWebSocket, spawnOfficeServer, within, type ChildServer, type RawSocket } from './raw';

// idleMs far beyond every bound below: a connection closed within a bound was cut by the timeout under test
const TIMEOUTS = { headersMs: 2000, requestMs: 3000, keepAliveMs: 2000, idleMs: 60_000 };
/** Node checks the header and request deadlines once a second (connectionsCheckingInterval) */
const CHECK_MS = 1000;
/** a loaded, shared test machine: the bounds are generous (how fast the cut comes is not this test's business) */
const SLACK_MS = 3000;
const GENEROUS = 5;
const TRICKLERS = 1500;
const ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];

interface Trickler {
  socket: net.Socket;
  startedAt: number;
  closedAt: number | null;
  answer: string;
}

function trickle(port: number, localAddress: string, what: 'body' | 'headers'): Promise<Trickler> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const t: Trickler = { socket, startedAt: 0, closedAt: null, answer: '' };
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => (t.answer += d.toString()));
    socket.once('close', () => (t.closedAt = Date.now()));
    socket.once('connect', () => {
      t.startedAt = Date.now();
      if (what === 'body') {
        socket.write(
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
        );
      } else {
        socket.write('GET /healthz HTTP/1.1\r\n');
      }
      const timer = setInterval(() => {
        if (socket.destroyed) clearInterval(timer);
        else socket.write(what === 'body' ? ' ' : 'X-Slow: 1\r\n');
      }, 400);
      socket.once('close', () => clearInterval(timer));
      resolve(t);
    });
    socket.once('error', reject);
  });
}

describe('office server: request and connection timeouts (server in its own process)', () => {
  let s: ChildServer;
  beforeAll(async () => {
    s = await spawnOfficeServer({ config: { timeouts: TIMEOUTS, maxConnectionsPerAddress: 600 } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it(`cuts off ${TRICKLERS} connections trickling a body within the request timeout, and keeps serving`, async () => {
    const all: Trickler[] = [];
    for (let i = 0; i < TRICKLERS; i += 100) {
      all.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, (_, j) =>
            trickle(s.port, ADDRESSES[(i + j) % ADDRESSES.length] as string, 'body'),
          ),
        )),
      );
    }
    expect(all).toHaveLength(TRICKLERS);
    // while they trickle, others are served
    expect((await httpFrom(s.url, 'GET', '/healthz', { localAddress: '127.0.0.9' })).status).toBe(200);
    const deadline = TIMEOUTS.requestMs + CHECK_MS + SLACK_MS;
    await Promise.all(
      all.map((t) =>
        within(
          new Promise<void>((r) => (t.closedAt !== null ? r() : t.socket.once('close', () => r()))),
          GENEROUS * deadline,
        ),
      ),
    );
    const open = all.filter((t) => t.closedAt === null);
    expect(open.length, `${open.length} of ${TRICKLERS} still open after ${GENEROUS * deadline} ms`).toBe(0);
    const held = all.map((t) => (t.closedAt ?? Infinity) - t.startedAt);
    expect(Math.max(...held)).toBeLessThanOrEqual(GENEROUS * deadline);
    // not cut before the configured time either
    expect(Math.min(...held)).toBeGreaterThanOrEqual(TIMEOUTS.requestMs - 100);
    // answered 408 (or simply closed), nothing else: the request timeout cut them, not another rule
    expect(all.filter((t) => t.answer !== '' && !t.answer.startsWith('HTTP/1.1 408 '))).toHaveLength(0);
    expect(all.filter((t) => t.answer.startsWith('HTTP/1.1 408 ')).length).toBeGreaterThan(0);
    expect(s.alive()).toBe(true);
    expect((await httpFrom(s.url, 'GET', '/healthz')).status).toBe(200);
  }, 180_000);

  it('cuts off connections trickling their headers within the headers timeout', async () => {
    const all = await Promise.all(
      Array.from({ length: 200 }, (_, i) => trickle(s.port, ADDRESSES[i % ADDRESSES.length] as string, 'headers')),
    );
    const deadline = TIMEOUTS.headersMs + CHECK_MS + SLACK_MS;
    await Promise.all(
      all.map((t) =>
        within(
          new Promise<void>((r) => (t.closedAt !== null ? r() : t.socket.once('close', () => r()))),
          GENEROUS * deadline,
        ),
      ),
    );
    expect(all.filter((t) => t.closedAt === null)).toHaveLength(0);
    expect(Math.max(...all.map((t) => (t.closedAt as number) - t.startedAt))).toBeLessThanOrEqual(GENEROUS * deadline);
  }, 90_000);

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: s.port });
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const t0 = Date.now();
    expect(await within(closed, GENEROUS * (TIMEOUTS.keepAliveMs + SLACK_MS))).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect((await closed) - t0).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveMs - 200);
  }, 60_000);
});

describe('office server: concurrent connections per address (server in its own process)', () => {
  const CAP = 20;
  let s: ChildServer;
  let token: string;
  beforeAll(async () => {
    s = await spawnOfficeServer({ config: { maxConnectionsPerAddress: CAP } });
    token = LoginResponse.parse(
      (await httpFrom(s.url, 'POST', '/api/v1/auth/login', { body: { username: 'budi', password: 'teleworker' } }))
        .body,
    ).accessToken;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it(`refuses the connection over ${CAP} from one address, serves other addresses, and admits again when one closes`, async () => {
    const held: RawSocket[] = [];
    for (let i = 0; i < CAP; i++) {
      const ws = await rawWebSocket(s.port, { token, localAddress: '127.0.0.6' });
      await ws.waitForText((t) => t.startsWith('{"type":"ready"'));
      held.push(ws);
    }
    // one more from the same address is dropped before anything is read
    await expect(rawWebSocket(s.port, { token, localAddress: '127.0.0.6' })).rejects.toThrow(
      /closed before the upgrade/,
    );
    await expect(httpFrom(s.url, 'GET', '/healthz', { localAddress: '127.0.0.6' })).rejects.toThrow();
    // another address is served
    expect((await httpFrom(s.url, 'GET', '/healthz', { localAddress: '127.0.0.7' })).status).toBe(200);
    // the held sockets were not disturbed
    expect(held.every((ws) => !ws.isEnded())).toBe(true);
    // a freed slot is usable again
    const first = held.shift() as RawSocket;
    first.socket.destroy();
    await first.ended;
    await new Promise((r) => setTimeout(r, 100));
    expect((await httpFrom(s.url, 'GET', '/healthz', { localAddress: '127.0.0.6' })).status).toBe(200);
    expect(s.alive()).toBe(true);
    for (const ws of held) ws.socket.destroy();
    expect(s.output()).toMatch(/connection refused: too many from one address/);
  }, 30_000);
});
