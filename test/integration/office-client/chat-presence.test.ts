// The chat and presence modules through the app's core, against the real office server on
// loopback with real SQLite files: conversations, paging, unread counts and read markers, queued
// messages (offline, failed, retried, discarded), notifications, and my presence changing by itself
// (idle, lock, connection) but never over a change by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatLine } from '../../../shared/contract/chat';
import { postChatMessage } from '../../../electron/services/chat/commands';
import { statusFixture } from '../../fixtures/core';
import { ctx, officeApp, reachable, unreachable, until } from '../../fixtures/office-app';
import type { OfficeApp } from '../../fixtures/office-app';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.cleanup());

type App = OfficeApp;
const app = (username: string) => officeApp(server.url, username);
let budi: App;
let ayu: App;
beforeAll(async () => {
  budi = await app('budi');
  ayu = await app('ayu');
});
afterAll(() => {
  budi?.close();
  ayu?.close();
});

const dm = (a: App, _label = '') =>
  a.h.chat.conversations(undefined, ctx) as {
    items: Array<{ id: string; kind: string; name: string; unread: number }>;
  };
const dmId = (a: App, otherName: string) =>
  dm(a, otherName).items.find((c) => c.kind === 'dm' && c.name === otherName)!.id;

describe('chat', () => {
  it('lists the team channel and one direct conversation per colleague, history counting as read', () => {
    const list = dm(budi, '').items;
    expect(list.filter((c) => c.kind === 'team')).toHaveLength(1);
    expect(list.filter((c) => c.kind === 'dm').map((c) => c.name)).toContain('Ayu Lestari');
    expect(list.every((c) => c.unread === 0)).toBe(true);
  });

  it('a direct message: pending at the sender, then sent; unread and notified at the receiver; read clears it', async () => {
    const channelId = dmId(budi, 'Ayu Lestari');
    const line = budi.h.chat.send({ channelId, body: 'Hello @ayu, see INC-1042' }, ctx) as ChatLine;
    expect(line).toMatchObject({ state: 'pending', senderId: budi.office.me()!.id, outboxId: expect.any(String) });
    await until(() => dm(ayu, 'Budi Santoso').items.find((c) => c.id === channelId)!.unread === 1);
    expect(ayu.events.some(([ch, p]) => ch === 'chat.message' && (p as ChatLine).clientId === line.clientId)).toBe(
      true,
    );
    expect(ayu.shown).toContainEqual({
      title: 'Budi Santoso',
      body: 'Hello @ayu, see INC-1042',
      target: { section: 'chat', item: channelId },
    });
    await until(() => (budi.h.chat.pending(undefined, ctx) as { items: ChatLine[] }).items.length === 0);
    const page = (await ayu.h.chat.messages({ channelId }, ctx)) as { items: ChatLine[]; lastReadKey: string | null };
    expect(page.items.filter((l) => l.clientId === line.clientId)).toHaveLength(1);
    expect(page.lastReadKey! < page.items.at(-1)!.key).toBe(true);
    ayu.h.chat.markRead({ channelId }, ctx);
    expect(dm(ayu, 'Budi Santoso').items.find((c) => c.id === channelId)!.unread).toBe(0);
  });

  it('the conversation I am reading does not notify; another one, or the same once I look away, does', async () => {
    const channelId = dmId(budi, 'Ayu Lestari');
    ayu.h.chat.viewing({ channelId }, ctx);
    const before = ayu.shown.length;
    budi.h.chat.send({ channelId, body: 'you are reading this one' }, ctx);
    await until(() =>
      ayu.events.some(([ch, p]) => ch === 'chat.message' && (p as ChatLine).body === 'you are reading this one'),
    );
    expect(ayu.shown.length).toBe(before);
    // a mention in the team channel while reading the direct conversation still notifies
    const team = dm(ayu).items.find((c) => c.kind === 'team')!.id;
    budi.h.chat.send({ channelId: team, body: '@ayu the team needs you' }, ctx);
    await until(() => ayu.shown.some((n) => n.body === '@ayu the team needs you'));
    ayu.h.chat.viewing({ channelId: null }, ctx);
    budi.h.chat.send({ channelId, body: 'now you looked away' }, ctx);
    await until(() => ayu.shown.some((n) => n.body === 'now you looked away'));
    expect(ayu.shown.filter((n) => n.body === 'you are reading this one')).toEqual([]);
  });

  it('while the screen is locked a notification says only "New message"; do-not-disturb silences it', async () => {
    const channelId = dmId(budi, 'Ayu Lestari');
    ayu.idle.lock(true);
    const before = ayu.shown.length;
    budi.h.chat.send({ channelId, body: 'secret ticket details' }, ctx);
    await until(() => ayu.shown.length > before);
    expect(ayu.shown.at(-1)).toEqual({ title: 'New message', body: '', target: { section: 'chat', item: channelId } });
    ayu.idle.lock(false);
    await until(() => (ayu.h.presence.getMine(undefined, ctx) as { status: string }).status !== 'away');
    ayu.h.presence.setMine({ status: 'do-not-disturb' }, ctx);
    expect(ayu.notifications.doNotDisturb()).toBe(true);
    const count = ayu.shown.length;
    budi.h.chat.send({ channelId, body: 'quiet please' }, ctx);
    await until(async () =>
      ((await ayu.h.chat.messages({ channelId }, ctx)) as { items: ChatLine[] }).items.some(
        (l) => l.body === 'quiet please',
      ),
    );
    expect(ayu.shown.length).toBe(count);
    ayu.h.presence.setMine({ status: 'available' }, ctx);
    expect(ayu.notifications.doNotDisturb()).toBe(false);
  });

  it('written offline: pending in order, sent once each when the office is back', async () => {
    const channelId = dmId(budi, 'Ayu Lestari');
    budi.connectivity.set(unreachable());
    const bodies = ['offline one', 'offline two', 'offline three'];
    for (const body of bodies) budi.h.chat.send({ channelId, body }, ctx);
    const pending = (budi.h.chat.pending(undefined, ctx) as { items: ChatLine[] }).items;
    expect(pending.map((l) => [l.body, l.state])).toEqual(bodies.map((b) => [b, 'pending']));
    budi.connectivity.set(reachable());
    await until(async () => {
      const page = (await ayu.h.chat.messages({ channelId }, ctx)) as { items: ChatLine[] };
      return bodies.every((b) => page.items.some((l) => l.body === b));
    });
    const page = (await ayu.h.chat.messages({ channelId }, ctx)) as { items: ChatLine[] };
    expect(page.items.filter((l) => bodies.includes(l.body)).map((l) => l.body)).toEqual(bodies);
  });

  it('a message the office refuses shows its reason; retry tries again, discard removes it', async () => {
    budi.office.enqueue(
      postChatMessage,
      {},
      { channelId: 'dm:nobody:zzz', body: 'to nobody', clientId: 'c-refused-1' },
    );
    await until(() =>
      (budi.h.chat.pending(undefined, ctx) as { items: ChatLine[] }).items.some((l) => l.state === 'failed'),
    );
    const failed = (budi.h.chat.pending(undefined, ctx) as { items: ChatLine[] }).items.find(
      (l) => l.state === 'failed',
    )!;
    expect(failed.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('channel') });
    budi.h.chat.retry({ outboxId: failed.outboxId! }, ctx);
    await until(() =>
      (budi.h.chat.pending(undefined, ctx) as { items: ChatLine[] }).items.some((l) => l.state === 'failed'),
    );
    budi.h.chat.discard({ outboxId: failed.outboxId! }, ctx);
    expect((budi.h.chat.pending(undefined, ctx) as { items: ChatLine[] }).items).toEqual([]);
    expect(() => budi.h.chat.discard({ outboxId: failed.outboxId! }, ctx)).toThrow('no longer waiting');
  });

  it('pages back through a long history from the office, in order, without repeats', async () => {
    const token = (await server.api.login('dewi')).accessToken;
    const team = dm(budi, '').items.find((c) => c.kind === 'team')!.id;
    for (let i = 0; i < 180; i++)
      await server.api.post('/api/v1/chat/messages', token, {
        channelId: team,
        body: `history ${i}`,
        clientId: `hist-${i}`,
      });
    await until(async () =>
      ((await budi.h.chat.messages({ channelId: team }, ctx)) as { items: ChatLine[] }).items.some(
        (l) => l.body === 'history 179',
      ),
    );
    const seen: ChatLine[] = [];
    let page = (await budi.h.chat.messages({ channelId: team, limit: 40 }, ctx)) as {
      items: ChatLine[];
      hasOlder: boolean;
    };
    seen.unshift(...page.items);
    while (page.hasOlder) {
      page = (await budi.h.chat.messages({ channelId: team, before: seen[0]!.key, limit: 40 }, ctx)) as {
        items: ChatLine[];
        hasOlder: boolean;
      };
      seen.unshift(...page.items);
    }
    const history = seen.filter((l) => l.body.startsWith('history ')).map((l) => l.body);
    expect(history).toEqual(Array.from({ length: 180 }, (_, i) => `history ${i}`));
    expect(new Set(seen.map((l) => l.key)).size).toBe(seen.length);
    expect(seen.map((l) => l.key)).toEqual([...seen.map((l) => l.key)].sort());
  });

  it('a page scrolled back to is filled from the office however many of its pages that takes, and the next is read ahead', async () => {
    const ayuLogin = await server.api.login('ayu');
    const dewiLogin = await server.api.login('dewi');
    const [a, b] = [ayuLogin.user.id, dewiLogin.user.id].sort();
    const channelId = `dm:${a}:${b}`;
    // before Dewi's first sign-in here: her cache starts with the newest page only
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 650) {
          const i = next++;
          const r = await server.api.post('/api/v1/chat/messages', ayuLogin.accessToken, {
            channelId,
            body: `older ${String(i).padStart(3, '0')}`,
            clientId: `older-${i}`,
          });
          expect(r.status).toBe(201);
        }
      }),
    );
    const dewi = await app('dewi');
    try {
      type Page = { items: ChatLine[]; hasOlder: boolean };
      // The sign-in fetches every conversation's newest page, and its first connection to the live
      // feed does it again (the office's resync), which restarts the history in the cache: one more,
      // awaited, lands after both, so what follows starts from a settled cache.
      await dewi.office.refresh();
      await until(
        async () => ((await dewi.h.chat.messages({ channelId, limit: 50 }, ctx)) as Page).items.length === 50,
      );
      const newest = (await dewi.h.chat.messages({ channelId, limit: 50 }, ctx)) as Page;
      expect(newest.items).toHaveLength(50);
      expect(newest.hasOlder).toBe(true);
      // the office gives at most 200 a request: 400 asked for at once come in one answer
      const older = (await dewi.h.chat.messages({ channelId, before: newest.items[0]!.key, limit: 400 }, ctx)) as Page;
      expect(older.items).toHaveLength(400);
      // while that page is on screen, the next one comes into the cache unasked
      const cached = () =>
        dewi.office.cache
          .list<{ channelId: string; body: string }>('chat-message')
          .filter((m) => m.channelId === channelId && m.body.startsWith('older ')).length;
      await until(() => cached() === 650);
      const rest = (await dewi.h.chat.messages({ channelId, before: older.items[0]!.key, limit: 400 }, ctx)) as Page;
      expect(rest.items).toHaveLength(200);
      expect(rest.hasOlder).toBe(false);
      const all = [...rest.items, ...older.items, ...newest.items].filter((l) => l.body.startsWith('older '));
      expect(all.map((l) => l.key)).toEqual([...all.map((l) => l.key)].sort());
      expect(new Set(all.map((l) => l.body)).size).toBe(650);
    } finally {
      dewi.close();
    }
  });

  it('a conversation that is not mine is refused with a sentence', async () => {
    await expect(async () => budi.h.chat.messages({ channelId: 'dm:aaa:bbb' }, ctx)).rejects.toThrow(
      'There is no such conversation.',
    );
  });
});

