import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  Summary,
  SummaryListResponse,
  type LoginResponse,
  type SummaryInput,
} from '../../../shared/office-api';
import ExcelJS from 'exceljs';
import { requestFingerprint } from '../../../office-server/http/route';
import { XLSX_CONTENT_TYPE } from '../../../office-server/services/summary-xlsx';
import { toCsv } from '../../../shared/domain/summary-csv';
import { EventClient, createOtherTeam, expectBody, sqlOn, startTestServer, type TestServer } from './helpers';

/** tickets of the demo seed assigned to each worker (a summary may only name its author's) */
const TICKETS = { budi: ['INC-1001', 'INC-1006', 'INC-1009'], ayu: ['INC-1002', 'INC-1008', 'INC-1011'] } as const;

const report = (date: string, notes = 'steady day', who: keyof typeof TICKETS = 'budi'): SummaryInput => ({
  date,
  workedMinutes: 450,
  breakMinutes: 60,
  segments: [
    { start: `${date}T01:00:00.000Z`, end: `${date}T05:00:00.000Z`, kind: 'work', ticketId: TICKETS[who][0] },
    { start: `${date}T05:00:00.000Z`, end: `${date}T06:00:00.000Z`, kind: 'break' },
    { start: `${date}T06:00:00.000Z`, end: `${date}T09:30:00.000Z`, kind: 'work' },
  ],
  tickets: [
    { id: TICKETS[who][0], outcome: 'resolved' },
    { id: TICKETS[who][1], outcome: 'escalated' },
  ],
  slaBreaches: [TICKETS[who][2]],
  notes,
});

async function countSummaries(dataDir: string, userId: string): Promise<number> {
  const { rows } = await sqlOn<{ n: number | string }>(
    dataDir,
    'SELECT COUNT(*) AS n FROM summaries WHERE user_id = ? AND date LIKE ?',
    [userId, '2025-04-%'],
  );
  return Number(rows[0]?.n);
}

/** the date `n` days before today (UTC) */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function countSummariesOn(dataDir: string, userId: string, date: string): Promise<number> {
  const { rows } = await sqlOn<{ n: number | string }>(
    dataDir,
    'SELECT COUNT(*) AS n FROM summaries WHERE user_id = ? AND date = ?',
    [userId, date],
  );
  return Number(rows[0]?.n);
}

