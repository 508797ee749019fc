import { EmptyState } from '../app/EmptyState';

/** Not built yet (issue 11): an honest empty state, no sample data. */
export function ChatView() {
  return <EmptyState titleKey="chat.emptyTitle" bodyKey="chat.emptyBody" nowKey="chat.emptyNow" />;
}
