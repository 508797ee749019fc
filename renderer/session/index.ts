import { defineSection, defineStatusItem } from '../app/feature';
import { ClockIcon } from '../app/icons';
import { createSessionStore } from './session-store';
import { TimerItem } from './TimerItem';

/** The work session: the timer's controls, today's timeline, the gap prompts and the day's summary. */
export const sessionSection = defineSection({
  id: 'session',
  titleKey: 'session.title',
  icon: ClockIcon,
  shortcuts: ['g s', 'Ctrl+3'],
  order: 30,
  placement: 'top',
  scope: 'session',
  createStore: createSessionStore,
  load: () => import('./screens'),
  badge: (s) => s.view?.gaps.length ?? 0,
  keys: [{ keys: 'p', labelKey: 'session.keys.pause' }],
});

/** The work timer in the status bar (zone 'start', between the connection and the sync state). */
export const timerItem = defineStatusItem({
  id: 'timer',
  scope: 'session',
  zone: 'start',
  order: 20,
  createStore: createSessionStore,
  Item: TimerItem,
});
