import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelsResponse,
  MessagesResponse,
  PostMessageResponse,
  PresenceListResponse,
  PresenceResponse,
  TicketResponse,
  dmChannelId,
  teamChannelId,
  type LoginResponse,
} from '../../../shared/office-api';
import { EventClient, createOtherTeam, expectBody, sleep, startTestServer, type TestServer } from './helpers';

describe('office server: live events, chat and presence', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;
  const clients: EventClient[] = [];
  const connect = async (token: string, opts: { since?: number; via?: 'protocol' | 'frame' | 'header' } = {}) => {
    const c = await EventClient.connect(s.url, { token, ...opts });
    clients.push(c);
    await c.waitFor((f) => f.type === 'ready');
    return c;
  };

  beforeAll(async () => {
    s = await startTestServer();
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    ayu = await s.api.login('ayu');
    other = await createOtherTeam(s.api);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await s.cleanup();
  });

  it('authenticates by subprotocol, header or first frame, and refuses a bad token', async () => {
    for (const via of ['protocol', 'header', 'frame'] as const) {
      const c = await connect(budi.accessToken, { via });
      const ready = await c.waitFor((f) => f.type === 'ready');
      expect(ready.type === 'ready' && ready.user.id).toBe(budi.user.id);
      if (via === 'protocol') expect(c.socket.protocol).toBe('teleworker.v1');
      await c.close();
    }
    const bad = await EventClient.connect(s.url, { token: 'tw_at_nope', via: 'frame' });
    expect(await bad.closed).toBe(4401);
    const silent = await EventClient.connect(s.url);
    silent.send({ type: 'ping' });
    const err = await silent.waitFor((f) => f.type === 'error');
    expect(err.type === 'error' && err.error.code).toBe('unauthorized');
    await silent.close();
  });

  it('fans presence out to the user’s team only', async () => {
    const [sitiWs, ayuWs, otherWs] = await Promise.all([
      connect(siti.accessToken),
      connect(ayu.accessToken),
      connect(other.manager.accessToken),
    ]);
    const set = expectBody(
      PresenceResponse,
      await s.request('PUT', budi.accessToken, { status: 'busy', location: 'home', statusText: 'On a P1 call' }),
    );
    expect(set.presence).toMatchObject({ status: 'busy', location: 'home', statusText: 'On a P1 call' });
    const isBudiBusy = (f: { type: string }) =>
      f.type === 'event' &&
      'event' in f &&
      (f as { event: { type: string; presence?: { userId: string; status: string } } }).event.presence?.userId ===
        budi.user.id &&
      (f as { event: { presence?: { status: string } } }).event.presence?.status === 'busy';
    await sitiWs.waitFor(isBudiBusy);
    await ayuWs.waitFor(isBudiBusy);
    await sleep(150);
    expect(otherWs.frames.some(isBudiBusy)).toBe(false);
    expect(
      otherWs.events().some((e) => e.event.type === 'presence.changed' && e.event.presence.userId === budi.user.id),
    ).toBe(false);

    const list = expectBody(PresenceListResponse, await s.api.get('/api/v1/presence', siti.accessToken));
    expect(list.items.find((p) => p.userId === budi.user.id)?.statusText).toBe('On a P1 call');
    expect(list.items.some((p) => p.userId === other.manager.user.id)).toBe(false);

    // connecting shows them connected; leaving shows them not connected, with the status they chose kept
    const budiWs = await connect(budi.accessToken);
    await sitiWs.waitFor(
      (f) =>
        f.type === 'event' &&
        f.event.type === 'presence.changed' &&
        f.event.presence.userId === budi.user.id &&
        f.event.presence.connected,
    );
    await budiWs.close();
    await sitiWs.waitFor(
      (f) =>
        f.type === 'event' &&
        f.event.type === 'presence.changed' &&
        f.event.presence.userId === budi.user.id &&
        !f.event.presence.connected &&
        f.event.presence.status === 'busy',
    );
  });

  it('delivers chat to channel members only and never duplicates a resend', async () => {
    const channels = expectBody(ChannelsResponse, await s.api.get('/api/v1/chat/channels', budi.accessToken));
    const team = teamChannelId(budi.user.teamId ?? '');
    expect(channels.items.map((c) => c.id)).toEqual(
      expect.arrayContaining([team, dmChannelId(budi.user.id, ayu.user.id)]),
    );

    const [ayuWs, otherWs] = await Promise.all([connect(ayu.accessToken), connect(other.worker.accessToken)]);
    const msg = { channelId: team, body: 'Kemang branch is back online', clientId: 'budi-msg-1' };
    const first = expectBody(
      PostMessageResponse,
      await s.api.post('/api/v1/chat/messages', budi.accessToken, msg),
      201,
    );
    expect(first.created).toBe(true);
    const again = expectBody(
      PostMessageResponse,
      await s.api.post('/api/v1/chat/messages', budi.accessToken, msg),
      200,
    );
    expect(again.created).toBe(false);
    expect(again.message.id).toBe(first.message.id);
    await ayuWs.waitFor(
      (f) => f.type === 'event' && f.event.type === 'chat.message' && f.event.message.id === first.message.id,
    );
    await sleep(100);
    expect(
      ayuWs.events().filter((e) => e.event.type === 'chat.message' && e.event.message.clientId === 'budi-msg-1'),
    ).toHaveLength(1);
    expect(otherWs.events().some((e) => e.event.type === 'chat.message')).toBe(false);

    // another team's channel and a DM with a stranger do not exist for budi
    expect(
      (
        await s.api.post('/api/v1/chat/messages', budi.accessToken, {
          ...msg,
          clientId: 'x',
          channelId: teamChannelId(other.teamId),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await s.api.post('/api/v1/chat/messages', budi.accessToken, {
          ...msg,
          clientId: 'y',
          channelId: dmChannelId(budi.user.id, other.worker.user.id),
        })
      ).status,
    ).toBe(404);
    expect(
      (await s.api.get(`/api/v1/chat/channels/${encodeURIComponent(team)}/messages`, other.worker.accessToken)).status,
    ).toBe(404);

    const history = expectBody(
      MessagesResponse,
      await s.api.get(`/api/v1/chat/channels/${encodeURIComponent(team)}/messages?limit=2`, ayu.accessToken),
    );
    expect(history.items[0]?.id).toBe(first.message.id);
    expect(history.next).not.toBeNull();
    const older = expectBody(
      MessagesResponse,
      await s.api.get(
        `/api/v1/chat/channels/${encodeURIComponent(team)}/messages?limit=50&cursor=${history.next ?? ''}`,
        ayu.accessToken,
      ),
    );
    expect(older.items.length).toBeGreaterThan(0);
    expect(older.items.some((m) => history.items.some((h) => h.id === m.id))).toBe(false);

    // over the socket: ack, and the same clientId again is not a second message
    const budiWs = await connect(budi.accessToken);
    const dm = dmChannelId(budi.user.id, ayu.user.id);
    budiWs.send({ type: 'chat.send', channelId: dm, body: 'lunch?', clientId: 'budi-ws-1' });
    budiWs.send({ type: 'chat.send', channelId: dm, body: 'lunch?', clientId: 'budi-ws-1' });
    await budiWs.waitFor((f) => f.type === 'chat.ack' && !f.created);
    const acks = budiWs.frames.filter((f) => f.type === 'chat.ack');
    expect(acks.map((a) => a.type === 'chat.ack' && a.created)).toEqual([true, false]);
    budiWs.send({ type: 'chat.send', channelId: teamChannelId(other.teamId), body: 'hi', clientId: 'budi-ws-2' });
    const refused = await budiWs.waitFor((f) => f.type === 'error' && f.clientId === 'budi-ws-2');
    expect(refused.type === 'error' && refused.error.code).toBe('not_found');
    budiWs.send({ type: 'chat.send', body: 'no channel' });
    const invalid = await budiWs.waitFor((f) => f.type === 'error' && f.error.code === 'validation_failed');
    expect(invalid).toBeDefined();
    budiWs.socket.send('not json');
    expect(await budiWs.waitFor((f) => f.type === 'error' && f.error.code === 'invalid_json')).toBeDefined();
  });

  it('pushes ticket assignments and new summaries to exactly the users allowed to see them', async () => {
    const [budiWs, ayuWs, sitiWs, otherWs] = await Promise.all([
      connect(budi.accessToken),
      connect(ayu.accessToken),
      connect(siti.accessToken),
      connect(other.manager.accessToken),
    ]);
    const t = expectBody(
      TicketResponse,
      await s.api.post('/api/v1/tickets', siti.accessToken, {
        title: 'Teller PC',
        requester: 'Branch',
        priority: 'P2',
        assigneeId: budi.user.id,
      }),
      201,
    ).ticket;
    await budiWs.waitFor((f) => f.type === 'event' && f.event.type === 'ticket.assigned' && f.event.ticket.id === t.id);
    await sitiWs.waitFor((f) => f.type === 'event' && f.event.type === 'ticket.updated' && f.event.ticket.id === t.id);
    await s.api.post(`/api/v1/tickets/${t.id}/assign`, siti.accessToken, { assigneeId: ayu.user.id });
    await ayuWs.waitFor((f) => f.type === 'event' && f.event.type === 'ticket.assigned' && f.event.ticket.id === t.id);
    await budiWs.waitFor(
      (f) => f.type === 'event' && f.event.type === 'ticket.unassigned' && f.event.ticketId === t.id,
    );

    const summary = await s.api.post(
      '/api/v1/summaries',
      budi.accessToken,
      {
        date: '2025-05-05',
        workedMinutes: 400,
        breakMinutes: 30,
        segments: [],
        tickets: [],
        slaBreaches: [],
        notes: '',
      },
      'sum-2025-05-05',
    );
    expect(summary.status).toBe(201);
    await sitiWs.waitFor(
      (f) => f.type === 'event' && f.event.type === 'summary.created' && f.event.summary.userId === budi.user.id,
    );
    await sleep(150);
    expect(ayuWs.events().some((e) => e.event.type === 'summary.created')).toBe(false);
    expect(otherWs.events().some((e) => e.event.type.startsWith('ticket.') || e.event.type === 'summary.created')).toBe(
      false,
    );
  });

  it('replays missed events after ?since= and the resume frame, with increasing ids', async () => {
    const first = await connect(ayu.accessToken);
    const ready = await first.waitFor((f) => f.type === 'ready');
    const since = ready.type === 'ready' ? ready.lastEventId : -1;
    await first.close();

    const team = teamChannelId(ayu.user.teamId ?? '');
    for (let i = 0; i < 3; i++) {
      await s.api.post('/api/v1/chat/messages', budi.accessToken, {
        channelId: team,
        body: `missed ${i}`,
        clientId: `missed-${i}`,
      });
    }
    const resumed = await connect(ayu.accessToken, { since });
    const done = await resumed.waitFor((f) => f.type === 'resumed');
    const replayed = resumed.events().filter((e) => e.event.type === 'chat.message');
    expect(replayed.map((e) => (e.event.type === 'chat.message' ? e.event.message.body : ''))).toEqual([
      'missed 0',
      'missed 1',
      'missed 2',
    ]);
    expect(done.type === 'resumed' && done.replayed).toBeGreaterThanOrEqual(3);
    const ids = resumed.events().map((e) => e.id);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))).toBe(true);
    expect(ids[0]).toBeGreaterThan(since);

    // live events follow the replay; a resume frame replays again from any point
    await s.api.post('/api/v1/chat/messages', budi.accessToken, { channelId: team, body: 'live', clientId: 'live-1' });
    await resumed.waitFor(
      (f) => f.type === 'event' && f.event.type === 'chat.message' && f.event.message.body === 'live',
    );
    const before = resumed.frames.length;
    resumed.send({ type: 'resume', since });
    await resumed.waitFor((f) => f.type === 'resumed' && resumed.frames.indexOf(f) >= before);
    const again = resumed.frames.slice(before).filter((f) => f.type === 'event' && f.event.type === 'chat.message');
    expect(again).toHaveLength(4);

    // an id from the future (a reset server) asks the client to resync
    const future = await connect(ayu.accessToken, { since: 10_000_000 });
    expect(await future.waitFor((f) => f.type === 'resync')).toBeDefined();
  });
});
