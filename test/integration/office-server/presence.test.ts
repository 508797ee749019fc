// A status set by hand survives whatever happens to the connection: the event stream closing and
// reopening, a renewed access token, the app signing in again, and the office restarting on the
// same data. Whether someone is online is `connected`, never written over the chosen status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse, PresenceListResponse, PresenceResponse } from '../../../shared/office-api';
import { ENGINE, EventClient, expectBody, startTestServer, type TestServer } from './helpers';

describe('office server: a hand-set status and the connection', () => {
  let s: TestServer;
  const clients: EventClient[] = [];
  const connect = async (server: TestServer, token: string) => {
    const c = await EventClient.connect(server.url, { token });
    clients.push(c);
    await c.waitFor((f) => f.type === 'ready');
    return c;
  };
  const budiAsSeenBy = async (server: TestServer, token: string, budiId: string) => {
    const list = expectBody(PresenceListResponse, await server.api.get('/api/v1/presence', token));
    const p = list.items.find((x) => x.userId === budiId);
    return { status: p?.status, connected: p?.connected };
  };
  /** waits until siti's stream has told budi's presence with this connected flag; returns its status */
  const toldToSiti = async (siti: EventClient, budiId: string, connected: boolean, after: number) => {
    const f = await siti.waitFor(
      (x) =>
        x.type === 'event' &&
        x.event.type === 'presence.changed' &&
        x.event.presence.userId === budiId &&
        x.event.presence.connected === connected &&
        siti.frames.indexOf(x) >= after,
    );
    return f.type === 'event' && f.event.type === 'presence.changed' ? f.event.presence.status : undefined;
  };

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await s.cleanup();
  });

  it('keeps do-not-disturb through a reconnect, a renewed token and a new sign-in', async () => {
    const siti = await s.api.login('siti');
    let budi = await s.api.login('budi');
    const sitiWs = await connect(s, siti.accessToken);
    let budiWs = await connect(s, budi.accessToken);
    await toldToSiti(sitiWs, budi.user.id, true, 0);
    const set = expectBody(PresenceResponse, await s.request('PUT', budi.accessToken, { status: 'do-not-disturb' }));
    expect(set.presence.status).toBe('do-not-disturb');

    // the stream drops: budi is not connected, and his status is still the one he chose
    let mark = sitiWs.frames.length;
    await budiWs.close();
    expect(await toldToSiti(sitiWs, budi.user.id, false, mark)).toBe('do-not-disturb');
    expect(await budiAsSeenBy(s, siti.accessToken, budi.user.id)).toEqual({
      status: 'do-not-disturb',
      connected: false,
    });

    // and reconnects
    mark = sitiWs.frames.length;
    budiWs = await connect(s, budi.accessToken);
    expect(await toldToSiti(sitiWs, budi.user.id, true, mark)).toBe('do-not-disturb');

    // the access token is renewed and the stream reconnects with the new one (old socket closed first)
    const renewed = await s.api.post('/api/v1/auth/refresh', undefined, { refreshToken: budi.refreshToken });
    budi = { ...budi, ...(renewed.body as { accessToken: string; refreshToken: string }) };
    expect(renewed.status).toBe(200);
    await budiWs.close();
    mark = sitiWs.frames.length;
    budiWs = await connect(s, budi.accessToken);
    expect(await toldToSiti(sitiWs, budi.user.id, true, mark)).toBe('do-not-disturb');

    // the app restarts and signs in again: a new session, the same chosen status
    await budiWs.close();
    const again = await s.api.login('budi');
    mark = sitiWs.frames.length;
    budiWs = await connect(s, again.accessToken);
    expect(await toldToSiti(sitiWs, budi.user.id, true, mark)).toBe('do-not-disturb');
    expect(await budiAsSeenBy(s, siti.accessToken, budi.user.id)).toEqual({
      status: 'do-not-disturb',
      connected: true,
    });
    await budiWs.close();
    await sitiWs.close();
  });

  it('keeps a busy status across a restart of the office', async () => {
    const ayu = await s.api.login('ayu');
    const ayuWs = await connect(s, ayu.accessToken);
    expectBody(PresenceResponse, await s.request('PUT', ayu.accessToken, { status: 'busy' }));
    await s.close();
    await ayuWs.closed;

    const restarted = await startTestServer({ dataDir: s.dataDir });
    try {
      const siti = await restarted.api.login('siti');
      // the restart changes nobody's status (a SQLite office also marks everyone not connected; a
      // PostgreSQL node leaves that to the node that held the socket: docs/office-server.md)
      const seen = await budiAsSeenBy(restarted, siti.accessToken, ayu.user.id);
      expect(seen.status).toBe('busy');
      if (ENGINE === 'sqlite') expect(seen.connected).toBe(false);
      const again = LoginResponse.parse(
        (
          await restarted.api.post('/api/v1/auth/refresh', undefined, {
            refreshToken: ayu.refreshToken,
          })
        ).body,
      );
      const sitiWs = await connect(restarted, siti.accessToken);
      await connect(restarted, again.accessToken);
      if (ENGINE === 'sqlite') expect(await toldToSiti(sitiWs, ayu.user.id, true, 0)).toBe('busy');
      expect(await budiAsSeenBy(restarted, siti.accessToken, ayu.user.id)).toEqual({ status: 'busy', connected: true });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await restarted.close();
    }
  });
});
