// POST /chat/messages (and a socket's chat.send) as one commit: the message and its chat.message
// event together or not at all. SQLite runs this function; PostgreSQL the same steps in one
// statement (postgres/index.ts), and the office-server suite checks both.
import type { MessagePosted, MessagePosting, OfficeStore } from './store';

export function postMessageInTransaction(
  store: Pick<OfficeStore, 'transaction'>,
  posting: MessagePosting,
): Promise<MessagePosted> {
  return store.transaction(async (tx) => {
    const inserted = await tx.chat.insertMessage(posting.message);
    if (!inserted.created) return { ...inserted, event: null };
    const payload = posting.event.payload(inserted.message);
    const { membersOf } = posting.event;
    const members = membersOf === undefined ? [] : (await tx.users.list({ teamId: membersOf })).map((u) => u.id);
    const recipients = [...new Set([...posting.event.recipients, ...members])];
    const id = await tx.events.append(payload, recipients, posting.event.at);
    return { ...inserted, event: { id, payload, recipients } };
  });
}
