import { defineSection, staticStore } from '../app/feature';
import { InboxIcon } from '../app/icons';
import { InboxView } from './InboxView';

/**
 * The ticket inbox (issue 10 fills it: its store replaces staticStore, `badge` counts new
 * assignments, `keys` lists j/k/Enter/a/e/r and `/` under `?`, HeaderActions holds the search).
 */
export const inboxSection = defineSection({
  id: 'inbox',
  titleKey: 'inbox.title',
  icon: InboxIcon,
  shortcuts: ['g i', 'Ctrl+1'],
  order: 10,
  placement: 'top',
  scope: 'session',
  createStore: staticStore,
  View: InboxView,
});
