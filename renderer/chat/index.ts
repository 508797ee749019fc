import { defineSection, staticStore } from '../app/feature';
import { ChatIcon } from '../app/icons';
import { ChatView } from './ChatView';

/** Team chat and colleagues' presence (issue 11 fills it; `badge` will be the unread count). */
export const chatSection = defineSection({
  id: 'chat',
  titleKey: 'chat.title',
  icon: ChatIcon,
  shortcuts: ['g c', 'Ctrl+2'],
  order: 20,
  placement: 'top',
  scope: 'session',
  createStore: staticStore,
  View: ChatView,
});
