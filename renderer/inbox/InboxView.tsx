import { EmptyState } from '../app/EmptyState';

/** Not built yet (issue 10): an honest empty state, no sample data. */
export function InboxView() {
  return <EmptyState titleKey="inbox.emptyTitle" bodyKey="inbox.emptyBody" nowKey="inbox.emptyNow" />;
}
