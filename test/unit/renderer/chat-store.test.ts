// The Chat section's store on a stand-in main process: conversations and the unread total (the
// rail's and the app's badge), a conversation's lines with mine still waiting, live messages,
// paging towards older ones, read markers, sending, retry and discard.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractErrorData } from '../../../shared/contract';
import type { ChatLine, Conversation } from '../../../shared/contract/chat';
import { chatSection } from '../../../renderer/chat';
import { createChatStore, mergeLines, unreadTotal, visibleLines } from '../../../renderer/chat/chat-store';
import type { ChatState } from '../../../renderer/chat/chat-store';
import { fakeApi } from './fake-api';

const CH = 'dm:u-ayu:u-budi';
const line = (n: number, over: Partial<ChatLine> = {}): ChatLine => ({
  key: `${CH}/2026-11-28T09:${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z/m${n}`,
  channelId: CH,
  senderId: 'u-ayu',
  clientId: `c${n}`,
  body: `message ${n}`,
  createdAt: `2026-11-28T09:${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`,
  state: 'sent',
  outboxId: null,
  error: null,
  ...over,
});
const conversation = (over: Partial<Conversation> = {}): Conversation => ({
  id: CH,
  kind: 'dm',
  name: 'Ayu Lestari',
  memberIds: ['u-ayu', 'u-budi'],
  otherUserId: 'u-ayu',
  unread: 2,
  lastMessage: null,
  ...over,
});

describe('lines', () => {
  it('merge by key: a live message appends, a page inserts before, a repeat is not doubled', () => {
    const a = [line(10), line(11)];
    expect(mergeLines(a, [line(12)]).map((l) => l.clientId)).toEqual(['c10', 'c11', 'c12']);
    expect(mergeLines(a, [line(8), line(9)]).map((l) => l.clientId)).toEqual(['c8', 'c9', 'c10', 'c11']);
    expect(mergeLines(a, [line(9), line(8)]).map((l) => l.clientId)).toEqual(['c8', 'c9', 'c10', 'c11']);
    expect(mergeLines(a, [line(9), line(10)]).map((l) => l.clientId)).toEqual(['c9', 'c10', 'c11']);
    expect(mergeLines(a, [line(11)]).map((l) => l.clientId)).toEqual(['c10', 'c11']);
  });

  it('show mine still waiting after the office’s, until the office has the same client id', () => {
    const view = {
      lines: [line(1), line(2, { senderId: 'u-budi', clientId: 'mine-1' })],
      loading: false,
      loadingOlder: false,
      hasOlder: false,
      dividerAfter: null,
      error: null,
    };
    const pending = [
      line(0, { key: '~pending/a', clientId: 'mine-1', state: 'pending' }),
      line(0, { key: '~pending/b', clientId: 'mine-2', state: 'pending' }),
      line(0, { key: '~p/c', channelId: 'team:t', clientId: 'other' }),
    ];
    expect(visibleLines(view, pending, CH).map((l) => l.clientId)).toEqual(['c1', 'mine-1', 'mine-2']);
  });
});

