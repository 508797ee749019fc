import { EmptyState } from '../app/EmptyState';

/** Not built yet (issue 12): an honest empty state, no sample data. */
export function SessionView() {
  return <EmptyState titleKey="session.emptyTitle" bodyKey="session.emptyBody" nowKey="session.emptyNow" />;
}
