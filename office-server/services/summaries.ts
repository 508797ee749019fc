// POST /summaries in one transaction across three areas: the Idempotency-Key's record, the summary
// row and its summary.created event commit together or not at all, so no claim is ever left pending
// by it (unlike the generic claim → handler → result protocol of http/route.ts).
import type { OfficeStore, SummaryRecord } from '../data/store';

export interface SummarySubmission {
  summary: SummaryRecord;
  idempotencyKey: string;
  /** requestFingerprint() of the request: the same key with another fingerprint is a mismatch */
  fingerprint: string;
  now: number;
  /** the summary.created event (built from the stored summary, which knows its version), stored with its recipients only when the summary is new */
  event: { payload: (stored: SummaryRecord) => string; recipients: string[]; at: number };
}

export type SummarySubmitResult =
  /** the request ran: created=false when a summary under this key already existed (its key record was pruned) */
  | { state: 'new'; created: boolean; summary: SummaryRecord; eventId: number | null; payload: string | null }
  /** a repeat of a completed request: the stored summary (or, for older records, the stored response) */
  | { state: 'done'; status: number; summary: SummaryRecord }
  | { state: 'done'; status: number; body: string }
  | { state: 'in-flight' }
  | { state: 'mismatch' };

export function submitSummary(store: OfficeStore, sub: SummarySubmission): Promise<SummarySubmitResult> {
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
    // the key is recorded as done right away: this transaction either commits all of it or nothing
    await tx.idempotency.recordDone(s.userId, key, sub.fingerprint, 201, now);
    const inserted = await tx.summaries.insert(s, key);
    // the key's record was pruned but the summary under it is still stored: answer with that one
    if (!inserted.created) return { state: 'new', created: false, summary: inserted.summary, eventId: null, payload: null };
    const payload = sub.event.payload(inserted.summary);
    const eventId = await tx.events.append(payload, [...new Set(sub.event.recipients)], sub.event.at);
    return { state: 'new', created: true, summary: inserted.summary, eventId, payload };
  });
}