describe('office server: session summaries', () => {
  let s: TestServer;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let ayu: LoginResponse;
  let other: Awaited<ReturnType<typeof createOtherTeam>>;

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

  it('requires an Idempotency-Key and validates the body', async () => {
    const missing = await s.api.post('/api/v1/summaries', budi.accessToken, report('2025-04-01'));
    expect(missing.status).toBe(400);
    expect(ErrorBody.parse(missing.body).error.code).toBe('idempotency_key_required');

    const bad = await s.api.post('/api/v1/summaries', budi.accessToken, { ...report('2025-04-31'), extra: 1 }, 'k-bad');
    expect(bad.status).toBe(400);
    const paths = ErrorBody.parse(bad.body).error.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['body.date', 'body']));
    const backwards = report('2025-04-01');
    backwards.segments = [{ start: '2025-04-01T05:00:00.000Z', end: '2025-04-01T04:00:00.000Z', kind: 'work' }];
    expect((await s.api.post('/api/v1/summaries', budi.accessToken, backwards, 'k-back')).status).toBe(400);
    // a refused attempt does not burn the key
    expect((await s.api.post('/api/v1/summaries', budi.accessToken, report('2025-04-01'), 'k-bad')).status).toBe(201);
  });

  it('stores exactly one row under 20 concurrent repeats and answers each with the first result', async () => {
    const body = report('2025-04-02');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => s.api.post('/api/v1/summaries', budi.accessToken, body, 'report-2025-04-02')),
    );
    const ok = responses.filter((r) => r.status === 201).map((r) => Summary.parse(r.body));
    const inFlight = responses.filter((r) => r.status === 409);
    expect(ok.length + inFlight.length).toBe(20);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((x) => x.id)).size).toBe(1);
    expect(ok[0]).toMatchObject({
      userId: budi.user.id,
      date: '2025-04-02',
      workedMinutes: 450,
      slaBreaches: ['INC-1009'],
      version: 1,
    });

    const list = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/summaries?date=2025-04-02', budi.accessToken),
    );
    expect(list.items).toHaveLength(1);
    expect(await countSummaries(s.dataDir, budi.user.id)).toBe(2); // 04-01 and 04-02

    const repeat = await s.api.post('/api/v1/summaries', budi.accessToken, body, 'report-2025-04-02');
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(Summary.parse(repeat.body).id).toBe(ok[0]?.id);

    const different = await s.api.post(
      '/api/v1/summaries',
      budi.accessToken,
      report('2025-04-02', 'changed'),
      'report-2025-04-02',
    );
    expect(different.status).toBe(422);
    expect(ErrorBody.parse(different.body).error.code).toBe('idempotency_key_reused');

    // keys are per user: ayu may use the same key for her own report
    expect(
      (
        await s.api.post(
          '/api/v1/summaries',
          ayu.accessToken,
          report('2025-04-02', 'steady day', 'ayu'),
          'report-2025-04-02',
        )
      ).status,
    ).toBe(201);
  });

  it('answers 409 while the first request with that key is still in flight', async () => {
    const body = report('2025-04-03');
    // another server process (or a slow first attempt) holds the key: a pending row with a live lease
    await sqlOn(
      s.dataDir,
      `INSERT INTO idempotency (user_id, key, fingerprint, state, created_at, lease_until) VALUES (?, ?, ?, 'pending', ?, ?)`,
      [
        budi.user.id,
        'in-flight-key',
        requestFingerprint('POST', '/api/v1/summaries', {}, body),
        Date.now(),
        Date.now() + 60_000,
      ],
    );
    const r = await s.api.post('/api/v1/summaries', budi.accessToken, body, 'in-flight-key');
    expect(r.status).toBe(409);
    expect(ErrorBody.parse(r.body).error.code).toBe('idempotency_in_flight');
    expect(await countSummaries(s.dataDir, budi.user.id)).toBe(2);
  });

  it('keeps summaries private to their author and the author’s manager', async () => {
    const mine = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/summaries?date=2025-04-02', budi.accessToken),
    );
    const id = mine.items[0]?.id ?? '';
    expect((await s.api.get(`/api/v1/summaries/${id}`, budi.accessToken)).status).toBe(200);
    expect((await s.api.get(`/api/v1/summaries/${id}`, siti.accessToken)).status).toBe(200);
    // a colleague, another team's manager and another team's worker: 404
    expect((await s.api.get(`/api/v1/summaries/${id}`, ayu.accessToken)).status).toBe(404);
    expect((await s.api.get(`/api/v1/summaries/${id}`, other.manager.accessToken)).status).toBe(404);
    expect((await s.api.get(`/api/v1/summaries/${id}`, other.worker.accessToken)).status).toBe(404);
    // workers have no team view
    expect((await s.api.get('/api/v1/team/summaries?date=2025-04-02', budi.accessToken)).status).toBe(403);

    const team = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/team/summaries?date=2025-04-02', siti.accessToken),
    );
    expect(team.items.map((x) => x.userId).sort()).toEqual([budi.user.id, ayu.user.id].sort());
    const theirs = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/team/summaries?date=2025-04-02', other.manager.accessToken),
    );
    expect(theirs.items).toHaveLength(0);
    expect(
      (await s.api.get(`/api/v1/team/summaries?date=2025-04-02&userId=${budi.user.id}`, other.manager.accessToken))
        .status,
    ).toBe(404);
  });

  it('refuses a summary that names another person’s ticket, or a ticket that does not exist', async () => {
    for (const [field, body] of [
      [
        'body.tickets.1.id',
        {
          ...report('2025-04-09'),
          tickets: [
            { id: 'INC-1001', outcome: 'resolved' },
            { id: 'INC-1002', outcome: 'resolved' },
          ],
        },
      ],
      ['body.slaBreaches.0', { ...report('2025-04-09'), slaBreaches: ['INC-1003'] }],
      [
        'body.segments.0.ticketId',
        {
          ...report('2025-04-09'),
          segments: [
            { start: '2025-04-09T01:00:00.000Z', end: '2025-04-09T02:00:00.000Z', kind: 'work', ticketId: 'INC-9999' },
          ],
        },
      ],
    ] as const) {
      const r = await s.api.post('/api/v1/summaries', budi.accessToken, body, `foreign-${field}`);
      expect(r.status, r.text).toBe(400);
      const error = ErrorBody.parse(r.body).error;
      expect(error.code).toBe('validation_failed');
      expect(error.issues?.map((i) => i.path)).toEqual([field]);
    }
    expect(
      expectBody(SummaryListResponse, await s.api.get('/api/v1/summaries?date=2025-04-09', budi.accessToken)).items,
    ).toHaveLength(0);
  });

  it('a correction of a sent day is a new version, seen live by the manager; the CSV keeps the newest', async () => {
    const day = daysAgo(3);
    const manager = await EventClient.connect(s.url, { token: siti.accessToken });
    const first = Summary.parse(
      (await s.api.post('/api/v1/summaries', ayu.accessToken, report(day, 'first', 'ayu'), `ayu-${day}-v1`)).body,
    );
    const second = Summary.parse(
      (await s.api.post('/api/v1/summaries', ayu.accessToken, report(day, 'corrected', 'ayu'), `ayu-${day}-v2`)).body,
    );
    expect([first.version, second.version]).toEqual([1, 2]);
    // the manager's live event names the stored version (the store fills it in as it writes)
    const live = await manager.waitFor(
      (f) => f.type === 'event' && f.event.type === 'summary.created' && f.event.summary.id === second.id,
    );
    expect(live).toMatchObject({ event: { summary: { notes: 'corrected', version: 2 } } });
    await manager.close();
    // a retry of the correction is not a third version
    const replay = await s.api.post(
      '/api/v1/summaries',
      ayu.accessToken,
      report(day, 'corrected', 'ayu'),
      `ayu-${day}-v2`,
    );
    expect(Summary.parse(replay.body)).toMatchObject({ id: second.id, version: 2 });
    const team = expectBody(
      SummaryListResponse,
      await s.api.get(`/api/v1/team/summaries?date=${day}`, siti.accessToken),
    );
    // the team list holds the newest version with how many it supersedes; her own list has both
    expect(team.items.map((x) => [x.notes, x.version, x.earlierVersions])).toEqual([['corrected', 2, 1]]);
    const own = expectBody(SummaryListResponse, await s.api.get(`/api/v1/summaries?date=${day}`, ayu.accessToken));
    expect(own.items.map((x) => [x.notes, x.version])).toEqual([
      ['first', 1],
      ['corrected', 2],
    ]);
    const csv = (await s.api.get(`/api/v1/team/summaries.csv?from=${day}&to=${day}`, siti.accessToken)).text
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/,corrected,.*,2$/);
  });

  it('exports a date range as CSV for the manager', async () => {
    const r = await s.api.get('/api/v1/team/summaries.csv?from=2025-04-01&to=2025-04-30', siti.accessToken);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = r.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,username,displayName,workedMinutes,breakMinutes,ticketsResolved,ticketsEscalated,ticketsInProgress,slaBreaches,notes,receivedAt,summaryId,version',
    );
    expect(lines).toHaveLength(1 + 3);
    expect(lines[1]).toMatch(/^2025-04-01,budi,Budi Santoso,450,60,1,1,0,INC-1009,steady day,.*,1$/);
    expect((await s.api.get('/api/v1/team/summaries.csv?from=2025-04-30&to=2025-04-01', siti.accessToken)).status).toBe(
      400,
    );
  });

  it('exports notes no spreadsheet runs as formulas, whichever list separator it splits by', async () => {
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const notes = 'ok;=1+1;@SUM(A1);-2+3, +62 21 555;\t=cmd';
    expect(
      (await s.api.post('/api/v1/summaries', budi.accessToken, report(day, notes), `csv-formula-${day}`)).status,
    ).toBe(201);
    const csv = (await s.api.get(`/api/v1/team/summaries.csv?from=${day}&to=${day}`, siti.accessToken)).text;
    const row = csv.split('\r\n').find((line) => line.includes(',budi,'))!;
    expect(row).toContain("\"ok;'=1+1;'@SUM(A1);'-2+3, '+62 21 555;'\t'=cmd\"");
    // split the way Excel does with ";" (id-ID) or "," as the list separator, ignoring quotes
    for (const separator of [';', ',']) {
      expect(row.split(separator).filter((cell) => /^\s*[=+\-@]/.test(cell))).toEqual([]);
    }
  });

  it('exports the same range as a spreadsheet: the CSV row for row, tickets on their own sheet, formulas as text', async () => {
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const range = `from=2025-04-01&to=${day}`;
    const csv = (await s.api.get(`/api/v1/team/summaries.csv?${range}`, siti.accessToken)).text;
    const res = await fetch(`${s.api.url}/api/v1/team/summaries.csv?${range}&format=xlsx`, {
      headers: { authorization: `Bearer ${siti.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers.get('content-disposition')).toContain(`summaries-2025-04-01-${day}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Days', 'Tickets']);
    const cellsOf = (sheet: ExcelJS.Worksheet) => {
      const rows: Array<Array<string | number>> = [];
      sheet.eachRow((row) => {
        const cells: Array<string | number> = [];
        for (let c = 1; c <= row.cellCount; c++) {
          const cell = row.getCell(c);
          // nothing in the report is a formula: every cell holds a plain string or number
          // (an empty text cell reads back as empty)
          expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null]).toContain(cell.type);
          cells.push(cell.type === ExcelJS.ValueType.Null ? '' : (cell.value as string | number));
        }
        rows.push(cells);
      });
      return rows;
    };
    const days = cellsOf(book.getWorksheet('Days')!);
    // the CSV's lines, each cell through the CSV writer: the xlsx's cells already carry the formula guard
    // (csvCell leaves an already guarded cell alone), so this compares cell for cell
    expect(toCsv(days)).toBe(csv);
    expect(days.length).toBeGreaterThan(3);
    const formula = days.find((row) => row[0] === day && row[1] === 'budi')!;
    expect(formula[9]).toBe("ok;'=1+1;'@SUM(A1);'-2+3, '+62 21 555;'\t'=cmd");
    const tickets = cellsOf(book.getWorksheet('Tickets')!);
    expect(tickets[0]).toEqual([
      'date',
      'username',
      'displayName',
      'ticketId',
      'outcome',
      'slaBreached',
      'summaryId',
      'version',
    ]);
    // each day's tickets, in the days' order
    const expected = days
      .slice(1)
      .flatMap((row) =>
        Array.from({ length: Number(row[5]) + Number(row[6]) + Number(row[7]) }, () => [row[0], row[1], row[11]]),
      );
    expect(tickets.slice(1).map((row) => [row[0], row[1], row[6]])).toEqual(expected);
    expect(tickets.find((row) => row[3] === TICKETS.budi[0] && row[0] === '2025-04-01')).toEqual([
      '2025-04-01',
      'budi',
      'Budi Santoso',
      TICKETS.budi[0],
      'resolved',
      'no',
      expect.any(String),
      1,
    ]);
    expect((await s.api.get(`/api/v1/team/summaries.csv?${range}&format=pdf`, siti.accessToken)).status).toBe(400);
    // the published contract says so
    const doc = (await s.api.get('/openapi.json')).body as {
      paths: Record<string, { get: { responses: Record<string, { content: object }> } }>;
    };
    expect(Object.keys(doc.paths['/api/v1/team/summaries.csv']!.get.responses['200']!.content)).toEqual([
      'text/csv',
      XLSX_CONTENT_TYPE,
    ]);
  });

  it('limits corrections to the last 7 days and 10 versions a day; a repeat of a stored one is still answered', async () => {
    // an old day may be sent once (a late first summary), but not corrected
    const old = daysAgo(12);
    expect(
      (await s.api.post('/api/v1/summaries', ayu.accessToken, report(old, 'late', 'ayu'), `old-${old}-1`)).status,
    ).toBe(201);
    const refused = await s.api.post('/api/v1/summaries', ayu.accessToken, report(old, 'again', 'ayu'), `old-${old}-2`);
    expect(refused.status).toBe(400);
    expect(ErrorBody.parse(refused.body).error.issues?.map((i) => i.path)).toEqual(['body.date']);
    expect(ErrorBody.parse(refused.body).error.message).toMatch(/corrected for 7 days/);

    const day = daysAgo(5);
    for (let v = 1; v <= 10; v++) {
      const r = await s.api.post('/api/v1/summaries', ayu.accessToken, report(day, `v${v}`, 'ayu'), `many-${day}-${v}`);
      expect(r.status, r.text).toBe(201);
    }
    const eleventh = await s.api.post(
      '/api/v1/summaries',
      ayu.accessToken,
      report(day, 'v11', 'ayu'),
      `many-${day}-11`,
    );
    expect(eleventh.status).toBe(409);
    expect(ErrorBody.parse(eleventh.body).error.message).toMatch(/10 versions/);
    // the tenth again, under its key: the stored answer, not a refusal
    const replay = await s.api.post('/api/v1/summaries', ayu.accessToken, report(day, 'v10', 'ayu'), `many-${day}-10`);
    expect(replay.status).toBe(201);
    expect(Summary.parse(replay.body)).toMatchObject({ notes: 'v10', version: 10 });

    const team = expectBody(
      SummaryListResponse,
      await s.api.get(`/api/v1/team/summaries?date=${day}`, siti.accessToken),
    );
    expect(team.items.map((x) => [x.userId, x.notes, x.version, x.earlierVersions])).toEqual([
      [ayu.user.id, 'v10', 10, 9],
    ]);
    expect(await countSummariesOn(s.dataDir, ayu.user.id, day)).toBe(10);
  });

  it('keeps every summary across a restart', async () => {
    const before = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/team/summaries?from=2025-04-01&to=2025-04-30', siti.accessToken),
    );
    await s.close();
    s = { ...(await startTestServer({ dataDir: s.dataDir })), dataDir: s.dataDir };
    const again = await s.api.login('siti');
    const after = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/team/summaries?from=2025-04-01&to=2025-04-30', again.accessToken),
    );
    expect(after.items).toEqual(before.items);
    expect(after.items.length).toBe(3);
    // the old access token still works: sessions are stored, not in memory
    expect((await s.api.get('/api/v1/summaries', budi.accessToken)).status).toBe(200);
  });
});

