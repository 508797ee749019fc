// Chat: channels and the latest page of every conversation in the cache (read offline), kept live,
// and the message command the outbox sends. Its contract area arrives with the chat issue.
import type { ChatMessage } from '../../../shared/office-api';
import { ChannelsResponse, MessagesResponse } from '../../../shared/office-api';
import { defineModule } from '../module';
import { postChatMessage } from './commands';

/** Sorts a channel's messages by time in the cache's id order. */
export const chatKey = (m: ChatMessage) => `${m.channelId}/${m.createdAt}/${m.id}`;

export const chatModule = defineModule({
  name: 'chat',
  area: null,
  commands: [postChatMessage],
  create: () => ({
    area: null,
    handlers: null,
    feed: {
      refresh: async (http, cache) => {
        const channels = await http('GET', '/chat/channels', { schema: ChannelsResponse });
        cache.replaceAll('channel', channels.items.map((c) => ({ id: c.id, data: c })));
        const pages = await Promise.all(
          channels.items.map((c) => http('GET', `/chat/channels/${encodeURIComponent(c.id)}/messages`, { schema: MessagesResponse, query: { limit: 50 } })),
        );
        cache.replaceAll('chat-message', pages.flatMap((page) => page.items.map((m) => ({ id: chatKey(m), data: m }))));
      },
      apply: (event, cache) => {
        if (event.type === 'chat.message') cache.put('chat-message', chatKey(event.message), event.message);
      },
    },
  }),
});
