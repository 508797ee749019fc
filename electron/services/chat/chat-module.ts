// Chat: channels and the latest page of every conversation in the cache (read offline), kept live;
// older pages fetched from the office while scrolling up; my read markers and unread counts; my
// messages queued in the outbox (pending, failed, retried, discarded); notifications for direct
// messages and mentions.
import { ContractError, signedOutError } from '../../../shared/contract';
import type { ChatLine } from '../../../shared/contract/chat';
import { translate } from '../../../shared/i18n';
import type { Channel, ChatMessage } from '../../../shared/office-api';
import { ChannelsResponse, MessagesResponse } from '../../../shared/office-api';
import { presencePort } from '../feature-ports';
import { defineModule } from '../module';
import { toContractError } from '../office/office-errors';
import { laidOver, refreshWindow } from '../office/refresh-window';
import { postChatMessage, newChatMessage } from './commands';
import { ChatStore, chatKey, lineOf } from './chat-store';
import { disposables, listenerSet } from '../../../shared/disposables';

const PAGE = 50;
/** the office's most messages per request */
const OFFICE_PAGE = 200;
/** a replayed message older than this makes no notification */
const NOTIFY_WITHIN_MS = 10 * 60_000;
/** what came before this session began (replayed after sign-in) shows as unread, without a notification each */
const SESSION_GRACE_MS = 5_000;
const olderKey = (channelId: string) => `chat.older.${channelId}`;

