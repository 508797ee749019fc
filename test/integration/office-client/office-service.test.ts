// The office connection with every feature module's feed, against the real office server on
// loopback, with a real SQLite file.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/services/logger';
import { OfficeError, createOfficeHttp } from '../../../electron/services/office-client/http';
import { setPresence } from '../../../electron/services/presence/commands';
import { changeTicketStatus } from '../../../electron/services/tickets/commands';
import { openLocalStore } from '../../../electron/services/store/local-store';
import type { OfficeEvent } from '../../../shared/office-api';
import { LoginResponse } from '../../../shared/office-api';
import { manualConnectivity, memorySecrets, officeService, statusFixture, testCore } from '../../fixtures/core';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.cleanup());

const reachable = () => statusFixture({ status: 'office-via-vpn' });
const unreachable = () =>
  statusFixture({
    status: 'vpn-no-office',
    reason: { code: 'office-no-answer', params: { host: '127.0.0.1', port: 1, error: 'ECONNREFUSED' } },
  });

function makeService(options: { dir?: string; secrets?: ReturnType<typeof memorySecrets>; online?: boolean } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tw-office-'));
  const store = openLocalStore({ dir, logger: silentLogger });
  const connectivity = manualConnectivity(options.online === false ? unreachable() : reachable());
  const secrets = options.secrets ?? memorySecrets();
  const office = officeService({ db: store.db, secrets, connectivity, outbox: { notifyEveryMs: 5 } });
  const core = testCore(connectivity, office);
  core.start();
  return { office, store, connectivity, secrets, dir, close: () => (core.stop(), store.close()) };
}

const until = async (predicate: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function serverPresenceOf(username: string) {
  const token = (await server.api.login('siti')).accessToken;
  const me = (await server.api.login(username)).user;
  const list = (await server.api.get('/api/v1/presence', token)).body as {
    items: Array<{ userId: string; status: string }>;
  };
  return list.items.find((p) => p.userId === me.id)?.status;
}

describe('signing in', () => {
  it('keeps only the refresh token, in the secret store, and fills the cache', async () => {
    const s = makeService();
    const state = await s.office.signIn(server.url, 'budi', 'teleworker');
    expect(state).toMatchObject({ status: 'signed-in', user: { username: 'budi' } });
    expect([...s.secrets.map.keys()]).toEqual([`budi@${new URL(server.url).host}`]);
    await until(() => s.office.cache.list('ticket').length > 0);
    s.close();
  });

  it('opens signed in and reads its cache when the office is out of reach at start', async () => {
    const first = makeService();
    await first.office.signIn(server.url, 'dewi', 'teleworker');
    await until(
      () => first.office.cache.list('chat-message').length > 0 && first.office.cache.list('ticket').length > 0,
    );
    const tickets = first.office.cache.list<{ id: string }>('ticket').map((t) => t.id);
    // the presence module moves dewi's location to "home" on its own; let that land before closing
    await until(() => first.office.syncStatus().pending === 0);
    first.close();
    const offline = makeService({ dir: first.dir, secrets: first.secrets, online: false });
    await until(() => offline.office.session.current().status === 'signed-in');
    expect(offline.office.session.current()).toMatchObject({ status: 'signed-in', user: { username: 'dewi' } });
    expect(offline.office.cache.list<{ id: string }>('ticket').map((t) => t.id)).toEqual(tickets);
    expect(offline.office.cache.list('channel').length).toBeGreaterThan(0);
    const before = offline.office.syncStatus().pending;
    offline.office.enqueue(setPresence, {}, { status: 'away' });
    expect(offline.office.syncStatus().pending).toBe(before + 1);
    offline.close();
  });

  it('reports a wrong password with the server’s words', async () => {
    const s = makeService();
    const error = await s.office.signIn(server.url, 'budi', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeError);
    expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect((error as Error).message).not.toMatch(/at |\n/);
    expect(s.office.session.current().status).toBe('signed-out');
    s.close();
  });

  it('signs in again after a restart from the saved refresh token, and sign-out revokes it', async () => {
    const first = makeService();
    await first.office.signIn(server.url, 'ayu', 'teleworker');
    first.close();
    const second = makeService({ dir: first.dir, secrets: first.secrets });
    await until(() => second.office.session.current().status === 'signed-in');
    const refreshToken = [...first.secrets.map.values()][0]!;
    await second.office.signOut();
    expect(second.office.session.current()).toEqual({ status: 'signed-out', reason: null });
    expect(first.secrets.map.size).toBe(0);
    const reuse = await server.api.post('/api/v1/auth/refresh', undefined, { refreshToken });
    expect(reuse.status).toBe(401);
    second.close();
  });
});

describe('the live event stream', () => {
  it('a first sign-in starts from the office’s newest event instead of replaying its history; after a restart it resumes', async () => {
    // history the new computer must not replay event by event
    const ayu = await server.api.login('ayu');
    const channelId = `team:${ayu.user.teamId}`;
    for (let i = 0; i < 40; i++) {
      const r = await server.api.post('/api/v1/chat/messages', ayu.accessToken, {
        channelId,
        body: `old ${i}`,
        clientId: `old-history-${i}`,
      });
      expect(r.status).toBe(201);
    }
    const s = makeService();
    const seen: string[] = [];
    s.office.onEvent((e) => seen.push(e.type === 'chat.message' ? e.message.body : e.type));
    await s.office.signIn(server.url, 'rudi', 'teleworker');
    await until(() => s.office.syncStatus().stream === 'connected');
    // the cache has the recent history all the same, fetched over HTTP
    await until(() => s.office.cache.list<{ body: string }>('chat-message').some((m) => m.body === 'old 39'));
    expect(seen.filter((b) => b.startsWith('old '))).toEqual([]);
    // live from here on, and the position is kept
    await server.api.post('/api/v1/chat/messages', ayu.accessToken, {
      channelId,
      body: 'new after sign-in',
      clientId: 'new-after-sign-in',
    });
    await until(() => seen.includes('new after sign-in'));
    const position = Number(s.office.cache.getSetting('lastEventId'));
    expect(position).toBeGreaterThan(0);
    s.close();

    // while it is closed, one more; the restarted app replays just that one
    await server.api.post('/api/v1/chat/messages', ayu.accessToken, {
      channelId,
      body: 'while closed',
      clientId: 'while-closed',
    });
    const again = makeService({ dir: s.dir, secrets: s.secrets });
    const replayed: string[] = [];
    again.office.onEvent((e) => e.type === 'chat.message' && replayed.push(e.message.body));
    await until(() => replayed.includes('while closed'));
    expect(replayed.filter((b) => b.startsWith('old ') || b === 'new after sign-in')).toEqual([]);
    again.close();
  });
});

describe('the outbox against the real server', () => {
  it('queues a presence change while the office is out of reach and delivers it when it comes back', async () => {
    const s = makeService({ online: false });
    await s.office.signIn(server.url, 'dewi', 'teleworker');
    s.office.enqueue(setPresence, {}, { status: 'busy', statusText: 'on a call' });
    await new Promise((r) => setTimeout(r, 100));
    expect(s.office.syncStatus().pending).toBe(1);
    expect(await serverPresenceOf('dewi')).not.toBe('busy');
    s.connectivity.set(reachable());
    await until(() => s.office.syncStatus().pending === 0);
    expect(await serverPresenceOf('dewi')).toBe('busy');
    expect(s.office.syncStatus().lastSyncAt).not.toBeNull();
    s.close();
  });

  it('moves a change the server refuses to failed, with the server’s message', async () => {
    const s = makeService();
    await s.office.signIn(server.url, 'rudi', 'teleworker');
    s.office.enqueue(changeTicketStatus, { ticketId: 'no-such-ticket' }, { status: 'resolved' });
    await until(() => s.office.syncStatus().failed === 1);
    expect(s.office.outbox.list()[0]).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/not found|no such/i),
      lastErrorCode: 'not_found',
    });
    s.close();
  });
});

