import { defineSection } from '../app/feature';
import { OfficeDaysIcon } from './OfficeDaysIcon';
import { createOfficeDaysStore } from './office-days-store';

/** Office days and hot desks: my coming weeks, the floor plan of a day, booking and cancelling desks. */
export const officeDaysSection = defineSection({
  id: 'office-days',
  titleKey: 'officeDays.title',
  icon: OfficeDaysIcon,
  shortcuts: ['g o'],
  order: 35,
  placement: 'top',
  scope: 'session',
  // the office's accounts are an admin's work; desks are for the people who come in
  visible: (user) => user.role !== 'admin',
  createStore: (api) => createOfficeDaysStore(api),
  load: () => import('./screens'),
});
