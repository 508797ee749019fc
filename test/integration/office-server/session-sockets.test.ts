// Issue 9, item 2: the event stream must not outlive sign-out, a revoked session or an expired
// access token. Real server on loopback, real sockets.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EVENTS_CLOSE,
  MessagesResponse,
  RefreshResponse,
  dmChannelId,
  type LoginResponse,
  type ServerFrame,
} from '../../../shared/office-api';
import { hashToken } from '../../../office-server/auth/tokens';
import { DATABASE_FILE } from '../../../office-server/server';
import { ENGINE, EventClient, expectBody, sleep, sqlOn, startTestServer, type TestServer } from './helpers';
import { within } from './raw';

const isDm = (body: string) => (f: ServerFrame) =>
  f.type === 'event' && f.event.type === 'chat.message' && f.event.message.body === body;

describe('office server: sockets end with their session', () => {
  let s: TestServer;
  const clients: EventClient[] = [];
  const connect = async (token: string) => {
    const c = await EventClient.connect(s.url, { token });
    clients.push(c);
    await c.waitFor((f) => f.type === 'ready');
    return c;
  };
  const dm = (from: LoginResponse, to: LoginResponse, body: string) =>
    s.api.post('/api/v1/chat/messages', from.accessToken, {
      channelId: dmChannelId(from.user.id, to.user.id),
      body,
      clientId: `dm-${body.replace(/\W/g, '-')}`,
    });

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('sign-out closes that session’s sockets at once (4401) and no direct message reaches them', async () => {
    const budi = await s.api.login('budi');
    const budiOtherDevice = await s.api.login('budi');
    const ayu = await s.api.login('ayu');
    const signedOut = await connect(budi.accessToken);
    const stillIn = await connect(budiOtherDevice.accessToken);

    expect((await s.api.post('/api/v1/auth/logout', budi.accessToken, {})).status).toBe(200);
    expect(await within(signedOut.closed, 1000)).toBe(true);
    expect(signedOut.closeCode).toBe(EVENTS_CLOSE.unauthorized);

    expect((await dm(ayu, budi, 'after sign-out')).status).toBe(201);
    await stillIn.waitFor(isDm('after sign-out'));
    expect(signedOut.frames.some(isDm('after sign-out'))).toBe(false);
    // the other device's session is untouched
    expect(stillIn.closeCode).toBeNull();
  });

  it('signing out with the refresh token closes the sockets too', async () => {
    const rudi = await s.api.login('rudi');
    const ws = await connect(rudi.accessToken);
    expect((await s.api.post('/api/v1/auth/logout', undefined, { refreshToken: rudi.refreshToken })).status).toBe(200);
    expect(await within(ws.closed, 1000)).toBe(true);
    expect(ws.closeCode).toBe(EVENTS_CLOSE.unauthorized);
  });

  it('a frame from a session revoked behind the server’s back (another process) is refused, and nothing is posted', async () => {
    const budi = await s.api.login('budi');
    const ayu = await s.api.login('ayu');
    const ws = await connect(budi.accessToken);
    // revoke the session in the database from another process (SQLite) or connection (PostgreSQL), as an admin tool or a second node would
    if (ENGINE === 'sqlite') {
      const script = `const db = require('better-sqlite3')(process.argv[1]); db.pragma('busy_timeout = 5000');
      process.stdout.write(String(db.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE access_hash = ?').run(Date.now(), process.argv[2]).changes));`;
      const { stdout } = await promisify(execFile)(process.execPath, [
        '-e',
        script,
        join(s.dataDir, DATABASE_FILE),
        hashToken(budi.accessToken),
      ]);
      expect(stdout).toBe('1');
    } else {
      const r = await sqlOn(s.dataDir, 'UPDATE auth_sessions SET revoked_at = ? WHERE access_hash = ?', [
        Date.now(),
        hashToken(budi.accessToken),
      ]);
      expect(r.changes).toBe(1);
    }
    ws.send({
      type: 'chat.send',
      channelId: dmChannelId(budi.user.id, ayu.user.id),
      body: 'sent after revocation',
      clientId: 'revoked-1',
    });
    const refused = await ws.waitFor((f) => f.type === 'error' || f.type === 'chat.ack');
    expect(refused.type).toBe('error');
    expect(refused.type === 'error' && refused.error.code).toBe('unauthorized');
    expect(await within(ws.closed, 1000)).toBe(true);
    expect(ws.closeCode).toBe(EVENTS_CLOSE.unauthorized);
    const history = expectBody(
      MessagesResponse,
      await s.api.get(
        `/api/v1/chat/channels/${encodeURIComponent(dmChannelId(budi.user.id, ayu.user.id))}/messages`,
        ayu.accessToken,
      ),
    );
    expect(history.items.some((m) => m.body === 'sent after revocation')).toBe(false);
  });
});