describe('live events', () => {
  it('receives events and, after a gap, replays what it missed', async () => {
    const s = makeService();
    await s.office.signIn(server.url, 'budi', 'teleworker');
    const seen: OfficeEvent[] = [];
    s.office.onEvent((e) => seen.push(e));
    await until(() => s.office.syncStatus().stream === 'connected');
    const ayu = await server.api.login('ayu');
    const channelId = `team:${ayu.user.teamId}`;
    const send = (body: string) =>
      server.api.post(
        '/api/v1/chat/messages',
        ayu.accessToken,
        { channelId, body, clientId: `c-${body.replace(/ /g, '-')}` },
        `k-${body.replace(/ /g, '-')}`,
      );
    expect((await send('live one')).status).toBe(201);
    await until(() => seen.some((e) => e.type === 'chat.message' && e.message.body === 'live one'));

    s.close(); // the app is closed (or the connection dropped) while colleagues keep talking
    await send('while away 1');
    await send('while away 2');
    const again = makeService({ dir: s.dir, secrets: s.secrets });
    const replayed: OfficeEvent[] = [];
    again.office.onEvent((e) => replayed.push(e));
    await until(() => replayed.filter((e) => e.type === 'chat.message').length >= 2);
    const bodies = replayed.flatMap((e) => (e.type === 'chat.message' ? [e.message.body] : []));
    expect(bodies).toEqual(['while away 1', 'while away 2']);
    again.close();
  });
});

describe('a session ended elsewhere', () => {
  it('signs the app out at once (the stream’s 4401 renews the token, the office refuses), not when the token would have expired', async () => {
    const s = makeService();
    await s.office.signIn(server.url, 'ayu', 'teleworker');
    await until(() => s.office.syncStatus().stream === 'connected');
    const refreshToken = [...s.secrets.map.values()][0]!;
    expect((await server.api.post('/api/v1/auth/logout', undefined, { refreshToken })).status).toBe(200);
    await until(() => s.office.session.current().status === 'signed-out', 10_000);
    expect(s.office.session.current()).toMatchObject({ status: 'signed-out', notice: 'session-expired' });
    s.close();
  });
});

describe('malformed answers', () => {
  it('become a clear error, not a crash or an undefined', async () => {
    const bad = createServer((req, res) => {
      if (req.url?.endsWith('/auth/login'))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accessToken": 42}');
      else res.writeHead(200).end('<html>captive portal</html>');
    });
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
    const http = createOfficeHttp({ baseUrl: url });
    const login = await http('POST', '/auth/login', { schema: LoginResponse, body: {}, auth: false }).catch(
      (e: unknown) => e,
    );
    expect(login).toMatchObject({ kind: 'malformed' });
    expect((login as Error).message).toMatch(/does not understand/);
    const html = await http('GET', '/me', { schema: LoginResponse, auth: false }).catch((e: unknown) => e);
    expect((html as Error).message).toMatch(/not JSON/);
    bad.close();
  });
});
