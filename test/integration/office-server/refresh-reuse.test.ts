// Issue 9, item 4: refresh-token rotation with reuse detection (RFC 9700 §4.14.2). Presenting a
// refresh token that was already rotated ends the whole session family: its current refresh and
// access tokens and its sockets.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_CLOSE, ErrorBody, RefreshResponse, type LoginResponse } from '../../../shared/office-api';
import { EventClient, expectBody, startTestServer, type TestServer } from './helpers';
import { within } from './raw';

describe('office server: a replayed refresh token ends its session family', () => {
  let s: TestServer;
  const logs: Record<string, unknown>[] = [];
  const clients: EventClient[] = [];
  const refresh = (refreshToken: string) => s.api.post('/api/v1/auth/refresh', undefined, { refreshToken });
  const rotate = async (refreshToken: string): Promise<LoginResponse> =>
    expectBody(RefreshResponse, await refresh(refreshToken));

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    s = await startTestServer({ logger: { level: 'warn', stream } });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('the legitimate client rotated, the thief replays the old token: the family is ended everywhere', async () => {
    const first = await s.api.login('budi');
    const otherDevice = await s.api.login('budi');
    const second = await rotate(first.refreshToken);
    const ws = await EventClient.connect(s.url, { token: second.accessToken });
    clients.push(ws);
    await ws.waitFor((f) => f.type === 'ready');

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(ErrorBody.parse(replay.body).error.code).toBe('unauthorized');

    // every token of the family is dead, and its socket closed
    expect((await s.api.get('/api/v1/me', second.accessToken)).status).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect(await within(ws.closed, 1000)).toBe(true);
    expect(ws.closeCode).toBe(EVENTS_CLOSE.unauthorized);
    // another sign-in of the same user is a different family
    expect((await s.api.get('/api/v1/me', otherDevice.accessToken)).status).toBe(200);
    expect((await refresh(otherDevice.refreshToken)).status).toBe(200);
    expect(logs.some((l) => l.msg === 'refresh token reuse: session family ended' && l.level === 40)).toBe(true);
  });

  it('the thief rotated first: the legitimate client’s replay ends the thief’s tokens too', async () => {
    const victim = await s.api.login('ayu');
    const thief = await rotate(victim.refreshToken);
    const thiefWs = await EventClient.connect(s.url, { token: thief.accessToken });
    clients.push(thiefWs);
    await thiefWs.waitFor((f) => f.type === 'ready');

    expect((await refresh(victim.refreshToken)).status).toBe(401);
    expect((await s.api.get('/api/v1/me', thief.accessToken)).status).toBe(401);
    expect((await refresh(thief.refreshToken)).status).toBe(401);
    expect(await within(thiefWs.closed, 1000)).toBe(true);
  });

  it('remembers every rotated token of the family, not only the last one', async () => {
    const t1 = await s.api.login('rudi');
    const t2 = await rotate(t1.refreshToken);
    const t3 = await rotate(t2.refreshToken);
    const t4 = await rotate(t3.refreshToken);
    expect((await s.api.get('/api/v1/me', t4.accessToken)).status).toBe(200);
    expect((await refresh(t1.refreshToken)).status).toBe(401);
    expect((await s.api.get('/api/v1/me', t4.accessToken)).status).toBe(401);
    expect((await refresh(t4.refreshToken)).status).toBe(401);
  });

  it('an unknown refresh token is refused without ending anything', async () => {
    const dewi = await s.api.login('dewi');
    expect((await refresh('tw_rt_never-issued')).status).toBe(401);
    expect((await s.api.get('/api/v1/me', dewi.accessToken)).status).toBe(200);
    expect((await refresh(dewi.refreshToken)).status).toBe(200);
  });
});