describe('office server: sockets end when their access token expires', () => {
  it('with the clock past expiry: no event is delivered, a chat frame is refused, the socket closes with 4401', async () => {
    let clock = Date.parse('2026-03-02T02:00:00.000Z');
    const s = await startTestServer({ now: () => clock });
    const clients: EventClient[] = [];
    try {
      const budi = await s.api.login('budi');
      const expiresAt = Date.parse(budi.accessTokenExpiresAt);
      const sender = await EventClient.connect(s.url, { token: budi.accessToken });
      const listener = await EventClient.connect(s.url, { token: budi.accessToken });
      clients.push(sender, listener);
      await sender.waitFor((f) => f.type === 'ready');
      await listener.waitFor((f) => f.type === 'ready');

      clock = expiresAt + 1000;
      // a colleague signing in now has a valid token and writes to budi
      const ayu = await s.api.login('ayu');
      const channelId = dmChannelId(budi.user.id, ayu.user.id);

      sender.send({ type: 'chat.send', channelId, body: 'sent with an expired token', clientId: 'expired-1' });
      const answer = await sender.waitFor((f) => f.type === 'error' || f.type === 'chat.ack');
      expect(answer.type === 'error' && answer.error.code).toBe('unauthorized');
      expect(await within(sender.closed, 1000)).toBe(true);
      expect(sender.closeCode).toBe(EVENTS_CLOSE.unauthorized);

      expect(
        (
          await s.api.post('/api/v1/chat/messages', ayu.accessToken, {
            channelId,
            body: 'for an expired socket',
            clientId: 'x1',
          })
        ).status,
      ).toBe(201);
      expect(await within(listener.closed, 1000)).toBe(true);
      expect(listener.closeCode).toBe(EVENTS_CLOSE.unauthorized);
      expect(listener.frames.some(isDm('for an expired socket'))).toBe(false);
      const history = expectBody(
        MessagesResponse,
        await s.api.get(`/api/v1/chat/channels/${encodeURIComponent(channelId)}/messages`, ayu.accessToken),
      );
      expect(history.items.some((m) => m.body === 'sent with an expired token')).toBe(false);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await s.cleanup();
    }
  });

  it('in real time: an idle socket is closed when its token expires, and a fresh token reconnects', async () => {
    const s = await startTestServer({ accessTokenTtlMs: 1500 });
    const clients: EventClient[] = [];
    try {
      const budi = await s.api.login('budi');
      const ws = await EventClient.connect(s.url, { token: budi.accessToken });
      clients.push(ws);
      await ws.waitFor((f) => f.type === 'ready');
      const t0 = Date.now();
      expect(await within(ws.closed, 20_000)).toBe(true);
      expect(ws.closeCode).toBe(EVENTS_CLOSE.unauthorized);
      // not before the token's time (the server's clock is this process's clock here)
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(budi.accessTokenExpiresAt) - 50);
      expect(Date.now() - t0).toBeLessThan(20_000);

      // what the desktop client does on 4401: renew the token and reconnect
      const renewed = expectBody(
        RefreshResponse,
        await s.api.post('/api/v1/auth/refresh', undefined, { refreshToken: budi.refreshToken }),
      );
      const again = await EventClient.connect(s.url, { token: renewed.accessToken });
      clients.push(again);
      expect((await again.waitFor((f) => f.type === 'ready')).type).toBe('ready');
      await sleep(100);
      expect(again.closeCode).toBeNull();
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await s.cleanup();
    }
  });
});
