import { defineSection } from '../app/feature';
import { InboxIcon } from '../app/icons';
import { createInboxStore } from './inbox-store';

/** The ticket inbox: my tickets (a manager's team queue), live SLA clocks, actions through the outbox. */
export const inboxSection = defineSection({
  id: 'inbox',
  titleKey: 'inbox.title',
  icon: InboxIcon,
  shortcuts: ['g i', 'Ctrl+1'],
  order: 10,
  placement: 'top',
  scope: 'session',
  createStore: createInboxStore,
  load: () => import('./screens'),
  badge: (state) => state.counts.attention || null,
  open: (store, item) => store.getState().open(item),
  keys: [
    { keys: 'j', labelKey: 'inbox.keys.next' },
    { keys: 'k', labelKey: 'inbox.keys.prev' },
    { keys: 'Enter', labelKey: 'inbox.keys.open' },
    { keys: 'a', labelKey: 'inbox.keys.acknowledge' },
    { keys: 's', labelKey: 'inbox.keys.startWork' },
    { keys: 'c', labelKey: 'inbox.keys.comment' },
    { keys: 'e', labelKey: 'inbox.keys.escalate' },
    { keys: 'r', labelKey: 'inbox.keys.resolve' },
    { keys: '/', labelKey: 'inbox.keys.search' },
  ],
});
