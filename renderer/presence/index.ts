import { defineStatusItem } from '../app/feature';
import { PresenceMenu } from './PresenceMenu';
import { createPresenceStore } from './presence-store';

/** Me: my presence, and the account menu with sign-out, at the right of the status bar. */
export const presenceItem = defineStatusItem({
  id: 'presence',
  scope: 'session',
  zone: 'end',
  order: 10,
  createStore: createPresenceStore,
  Item: PresenceMenu,
});
