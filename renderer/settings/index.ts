import { defineSection, defineStatusItem } from '../app/feature';
import { PolicyItem } from './PolicyItem';
import { SettingsIcon } from './SettingsIcon';
import { createSettingsStore } from './settings-store';

/** Settings, at the bottom of the rail above Help: what the user may change and what IT locked. */
export const settingsSection = defineSection({
  id: 'settings',
  titleKey: 'settings.title',
  icon: SettingsIcon,
  shortcuts: ['Ctrl+,'],
  order: 90,
  placement: 'bottom',
  scope: 'app',
  createStore: createSettingsStore,
  load: () => import('./screens'),
});

/** A word in the status bar when IT's policy is broken or a restart will install an update. */
export const settingsStatusItem = defineStatusItem({
  id: 'settings-status',
  scope: 'app',
  zone: 'end',
  order: 80,
  createStore: createSettingsStore,
  Item: PolicyItem,
});