// Issue 9, item 7: a summary is about a real day within a sane window (2000-01-01 … 2099-12-31,
// and never after tomorrow by the server's clock); queries outside the window are refused too.
describe('office server: summary dates', () => {
  let s: TestServer;
  let budi: LoginResponse;
  let siti: LoginResponse;
  const clock = Date.parse('2026-03-02T02:00:00.000Z');

  beforeAll(async () => {
    s = await startTestServer({ now: () => clock });
    budi = await s.api.login('budi');
    siti = await s.api.login('siti');
  });
  afterAll(async () => {
    await s.cleanup();
  });

  const refusedDate = (r: { status: number; body: unknown }, path: string) => {
    expect(r.status).toBe(400);
    const error = ErrorBody.parse(r.body).error;
    expect(error.code).toBe('validation_failed');
    expect(error.issues?.map((i) => i.path)).toContain(path);
  };

  it('refuses 0000-01-01, 9999-12-31 and other days outside the window with a validation error', async () => {
    for (const date of ['0000-01-01', '9999-12-31', '1999-12-31', '2100-01-01', '2026-03-04']) {
      refusedDate(await s.api.post('/api/v1/summaries', budi.accessToken, report(date), `bad-${date}`), 'body.date');
    }
    // nothing was stored
    const all = expectBody(
      SummaryListResponse,
      await s.api.get('/api/v1/summaries?from=2000-01-01&to=2099-12-31', budi.accessToken),
    );
    expect(all.items.filter((x) => x.date < '2000-01-01' || x.date > '2026-03-03')).toHaveLength(0);
  });

  it('accepts the edges of the window: 2000-01-01, today and tomorrow (time zones ahead of the server)', async () => {
    for (const date of ['2000-01-01', '2026-03-02', '2026-03-03']) {
      const r = await s.api.post('/api/v1/summaries', budi.accessToken, report(date), `ok-${date}`);
      expect(r.status, r.text).toBe(201);
      expect(Summary.parse(r.body).date).toBe(date);
    }
  });

  it('refuses query dates outside the window on every summary route', async () => {
    refusedDate(await s.api.get('/api/v1/summaries?date=0000-01-01', budi.accessToken), 'query.date');
    refusedDate(await s.api.get('/api/v1/summaries?from=2025-01-01&to=9999-12-31', budi.accessToken), 'query.to');
    refusedDate(
      await s.api.get('/api/v1/team/summaries?from=0000-01-01&to=2025-01-01', siti.accessToken),
      'query.from',
    );
    refusedDate(await s.api.get('/api/v1/summaries.csv?from=0000-01-01&to=9999-12-31', budi.accessToken), 'query.from');
    refusedDate(
      await s.api.get('/api/v1/team/summaries.csv?from=2025-01-01&to=9999-12-31', siti.accessToken),
      'query.to',
    );
    expect((await s.api.get('/api/v1/summaries?from=2000-01-01&to=2099-12-31', budi.accessToken)).status).toBe(200);
  });
});
