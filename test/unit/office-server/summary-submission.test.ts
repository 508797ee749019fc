// The summary.created payload is built before the database knows the summary's version: the store
// fills the version in between the two halves payloadAroundVersion() returns.
import { describe, expect, it } from 'vitest';
import { payloadAroundVersion } from '../../../office-server/data/summary-submission';
import type { SummaryRecord, SummarySubmission } from '../../../office-server/data/store';

const summary: SummaryRecord = {
  id: 'sum_1',
  userId: 'u1',
  date: '2025-06-02',
  workedMinutes: 420,
  breakMinutes: 45,
  segments: [],
  tickets: [],
  slaBreaches: [],
  // numbers the stand-in must not be confused with
  notes: 'closed 1000000000 and 12 tickets; version 3',
  receivedAt: 1_750_000_000_000,
};
const submission = (payload: (s: SummaryRecord) => string): SummarySubmission => ({
  summary,
  idempotencyKey: 'k',
  fingerprint: 'f',
  now: 0,
  event: { payload, recipients: ['u1'], managersOf: null, at: 0 },
});

describe('payloadAroundVersion', () => {
  it('splits the payload at the version, so that before + version + after is the payload of the stored summary', () => {
    const payload = (s: SummaryRecord) =>
      JSON.stringify({ type: 'summary.created', summary: { ...s, version: s.version } });
    for (let i = 0; i < 50; i++) {
      const { before, after } = payloadAroundVersion(submission(payload));
      expect(`${before}7${after}`).toBe(payload({ ...summary, version: 7 }));
    }
  });

  it('leaves a payload that does not name the version whole', () => {
    expect(payloadAroundVersion(submission(() => '{"type":"summary.created"}'))).toEqual({
      before: '{"type":"summary.created"}',
      after: null,
    });
  });

  it('refuses a payload that names the version twice', () => {
    expect(() => payloadAroundVersion(submission((s) => `${s.version}-${s.version}`))).toThrow(/more than once/);
  });
});
