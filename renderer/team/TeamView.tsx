import { EmptyState } from '../app/EmptyState';

/** Not built yet (issue 12): an honest empty state, no sample data. */
export function TeamView() {
  return <EmptyState titleKey="team.emptyTitle" bodyKey="team.emptyBody" nowKey="team.emptyNow" />;
}