/** Whether a team message names me: @username or @first-name, any case. */
export function mentions(body: string, me: { username: string; displayName: string }): boolean {
  const names = [me.username, me.displayName.split(/\s+/)[0] ?? ''].filter((n) => n.length > 1);
  const lower = body.toLowerCase();
  return names.some((n) =>
    new RegExp(`(^|[^\\w])@${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(lower),
  );
}

export const chatModule = defineModule({
  name: 'chat',
  area: 'chat',
  commands: [postChatMessage],
  requires: { presence: presencePort },
  create({ office, localDb, notifications, preferences, clock, logger }, { presence }) {
    const store = new ChatStore(localDb);
    const owner = () => office.me()?.id ?? null;
    const channels = () => office.cache.list<Channel>('channel');
    const conversations = () => {
      const me = owner();
      return me ? channels().map((c) => store.conversation(me, c)) : [];
    };
    const pending = () => {
      const me = owner();
      return me ? store.pendingLines(office.outbox.list(), me) : [];
    };
    const changeListeners = listenerSet();
    let stopNotify: (() => void) | null = null;
    const refreshing = refreshWindow<ChatMessage>();
    let stopSession: (() => void) | null = null;
    let sessionSince = Number.POSITIVE_INFINITY;
    const conversationsChanged = () => changeListeners.emit();

    /** the conversation the user is reading right now (the renderer says so): it does not notify */
    let viewing: string | null = null;
    const notify = (message: ChatMessage) => {
      const me = office.me();
      if (!me || message.senderId === me.id || message.channelId === viewing) return;
      const created = Date.parse(message.createdAt);
      if (clock().getTime() - created > NOTIFY_WITHIN_MS || created < sessionSince - SESSION_GRACE_MS) return;
      const channel = office.cache.get<Channel>('channel', message.channelId);
      if (!channel) return;
      const direct = channel.kind === 'dm';
      if (!direct && !mentions(message.body, me)) return;
      const locale = preferences.locale();
      const name = presence.person(message.senderId)?.displayName ?? translate(locale, 'chat.someone');
      notifications.notify({
        title: direct ? name : translate(locale, 'chat.notify.mention', { name, channel: channel.name }),
        body: message.body.length > 200 ? `${message.body.slice(0, 199)}…` : message.body,
        locked: { title: translate(locale, 'chat.notify.locked'), body: '' },
        target: { section: 'chat', item: channel.id },
      });
    };

    // Older messages from the office into the cache, one office page (its most) from where the cache's
    // history ends. Asked twice at once (a prefetch and a scroll), the second waits for the first
    // rather than fetching the same page again.
    const fetching = new Map<string, Promise<boolean>>();
    const fetchOlder = (channelId: string): Promise<boolean> => {
      const running = fetching.get(channelId);
      if (running) return running;
      const fetched = (async () => {
        const cursor = office.cache.getSetting(olderKey(channelId));
        if (!cursor) return false;
        const page = await office.session.http()('GET', `/chat/channels/${encodeURIComponent(channelId)}/messages`, {
          schema: MessagesResponse,
          query: { limit: OFFICE_PAGE, cursor },
        });
        // a refresh meanwhile (a resync) started the history again from the newest page: this page
        // joined to it would leave a hole, so it is dropped and the caller asks again from there
        if (office.cache.getSetting(olderKey(channelId)) !== cursor) return true;
        office.cache.putMany(
          'chat-message',
          page.items.map((m) => ({ id: chatKey(m), data: m })),
        );
        office.cache.setSetting(olderKey(channelId), page.next);
        return page.items.length > 0;
      })().finally(() => fetching.delete(channelId));
      fetching.set(channelId, fetched);
      return fetched;
    };

    // Scrolling back: while the window shows one page, the office's next ones come into the cache, so
    // the next page asked for is read from the disk instead of waiting on the office.
    const readAhead = async (channelId: string, before: string, limit: number) => {
      try {
        while (store.olderCount(channelId, before, limit) < limit && office.cache.getSetting(olderKey(channelId)))
          if (!(await fetchOlder(channelId))) break;
      } catch (error) {
        logger.warn(`chat: older messages of ${channelId} not read ahead: ${(error as Error).message}`);
      }
    };

    const checkChannel = (channelId: string) => {
      if (!office.cache.get<Channel>('channel', channelId))
        throw new ContractError('not-found', 'There is no such conversation.');
    };

    return {
      area: 'chat',
      handlers: {
        conversations: () => ({ items: conversations() }),
        messages: async ({ channelId, before, limit = PAGE }) => {
          checkChannel(channelId);
          const me = owner();
          let page = store.page(channelId, before, limit);
          // a page asked for is filled, however many of the office's (smaller) pages that takes: one
          // round trip from the window per page instead of one per office page
          try {
            while (page.items.length < limit && office.cache.getSetting(olderKey(channelId))) {
              if (!(await fetchOlder(channelId))) break;
              page = store.page(channelId, before, limit);
            }
          } catch (error) {
            // offline: what the cache has is what there is for now; the next scroll tries again
            if (page.items.length === 0) throw toContractError(error);
            logger.warn(`chat: older messages of ${channelId} not fetched: ${(error as Error).message}`);
          }
          const oldest = page.items[0];
          if (before !== undefined && oldest) void readAhead(channelId, chatKey(oldest), limit);
          return {
            items: page.items.map(lineOf),
            hasOlder: page.more || Boolean(office.cache.getSetting(olderKey(channelId))),
            lastReadKey: me ? store.lastRead(me, channelId) : null,
          };
        },
        pending: () => ({ items: pending() }),
        send: ({ channelId, body }): ChatLine => {
          const me = owner();
          if (!me) throw signedOutError('Sign in to send messages.');
          checkChannel(channelId);
          let item;
          try {
            item = office.enqueue(postChatMessage, {}, newChatMessage(channelId, body));
          } catch (error) {
            throw toContractError(error);
          }
          const line = store.pendingLines([item], me)[0];
          if (!line) throw new ContractError('internal', 'The message was queued but cannot be shown.');
          return line;
        },
        markRead: ({ channelId }) => {
          const me = owner();
          if (me) store.markRead(me, channelId);
          conversationsChanged();
          return null;
        },
        viewing: ({ channelId }) => {
          viewing = channelId;
          return null;
        },
        retry: ({ outboxId }) => {
          if (!office.outbox.retry(outboxId))
            throw new ContractError('not-found', 'That message is no longer waiting.');
          return null;
        },
        discard: ({ outboxId }) => {
          if (!office.outbox.discard(outboxId))
            throw new ContractError('not-found', 'That message is no longer waiting.');
          return null;
        },
      },
      attach(emit) {
        let lastPending = '';
        const emitConversations = () => emit('conversationsChanged', { items: conversations() });
        const emitPending = () => {
          const items = pending();
          const text = JSON.stringify(items);
          if (text === lastPending) return;
          lastPending = text;
          emit('pendingChanged', { items });
        };
        const offs = disposables(
          changeListeners.on(emitConversations),
          office.onEvent((event) => {
            if (event.type !== 'chat.message') return;
            emit('message', lineOf(event.message));
            if (event.message.senderId === owner()) emitPending();
            emitConversations();
          }),
          office.onSyncChange(emitPending),
        );
        return () => offs.dispose();
      },
      start() {
        stopNotify = office.onEvent((event) => {
          if (event.type === 'chat.message') notify(event.message);
        });
        if (office.me()) sessionSince = clock().getTime();
        stopSession = office.session.onChange((state) => {
          if (state.status !== 'signed-in') sessionSince = Number.POSITIVE_INFINITY;
          else if (sessionSince === Number.POSITIVE_INFINITY) sessionSince = clock().getTime();
        });
      },
      stop() {
        stopNotify?.();
        stopSession?.();
        stopNotify = stopSession = null;
      },
      feed: {
        refresh: (http, cache) =>
          refreshing.run(async (delivered) => {
            const list = await http('GET', '/chat/channels', { schema: ChannelsResponse });
            cache.replaceAll(
              'channel',
              list.items.map((c) => ({ id: c.id, data: c })),
            );
            const pages = await Promise.all(
              list.items.map((c) =>
                http('GET', `/chat/channels/${encodeURIComponent(c.id)}/messages`, {
                  schema: MessagesResponse,
                  query: { limit: PAGE },
                }),
              ),
            );
            cache.replaceAll(
              'chat-message',
              // a message the stream delivered after its channel's page was read is kept
              laidOver(
                pages.flatMap((page) => page.items.map((m) => ({ id: chatKey(m), data: m }))),
                delivered,
              ),
            );
            list.items.forEach((c, i) => cache.setSetting(olderKey(c.id), pages[i]?.next ?? null));
            const me = owner();
            if (me) for (const c of list.items) store.ensureMarker(me, c.id);
            conversationsChanged();
          }),
        apply: (event, cache) => {
          if (event.type !== 'chat.message') return;
          refreshing.saw(chatKey(event.message), event.message);
          cache.put('chat-message', chatKey(event.message), event.message);
        },
      },
    };
  },
});
