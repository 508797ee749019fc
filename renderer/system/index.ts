import { defineSection, defineStatusItem, staticStore } from '../app/feature';
import { HelpIcon } from '../app/icons';
import { LanguageSelect } from './LanguageSelect';
import { createSystemStore } from './system-store';

/** Help and about, at the bottom of the rail; F1 from anywhere, the sign-in screen included. */
export const helpSection = defineSection({
  id: 'help',
  titleKey: 'help.title',
  icon: HelpIcon,
  shortcuts: ['F1'],
  order: 100,
  placement: 'bottom',
  scope: 'app',
  createStore: createSystemStore,
  load: () => import('./screens'),
});

export const languageItem = defineStatusItem({
  id: 'language',
  scope: 'app',
  zone: 'end',
  order: 90,
  createStore: staticStore,
  Item: LanguageSelect,
});
