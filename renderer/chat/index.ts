import { defineSection } from '../app/feature';
import { ChatIcon } from '../app/icons';
import { createChatStore, unreadTotal } from './chat-store';

/** The team channel, direct messages and colleagues' presence; the rail's count is the unread total. */
export const chatSection = defineSection({
  id: 'chat',
  titleKey: 'chat.title',
  icon: ChatIcon,
  shortcuts: ['g c', 'Ctrl+2'],
  order: 20,
  placement: 'top',
  scope: 'session',
  createStore: createChatStore,
  load: () => import('./screens'),
  badge: unreadTotal,
  open: (store, item) => store.getState().select(item),
  keys: [
    { keys: 'j / k', labelKey: 'chat.keys.move' },
    { keys: 'Enter', labelKey: 'chat.keys.send' },
    { keys: 'Shift+Enter', labelKey: 'chat.keys.newline' },
  ],
});
