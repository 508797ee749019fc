// POST /summaries in one transaction across three areas: the Idempotency-Key's record, the summary
// row and its summary.created event commit together or not at all, so no claim is ever left pending
// by it (unlike the generic claim → handler → result protocol of http/route.ts). These are the
// rules every store follows; SQLite runs this function, PostgreSQL the same steps in one database
// call (office_submit_summary in postgres/migrations.ts), and the office-server suite checks both.
import type { OfficeStore, SummarySubmission, SummarySubmitResult } from './store';

export function submitInTransaction(
  store: Pick<OfficeStore, 'transaction'>,
  sub: SummarySubmission,
): Promise<SummarySubmitResult> {
  return store.transaction(async (tx): Promise<SummarySubmitResult> => {
    const { summary: s, idempotencyKey: key, now } = sub;
    const record = await tx.idempotency.get(s.userId, key);
    if (record) {
      if (record.fingerprint !== sub.fingerprint) return { state: 'mismatch' };
      if (record.state === 'done') {
        // records written before summaries were submitted this way carry the full response; newer ones point at the summary
        if (record.body !== null) return { state: 'done', status: record.status ?? 201, body: record.body };
        const stored = await tx.summaries.getByIdempotencyKey(s.userId, key);
        if (stored) return { state: 'done', status: record.status ?? 201, summary: stored };
      } else if (record.leaseUntil >= now) {
        return { state: 'in-flight' };
      }
      // else: a pending claim whose request died (or a done record without its summary): run this one
    }
    if (sub.correction) {
      const { versions, keyStored } = await tx.summaries.dayVersions(s.userId, s.date, key);
      if (versions > 0 && !keyStored) {
        if (s.date < sub.correction.from) return { state: 'too-old', versions };
        if (versions >= sub.correction.versionsPerDay) return { state: 'too-many', versions };
      }
    }
    // the key is recorded as done right away: this transaction either commits all of it or nothing
    await tx.idempotency.recordDone(s.userId, key, sub.fingerprint, 201, now);
    const inserted = await tx.summaries.insert(s, key);
    // the key's record was pruned but the summary under it is still stored: answer with that one
    if (!inserted.created)
      return { state: 'new', created: false, summary: inserted.summary, eventId: null, payload: null, recipients: [] };
    const payload = sub.event.payload(inserted.summary);
    const managers = sub.event.managersOf === null ? [] : await tx.users.listManagerIds(sub.event.managersOf);
    const recipients = [...new Set([...managers, ...sub.event.recipients])];
    const eventId = await tx.events.append(payload, recipients, sub.event.at);
    return { state: 'new', created: true, summary: inserted.summary, eventId, payload, recipients };
  });
}

/**
 * The event payload of a summary whose version only the database knows yet, as the text before
 * and after that number (`after` null: the payload does not name the version). The version is
 * found by building the payload with a random stand-in number that occurs nowhere else in it.
 */
export function payloadAroundVersion(sub: SummarySubmission): { before: string; after: string | null } {
  for (let attempt = 0; attempt < 8; attempt++) {
    const mark = 1_000_000_000 + Math.floor(Math.random() * 8_000_000_000);
    const parts = sub.event.payload({ ...sub.summary, version: mark }).split(String(mark));
    if (parts.length === 1) return { before: parts[0] as string, after: null };
    if (parts.length === 2) return { before: parts[0] as string, after: parts[1] as string };
  }
  throw new Error('the summary.created payload names its version more than once');
}
