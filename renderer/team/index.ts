import { managesTeam } from '../../shared/domain/roles';
import { defineSection } from '../app/feature';
import { TeamIcon } from '../app/icons';
import { createTeamStore } from './team-store';

/** The manager's view of the team; a worker's window never shows it nor loads its data. */
export const teamSection = defineSection({
  id: 'team',
  titleKey: 'team.title',
  icon: TeamIcon,
  shortcuts: ['g t', 'Ctrl+4'],
  order: 40,
  placement: 'top',
  scope: 'session',
  // the same rule the main process answers Team by: an admin manages no team, so sees no Team
  visible: (user) => managesTeam(user.role),
  createStore: createTeamStore,
  load: () => import('./screens'),
  open: (store, item) => store.getState().select(item),
});
