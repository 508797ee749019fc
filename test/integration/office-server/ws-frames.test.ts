// Issue 9, item 1 (office half): a malformed WebSocket frame on /api/v1/events closes that socket
// only. The server runs as its own process, so a crash would show as an exit, not a test error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse, LoginResponse } from '../../../shared/office-api';
import {
  httpFrom,
  rawWebSocket,
  spawnOfficeServer,
  text,
  within,
  wsFrame,
  type ChildServer,
  type RawSocket,
} from './raw';

describe('office server: malformed WebSocket frames (raw TCP, server in its own process)', () => {
  let s: ChildServer;
  let token: string;
  let bystander: RawSocket;

  beforeAll(async () => {
    s = await spawnOfficeServer();
    const login = await httpFrom(s.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'budi', password: 'teleworker' },
    });
    token = LoginResponse.parse(login.body).accessToken;
    // a well-behaved client that must keep being served while others misbehave
    bystander = await rawWebSocket(s.port, { token });
    await bystander.waitForText((t) => t.startsWith('{"type":"ready"'));
  });
  afterAll(async () => {
    bystander?.socket.destroy();
    await s?.stop();
  });

  const attacks: [string, (authenticated: boolean) => Buffer, number][] = [
    // 14-byte header (2 + 8 length + 4 mask) announcing a 1 GiB text frame, with no payload following
    ['a header announcing a 1 GiB frame', () => wsFrame(0x1, Buffer.alloc(0), { announce: 1024 ** 3 }), 1009],
    ['an unmasked client frame', () => text('{"type":"ping"}', { mask: false }), 1002],
    ['a reserved opcode (0x3)', () => wsFrame(0x3, 'x'), 1002],
    ['a reserved control opcode (0xB)', () => wsFrame(0xb, 'x'), 1002],
    ['RSV bits without an extension', () => text('{"type":"ping"}', { rsv: 4 }), 1002],
    ['invalid UTF-8 in a text frame', () => text(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d])), 1007],
    ['a fragmented control frame', () => wsFrame(0x9, 'ping', { fin: false }), 1002],
    ['a control frame over 125 bytes', () => wsFrame(0x9, Buffer.alloc(200, 1)), 1002],
    ['a continuation frame with nothing to continue', () => wsFrame(0x0, 'x'), 1002],
    ['a frame over the 64 KiB limit', () => text(Buffer.alloc(70 * 1024, 0x61)), 1009],
  ];

  for (const [name, frame, code] of attacks) {
    for (const authenticated of [false, true]) {
      it(`${name} (${authenticated ? 'after' : 'before'} authenticating) closes that socket only`, async () => {
        const ws = await rawWebSocket(s.port, authenticated ? { token } : {});
        if (authenticated) await ws.waitForText((t) => t.startsWith('{"type":"ready"'));
        ws.send(frame(authenticated));
        // the server ends this connection promptly, with the protocol's close code
        expect(await within(ws.ended, 5000)).toBe(true);
        expect(ws.closeCode).toBe(code);
        expect(s.alive()).toBe(true);
        expect(HealthResponse.parse((await httpFrom(s.url, 'GET', '/healthz')).body).status).toBe('ok');
        // the bystander's socket is still open and answered
        const nonce = `n-${Math.random()}`;
        bystander.send(text(JSON.stringify({ type: 'ping', nonce })));
        expect(await bystander.waitForText((t) => t.includes(nonce))).toContain('"pong"');
      });
    }
  }

  it('a burst of malformed frames from many sockets at once leaves the process serving', async () => {
    const sockets = await Promise.all(Array.from({ length: 40 }, () => rawWebSocket(s.port)));
    sockets.forEach((ws, i) => ws.send((attacks[i % attacks.length] as (typeof attacks)[number])[1](false)));
    const ended = await Promise.all(sockets.map((ws) => within(ws.ended, 5000)));
    expect(ended.every(Boolean)).toBe(true);
    expect(s.alive()).toBe(true);
    expect((await httpFrom(s.url, 'GET', '/healthz')).status).toBe(200);
    expect(bystander.isEnded()).toBe(false);
  });
});
