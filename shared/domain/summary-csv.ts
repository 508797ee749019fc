// The project's one CSV writer (csvCell, toCsv): the summaries export (the office's /summaries.csv and
// the app's Team export) and the office's ticket audit export (/audit.csv). The office's spreadsheet
// (xlsx) report is written from the same rows (summaryReportRows) with the same formula guard
// (neutraliseFormulas), so the two files cannot say different things.
// People's text ends up in a spreadsheet, where a cell that starts with =, +, -, @ (or a tab or
// carriage return before one) runs as a formula. Excel splits a file by the list separator of the
// machine's region, ";" for id-ID, so a comma file's cell "ok;=1+1" becomes two cells there: the
// guard applies at the start of a cell and after every ",", ";" or tab inside one, and any cell
// holding a separator, quote or line break is quoted.

/** Characters that make a spreadsheet read what follows as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
// a separator (any region's), optional spaces, then a formula character
// (a lookahead: a tab is both, so ";\t=" needs a mark before the tab and another before the "=")
const FORMULA_AFTER_SEPARATOR = /([,;\t][ \u00a0]*)(?=[=+\-@\t\r])/g;

/** Text with a ' before anything a spreadsheet would run as a formula (at the start, after a separator). */
export function neutraliseFormulas(value: string): string {
  const text = value.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell of a comma-separated file: a number as written; text neutralised and quoted as needed. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormulas(value);
  return /[",;\t\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV, CRLF line ends (RFC 4180), with a final line end. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const SUMMARY_CSV_COLUMNS = [
  'date',
  'username',
  'displayName',
  'workedMinutes',
  'breakMinutes',
  'ticketsResolved',
  'ticketsEscalated',
  'ticketsInProgress',
  'slaBreaches',
  'notes',
  'receivedAt',
  'summaryId',
  'version',
] as const;

/** What both sides know of a summary (the office's record and the API's Summary both fit). */
export interface CsvSummary {
  id: string;
  userId: string;
  date: string;
  workedMinutes: number;
  breakMinutes: number;
  tickets: ReadonlyArray<{ id: string; outcome: string }>;
  slaBreaches: readonly string[];
  notes: string;
  /** ms since the epoch (the office's record) or an ISO date-time (the API) */
  receivedAt: number | string;
  version?: number | undefined;
}

export const SUMMARY_TICKET_COLUMNS = [
  'date',
  'username',
  'displayName',
  'ticketId',
  'outcome',
  'slaBreached',
  'summaryId',
  'version',
] as const;

export type ReportCell = string | number;

/**
 * The rows of a range's report, each with its header row first: `days` (one row per person's day, the
 * CSV's rows) and `tickets` (one row per ticket a day names, in the days' order). Only the newest
 * version of each person's day counts, by day then person. `people` gives a person's user name and
 * display name where known.
 */
export function summaryReportRows(
  summaries: readonly CsvSummary[],
  people: ReadonlyMap<string, { username: string; displayName: string }>,
): { days: ReportCell[][]; tickets: ReportCell[][] } {
  const latest = new Map<string, CsvSummary>();
  for (const s of summaries) {
    const key = `${s.userId} ${s.date}`;
    const seen = latest.get(key);
    if (!seen || (s.version ?? 1) > (seen.version ?? 1)) latest.set(key, s);
  }
  const days: ReportCell[][] = [[...SUMMARY_CSV_COLUMNS]];
  const tickets: ReportCell[][] = [[...SUMMARY_TICKET_COLUMNS]];
  for (const s of [...latest.values()].sort(
    (a, b) => a.date.localeCompare(b.date) || a.userId.localeCompare(b.userId),
  )) {
    const person = people.get(s.userId);
    const username = person?.username ?? s.userId;
    const displayName = person?.displayName ?? '';
    const count = (outcome: string) => s.tickets.filter((t) => t.outcome === outcome).length;
    days.push([
      s.date,
      username,
      displayName,
      s.workedMinutes,
      s.breakMinutes,
      count('resolved'),
      count('escalated'),
      count('in-progress'),
      s.slaBreaches.join(' '),
      s.notes,
      new Date(s.receivedAt).toISOString(),
      s.id,
      s.version ?? 1,
    ]);
    for (const t of s.tickets) {
      tickets.push([
        s.date,
        username,
        displayName,
        t.id,
        t.outcome,
        s.slaBreaches.includes(t.id) ? 'yes' : 'no',
        s.id,
        s.version ?? 1,
      ]);
    }
  }
  return { days, tickets };
}

/** The summaries of a range as CSV: the days of summaryReportRows. */
export function summariesCsv(
  summaries: readonly CsvSummary[],
  people: ReadonlyMap<string, { username: string; displayName: string }>,
): string {
  return toCsv(summaryReportRows(summaries, people).days);
}
