import { defineStatusItem } from '../app/feature';
import { ConnectivityItem } from './ConnectivityItem';
import { createStatusStore } from './status-store';

/** The office connection, first in the status bar, signed in or out. */
export const connectivityItem = defineStatusItem({
  id: 'connectivity',
  scope: 'app',
  zone: 'start',
  order: 10,
  createStore: createStatusStore,
  Item: ConnectivityItem,
});