describe('the chat store', () => {
  let fake: ReturnType<typeof fakeApi>;
  // the main process's answers to tw:chat:messages, in order (a refusal among them)
  let pages: Array<
    { items: ChatLine[]; hasOlder: boolean; lastReadKey: string | null } | { refused: ContractErrorData }
  >;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    pages = [
      { items: [line(50), line(51), line(52)], hasOlder: true, lastReadKey: line(50).key },
      { items: [line(48), line(49)], hasOlder: false, lastReadKey: line(50).key },
    ];
    fake = fakeApi({
      handlers: {
        'tw:chat:conversations': () => ({
          ok: true,
          value: {
            items: [
              conversation(),
              conversation({ id: 'team:t', kind: 'team', name: 'Team', otherUserId: null, unread: 3 }),
            ],
          },
        }),
        'tw:chat:messages': () => {
          const next = pages.shift()!;
          return 'refused' in next ? { ok: false, error: next.refused } : { ok: true, value: next };
        },
        'tw:chat:send': (p) => ({
          ok: true,
          value: line(0, {
            key: '~pending/x',
            senderId: 'u-budi',
            clientId: 'new',
            body: (p as { body: string }).body,
            state: 'pending',
            outboxId: 'o1',
          }),
        }),
        'tw:chat:markRead': () => ({ ok: true, value: null }),
        'tw:chat:viewing': () => ({ ok: true, value: null }),
        'tw:chat:discard': () => ({ ok: true, value: null }),
      },
    });
  });
  afterEach(() => vi.useRealTimers());

  const make = () => {
    const store = createChatStore(fake.api, { attentive: () => true });
    const stop = store.getState().follow();
    return { store, stop };
  };

  it('loads the conversations; the badge is the unread total', async () => {
    const { store, stop } = make();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    expect(unreadTotal(store.getState())).toBe(5);
    expect(
      chatSection.badge!(store.getState() as unknown as Parameters<NonNullable<typeof chatSection.badge>>[0]),
    ).toBe(5);
    fake.emit('tw:chat!conversationsChanged', { items: [conversation({ unread: 1 })] });
    expect(unreadTotal(store.getState())).toBe(1);
    stop();
  });

  it('opening a conversation loads its latest page, keeps the divider and marks it read once', async () => {
    const { store, stop } = make();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    store.getState().select(CH);
    await vi.waitFor(() => expect(store.getState().views[CH]?.loading).toBe(false));
    const view = store.getState().views[CH]!;
    expect(view.lines.map((l) => l.clientId)).toEqual(['c50', 'c51', 'c52']);
    expect(view.dividerAfter).toBe(line(50).key);
    expect(store.getState().conversations.find((c) => c.id === CH)!.unread).toBe(0);
    expect(fake.calls.filter(([c]) => c === 'tw:chat:markRead')).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(fake.calls.filter(([c]) => c === 'tw:chat:markRead')).toEqual([['tw:chat:markRead', { channelId: CH }]]);
    stop();
  });

  it('tells the main process which conversation is being read: only while the section is on screen and looked at', async () => {
    let looking = true;
    const store = createChatStore(fake.api, { attentive: () => looking });
    const stop = store.getState().follow();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    const told = () =>
      fake.calls.filter(([c]) => c === 'tw:chat:viewing').map(([, p]) => (p as { channelId: string | null }).channelId);
    // a (re)loaded page first says nothing is on screen
    expect(told()).toEqual([null]);
    store.getState().select(CH);
    expect(told()).toEqual([null]); // selected, but the section is not on screen
    store.getState().setOnScreen(true);
    expect(told()).toEqual([null, CH]);
    looking = false;
    window.dispatchEvent(new Event('blur'));
    expect(told()).toEqual([null, CH, null]);
    looking = true;
    window.dispatchEvent(new Event('focus'));
    store.getState().select(CH); // the same again: nothing new to say
    expect(told()).toEqual([null, CH, null, CH]);
    store.getState().back(); // a narrow window shows the list again
    expect(told()).toEqual([null, CH, null, CH, null]);
    store.getState().select(CH);
    store.getState().setOnScreen(false);
    expect(told()).toEqual([null, CH, null, CH, null, CH, null]);
    stop();
  });

  it('a live message joins the open conversation; the older page is fetched ahead of the scroll and added before, once', async () => {
    const { store, stop } = make();
    const messageCalls = () => fake.calls.filter(([c]) => c === 'tw:chat:messages');
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    store.getState().select(CH);
    await vi.waitFor(() => expect(store.getState().views[CH]?.loading).toBe(false));
    // asked for as soon as the conversation opened, before any scroll
    await vi.waitFor(() => expect(messageCalls()).toHaveLength(2));
    expect(messageCalls()[1]).toEqual(['tw:chat:messages', { channelId: CH, before: line(50).key, limit: 500 }]);
    expect(store.getState().views[CH]!.lines.map((l) => l.clientId)).toEqual(['c50', 'c51', 'c52']);
    fake.emit('tw:chat!message', line(53));
    fake.emit('tw:chat!message', line(53));
    expect(store.getState().views[CH]!.lines.map((l) => l.clientId)).toEqual(['c50', 'c51', 'c52', 'c53']);
    await store.getState().loadOlder(CH);
    expect(messageCalls()).toHaveLength(2); // the scroll found the page waiting
    expect(store.getState().views[CH]!.lines.map((l) => l.clientId)).toEqual([
      'c48',
      'c49',
      'c50',
      'c51',
      'c52',
      'c53',
    ]);
    expect(store.getState().views[CH]!.hasOlder).toBe(false);
    await store.getState().loadOlder(CH); // nothing older: no call
    expect(messageCalls()).toHaveLength(2);
    stop();
  });

  it('asks for two older pages ahead of the scroll, each from where the one before it ends', async () => {
    pages = [
      { items: [line(50), line(51)], hasOlder: true, lastReadKey: null },
      { items: [line(48), line(49)], hasOlder: true, lastReadKey: null },
      { items: [line(46), line(47)], hasOlder: true, lastReadKey: null },
      { items: [line(44), line(45)], hasOlder: false, lastReadKey: null },
    ];
    const { store, stop } = make();
    const befores = () =>
      fake.calls.filter(([c]) => c === 'tw:chat:messages').map(([, p]) => (p as { before?: string }).before);
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    store.getState().select(CH);
    await vi.waitFor(() => expect(befores()).toEqual([undefined, line(50).key, line(48).key]));
    await store.getState().loadOlder(CH); // the first waiting: the chain goes on to the third
    await vi.waitFor(() => expect(befores()).toEqual([undefined, line(50).key, line(48).key, line(46).key]));
    await store.getState().loadOlder(CH);
    await store.getState().loadOlder(CH);
    expect(store.getState().views[CH]!.lines.map((l) => l.clientId)).toEqual(
      [44, 45, 46, 47, 48, 49, 50, 51].map((n) => `c${n}`),
    );
    expect(store.getState().views[CH]!.hasOlder).toBe(false);
    expect(befores()).toHaveLength(4); // each page asked for once
    stop();
  });

  it('keeps only the newest page of a conversation left, so a day of messages does not pile up in the window', async () => {
    const many = Array.from({ length: 60 }, (_, i) => line(i));
    pages = [
      { items: many, hasOlder: false, lastReadKey: null },
      { items: [], hasOlder: false, lastReadKey: null },
      { items: many, hasOlder: false, lastReadKey: null },
    ];
    const { store, stop } = make();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    store.getState().select(CH);
    await vi.waitFor(() => expect(store.getState().views[CH]?.lines).toHaveLength(60));
    store.getState().select('team:t');
    expect(store.getState().views[CH]!.lines).toHaveLength(50);
    expect(store.getState().views[CH]!.lines[0]!.clientId).toBe('c10');
    expect(store.getState().views[CH]!.hasOlder).toBe(true); // scrolling back there asks again
    await vi.waitFor(() => expect(store.getState().views['team:t']?.loading).toBe(false));
    store.getState().select(CH);
    store.getState().setOnScreen(true);
    fake.emit('tw:chat!message', line(61));
    expect(store.getState().views[CH]!.lines).toHaveLength(51);
    store.getState().setOnScreen(false); // the section closed: the same
    expect(
      store
        .getState()
        .views[CH]!.lines.map((l) => l.clientId)
        .at(0),
    ).toBe('c11');
    stop();
  });

  it('asks again when the scroll gets ahead of a page the main process refused', async () => {
    pages = [
      { items: [line(50), line(51)], hasOlder: true, lastReadKey: null },
      { refused: { code: 'unavailable', message: 'the office is away' } },
      { items: [line(48), line(49)], hasOlder: false, lastReadKey: null },
    ];
    const { store, stop } = make();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    store.getState().select(CH);
    await vi.waitFor(() => expect(store.getState().views[CH]?.loading).toBe(false));
    await store.getState().loadOlder(CH); // the page fetched ahead was refused: shown, nothing lost
    expect(store.getState().views[CH]!.error?.message).toBe('the office is away');
    expect(store.getState().views[CH]!.lines.map((l) => l.clientId)).toEqual(['c50', 'c51']);
    await store.getState().loadOlder(CH); // asked again
    expect(store.getState().views[CH]!.lines.map((l) => l.clientId)).toEqual(['c48', 'c49', 'c50', 'c51']);
    expect(store.getState().views[CH]!.error).toBeNull();
    stop();
  });

  it('a sent message shows pending at once; discarding a failed one removes it', async () => {
    const { store, stop } = make();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    expect(await store.getState().send(CH, 'hello')).toBeNull();
    expect(store.getState().pending.map((l) => [l.body, l.state])).toEqual([['hello', 'pending']]);
    fake.emit('tw:chat!pendingChanged', {
      items: [
        {
          ...store.getState().pending[0]!,
          state: 'failed',
          error: { code: 'not_found', message: 'channel not found' },
        },
      ],
    });
    expect(store.getState().pending[0]!.state).toBe('failed');
    await store.getState().discard('o1');
    expect(store.getState().pending).toEqual([]);
    stop();
  });

  it('a notification opens its conversation through the section', async () => {
    const { store, stop } = make();
    chatSection.open!(store as never, CH);
    expect((store.getState() as ChatState).selected).toBe(CH);
    expect(store.getState().showing).toBe('detail');
    await vi.waitFor(() => expect(store.getState().views[CH]?.loading).toBe(false));
    expect(store.getState().views[CH]!.lines).toHaveLength(3);
    stop();
  });
});
