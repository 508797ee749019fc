import { defineStatusItem } from '../app/feature';
import { SyncItem } from './SyncItem';
import { createSyncStore } from './sync-store';

/** The user's queued changes: signed in only (the outbox belongs to the account). */
export const syncItem = defineStatusItem({
  id: 'sync',
  scope: 'session',
  zone: 'start',
  order: 30,
  createStore: createSyncStore,
  Item: SyncItem,
});
