import { defineSection, staticStore } from '../app/feature';
import { ClockIcon } from '../app/icons';
import { SessionView } from './SessionView';

/**
 * The work session: today's timeline and the day's summary (issue 12). Its timer will also
 * register a status item (zone 'start', order 20: between the connection and the sync state).
 */
export const sessionSection = defineSection({
  id: 'session',
  titleKey: 'session.title',
  icon: ClockIcon,
  shortcuts: ['g s', 'Ctrl+3'],
  order: 30,
  placement: 'top',
  scope: 'session',
  createStore: staticStore,
  View: SessionView,
});