describe('presence', () => {
  const mine = (a: App) =>
    a.h.presence.getMine(undefined, ctx) as { status: string; location: string; auto: boolean; pending: boolean };
  const atAyu = (a: App) =>
    (
      ayu.h.presence.team(undefined, ctx) as {
        items: Array<{ id: string; status: string; location: string; statusText: string }>;
      }
    ).items.find((p) => p.id === a.office.me()!.id)!;

  it('idle goes away by itself and comes back; the colleague sees both', async () => {
    budi.h.presence.setMine({ status: 'available' }, ctx);
    budi.idle.set(120);
    await until(() => mine(budi).status === 'away' && mine(budi).auto);
    await until(() => atAyu(budi).status === 'away');
    budi.idle.set(0);
    await until(() => mine(budi).status === 'available' && !mine(budi).auto);
    await until(() => atAyu(budi).status === 'available');
  });

  it('a status set by hand while away stays when I return; busy is never made away', async () => {
    budi.idle.set(120);
    await until(() => mine(budi).status === 'away');
    budi.h.presence.setMine({ status: 'do-not-disturb' }, ctx);
    budi.idle.set(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine(budi).status).toBe('do-not-disturb');
    budi.h.presence.setMine({ status: 'busy' }, ctx);
    budi.idle.set(120);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine(budi).status).toBe('busy');
    budi.idle.set(0);
  });

  it('the screen lock makes me away, unlocking brings me back', async () => {
    budi.h.presence.setMine({ status: 'available' }, ctx);
    budi.idle.lock(true);
    await until(() => mine(budi).status === 'away');
    budi.idle.lock(false);
    await until(() => mine(budi).status === 'available');
  });

  it('the location follows the connection: office LAN → office, the office through the VPN → home', async () => {
    budi.connectivity.set(statusFixture({ status: 'office-lan' }));
    await until(() => mine(budi).location === 'office');
    await until(() => atAyu(budi).location === 'office');
    budi.connectivity.set(statusFixture({ status: 'office-via-vpn' }));
    await until(() => mine(budi).location === 'home');
  });

  it('a break makes me Away, "On a break", and its end gives back what I had; DND and a change by hand are mine', async () => {
    const full = (a: App) => a.h.presence.getMine(undefined, ctx) as { status: string; statusText: string };
    const session = budi.h.session;
    // busy with a text: the break is away "On a break", then busy with my text again
    budi.h.presence.setMine({ status: 'busy', statusText: 'Migrating branch 12' }, ctx);
    session.start({}, ctx);
    session.takeBreak({ kind: 'lunch' }, ctx);
    await until(() => full(budi).status === 'away' && full(budi).statusText === 'On a break');
    await until(() => atAyu(budi).status === 'away' && atAyu(budi).statusText === 'On a break');
    // the keyboard during the break does not end the away
    budi.idle.set(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(full(budi).status).toBe('away');
    session.resume(undefined, ctx);
    await until(() => full(budi).status === 'busy' && full(budi).statusText === 'Migrating branch 12');
    await until(() => atAyu(budi).status === 'busy');

    // do not disturb stays through a break
    budi.h.presence.setMine({ status: 'do-not-disturb', statusText: '' }, ctx);
    session.takeBreak({ kind: 'short' }, ctx);
    await new Promise((r) => setTimeout(r, 300));
    expect(full(budi)).toMatchObject({ status: 'do-not-disturb', statusText: '' });
    session.resume(undefined, ctx);

    // chosen by hand during the break: it stays after the break
    budi.h.presence.setMine({ status: 'available' }, ctx);
    session.takeBreak({ kind: 'short' }, ctx);
    await until(() => full(budi).status === 'away');
    budi.h.presence.setMine({ status: 'busy' }, ctx);
    session.stop(undefined, ctx);
    await new Promise((r) => setTimeout(r, 300));
    expect(full(budi).status).toBe('busy');
    budi.h.presence.setMine({ status: 'available', statusText: '' }, ctx);
  });

  it('a status text clears itself at its expiry', async () => {
    budi.h.presence.setMine({ statusText: 'Lunch', statusExpiresAt: new Date(Date.now() + 300).toISOString() }, ctx);
    await until(() => atAyu(budi).statusText === 'Lunch');
    await until(() => atAyu(budi).statusText === '');
    expect((budi.h.presence.getMine(undefined, ctx) as { statusExpiresAt: string | null }).statusExpiresAt).toBeNull();
  });
});
