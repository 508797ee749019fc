import { defineSection } from '../app/feature';
import { AdminIcon } from './AdminIcon';
import { createAdminStore } from './admin-store';

/** The office's accounts, for its administrators; nobody else's window shows it or loads its data. */
export const adminSection = defineSection({
  id: 'admin',
  titleKey: 'admin.title',
  icon: AdminIcon,
  shortcuts: ['g a'],
  order: 50,
  placement: 'top',
  scope: 'session',
  visible: (user) => user.role === 'admin',
  createStore: createAdminStore,
  load: () => import('./screens'),
});
