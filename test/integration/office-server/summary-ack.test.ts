// A manager acknowledges a summary, with a reply or a request to correct: the author and the
// team's managers hear of it live, the summary's answers carry who and when, a correction sent
// afterwards is a new version that waits for its own acknowledgement, and nobody else may do it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, Summary, SummaryListResponse, type LoginResponse } from '../../../shared/office-api';
import { EventClient, createOtherTeam, expectBody, startTestServer, type TestServer } from './helpers';

const DATE = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const report = (notes: string, ticket = 'INC-1001') => ({
  date: DATE,
  workedMinutes: 450,
  breakMinutes: 60,
  segments: [],
  tickets: [{ id: ticket, outcome: 'resolved' }],
  slaBreaches: [],
  notes,
});

describe('office server: acknowledging a summary', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;
  let keys = 0;
  const send = async (token: string, notes: string, ticket?: string) =>
    expectBody(Summary, await s.api.post('/api/v1/summaries', token, report(notes, ticket), `ack-${++keys}`), 201);
  const ack = (token: string, id: string, body: unknown = {}) =>
    s.api.post(`/api/v1/summaries/${id}/acknowledge`, token, body);

  beforeAll(async () => {
    s = await startTestServer();
    siti = await s.api.login('siti');
    budi = await s.api.login('budi');
    ayu = await s.api.login('ayu');
    other = await createOtherTeam(s.api);
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('acknowledges once with a reply; the author hears it; a correction waits for its own acknowledgement', async () => {
    const budiWs = await EventClient.connect(s.url, { token: budi.accessToken });
    const ayuWs = await EventClient.connect(s.url, { token: ayu.accessToken });
    try {
      await Promise.all([budiWs, ayuWs].map((w) => w.waitFor((f) => f.type === 'ready')));
      const first = await send(budi.accessToken, 'first');
      expect(first).toMatchObject({ acknowledgedAt: null, acknowledgedBy: null, correctionRequested: false });

      // nobody but the author's manager: the author, a colleague, another team's manager
      expect((await ack(budi.accessToken, first.id)).status).toBe(403);
      expect((await ack(ayu.accessToken, first.id)).status).toBe(403);
      expect((await ack(other.manager.accessToken, first.id)).status).toBe(404);
      // a request to correct says what
      const empty = await ack(siti.accessToken, first.id, { requestCorrection: true });
      expect(empty.status).toBe(400);
      expect(ErrorBody.parse(empty.body).error.issues?.[0]?.path).toBe('body.reply');

      const done = expectBody(Summary, await ack(siti.accessToken, first.id, { reply: 'Thanks, good day.' }));
      expect(done).toMatchObject({ acknowledgedBy: siti.user.id, ackReply: 'Thanks, good day.' });
      expect(Date.parse(done.acknowledgedAt!)).toBeGreaterThan(0);
      const told = await budiWs.waitFor((f) => f.type === 'event' && f.event.type === 'summary.acknowledged');
      expect(told.type === 'event' && told.event.type === 'summary.acknowledged' && told.event.summary).toEqual(done);
      // a repeat (the outbox retrying) changes nothing and says what stands
      const again = expectBody(Summary, await ack(siti.accessToken, first.id, { reply: 'changed my mind' }));
      expect(again).toEqual(done);
      // the author's own answer and the team list carry it
      const mine = expectBody(SummaryListResponse, await s.api.get(`/api/v1/summaries?date=${DATE}`, budi.accessToken));
      expect(mine.items.find((x) => x.id === first.id)).toMatchObject({
        acknowledgedBy: siti.user.id,
        ackReply: 'Thanks, good day.',
      });

      // a correction is a new version: not acknowledged, and the old one may no longer be acknowledged anew
      const second = await send(budi.accessToken, 'second');
      expect(second).toMatchObject({ version: (first.version ?? 1) + 1, acknowledgedAt: null });
      const team = expectBody(
        SummaryListResponse,
        await s.api.get(`/api/v1/team/summaries?date=${DATE}`, siti.accessToken),
      );
      expect(team.items.find((x) => x.userId === budi.user.id)).toMatchObject({ id: second.id, acknowledgedAt: null });
      const asks = expectBody(
        Summary,
        await ack(siti.accessToken, second.id, {
          reply: 'Ticket INC-1001 was escalated, not resolved.',
          requestCorrection: true,
        }),
      );
      expect(asks).toMatchObject({ correctionRequested: true, acknowledgedBy: siti.user.id });

      // an older version while a newer one waits: refused
      const third = await send(budi.accessToken, 'third');
      const stale = await ack(siti.accessToken, second.id);
      expect(stale.status).toBe(200); // already acknowledged: the repeat answer
      const thirdAck = await ack(siti.accessToken, third.id);
      expect(thirdAck.status).toBe(200);
      const ayuDay = await send(ayu.accessToken, 'ayu 1', 'INC-1002');
      const ayuNewer = await send(ayu.accessToken, 'ayu 2', 'INC-1002');
      const older = await ack(siti.accessToken, ayuDay.id);
      expect(older.status).toBe(409);
      expect(ErrorBody.parse(older.body).error.code).toBe('conflict');
      // ayu's own acknowledgement comes after budi's on the one stream: by then, none of his reached her
      expect((await ack(siti.accessToken, ayuNewer.id)).status).toBe(200);
      await ayuWs.waitFor(
        (f) => f.type === 'event' && f.event.type === 'summary.acknowledged' && f.event.summary.id === ayuNewer.id,
      );
      expect(
        ayuWs
          .events()
          .filter((e) => e.event.type === 'summary.acknowledged' && e.event.summary.userId === budi.user.id),
      ).toEqual([]);
    } finally {
      await budiWs.close();
      await ayuWs.close();
    }
  });
});
