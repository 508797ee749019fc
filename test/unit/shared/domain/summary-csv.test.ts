import { describe, expect, it } from 'vitest';
import {
  csvCell,
  summariesCsv,
  summaryReportRows,
  toCsv,
  type CsvSummary,
} from '../../../../shared/domain/summary-csv';

/**
 * Reads a CSV the way a spreadsheet does with the given list separator: quoted fields may hold
 * separators, quotes ("") and line breaks; everything else splits at the separator.
 */
function readAs(text: string, separator: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && !started) {
      quoted = true;
      started = true;
    } else if (c === separator) {
      row.push(cell);
      cell = '';
      started = false;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      started = false;
      i++;
    } else {
      cell += c;
      started = true;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** what a spreadsheet would run as a formula: a cell whose first non-space character starts one */
const runsAsFormula = (cell: string) => /^[\s\u00a0]*[=+\-@]/.test(cell) || /^[\t\r]/.test(cell);

const NOTES = [
  'ok;=1+1;@SUM(A1);-2+3',
  '=HYPERLINK("http://evil.example","klik")',
  '+62 21 555 0101',
  '-5 menit karena rapat',
  '@budi tolong cek',
  '\t=1+1',
  'x;\t=1+1',
  '\r=1+1',
  'a,=1+1, +2,\t-3',
  'a; =cmd|"/c calc"!A0',
  'Catatan: "tiket" selesai,\nbesok lanjut; sudah dicek',
  'Sudah selesai — terima kasih, Pak Ilham! Rp 1.500.000; naik 5%',
];

describe('the summaries CSV (both exports)', () => {
  it('leaves no cell a spreadsheet would run as a formula, read with "," or with ";"', () => {
    const csv = toCsv([['notes'], ...NOTES.map((n) => [n])]);
    for (const separator of [',', ';'] as const) {
      // a tab splits cells too when the text is pasted
      const cells = readAs(csv, separator)
        .flat()
        .flatMap((cell) => cell.split('\t'));
      const formulas = cells.filter(runsAsFormula);
      expect(formulas, `read with ${separator}`).toEqual([]);
    }
  });

  it('keeps the text readable: read with ",", each note is one cell holding its words', () => {
    const csv = toCsv([['notes', 'n'], ...NOTES.map((n, i) => [n, i])]);
    const rows = readAs(csv, ',');
    expect(rows).toHaveLength(NOTES.length + 1);
    rows.slice(1).forEach((row, i) => {
      expect(row).toHaveLength(2);
      expect(row[1]).toBe(String(i));
      // the only change is a ' before a formula character
      expect(row[0]!.replace(/'(?=[=+\-@\t\r])/g, '')).toBe(NOTES[i]);
    });
    expect(csvCell('Selesai, terima kasih')).toBe('"Selesai, terima kasih"');
    expect(csvCell('Pak "Ilham"')).toBe('"Pak ""Ilham"""');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('baris\ndua')).toBe('"baris\ndua"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('plain text')).toBe('plain text');
  });

  it('writes the newest version of each person’s day for a date range, with names and dates as given', () => {
    const base: Omit<CsvSummary, 'id' | 'userId' | 'date' | 'notes' | 'version'> = {
      workedMinutes: 450,
      breakMinutes: 60,
      tickets: [
        { id: 'INC-1001', outcome: 'resolved' },
        { id: 'INC-1009', outcome: 'escalated' },
        { id: 'INC-1003', outcome: 'resolved' },
      ],
      slaBreaches: ['INC-1009', 'INC-1010'],
      receivedAt: Date.UTC(2026, 11, 1, 10, 0),
    };
    const people = new Map([
      ['u1', { username: 'budi', displayName: 'Budi Santoso' }],
      ['u2', { username: 'ayu', displayName: '=Ayu; Lestari' }],
    ]);
    const summaries: CsvSummary[] = [
      { ...base, id: 's3', userId: 'u2', date: '2026-12-01', notes: 'Rapat dengan tim, selesai', version: 1 },
      { ...base, id: 's1', userId: 'u1', date: '2026-12-02', notes: 'pertama', version: 1 },
      { ...base, id: 's2', userId: 'u1', date: '2026-12-02', notes: '@koreksi', version: 2 },
      { ...base, id: 's4', userId: 'u1', date: '2026-12-01', notes: '', receivedAt: '2026-12-01T11:00:00.000Z' },
    ];
    const csv = summariesCsv(summaries, people);
    const rows = readAs(csv, ',');
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[5], r[6], r[8], r[9], r[10], r[11], r[12]])).toEqual([
      ['2026-12-01', 'budi', 'Budi Santoso', '2', '1', 'INC-1009 INC-1010', '', '2026-12-01T11:00:00.000Z', 's4', '1'],
      [
        '2026-12-01',
        'ayu',
        "'=Ayu; Lestari",
        '2',
        '1',
        'INC-1009 INC-1010',
        'Rapat dengan tim, selesai',
        '2026-12-01T10:00:00.000Z',
        's3',
        '1',
      ],
      [
        '2026-12-02',
        'budi',
        'Budi Santoso',
        '2',
        '1',
        'INC-1009 INC-1010',
        "'@koreksi",
        '2026-12-01T10:00:00.000Z',
        's2',
        '2',
      ],
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(readAs(csv, ';').flat().filter(runsAsFormula)).toEqual([]);
    // the spreadsheet's rows: the CSV's days, and each day's tickets in the same order
    const report = summaryReportRows(summaries, people);
    expect(toCsv(report.days)).toBe(csv);
    expect(report.tickets.slice(1).map((r) => [r[6], r[3], r[4], r[5], r[2]])).toEqual([
      ['s4', 'INC-1001', 'resolved', 'no', 'Budi Santoso'],
      ['s4', 'INC-1009', 'escalated', 'yes', 'Budi Santoso'],
      ['s4', 'INC-1003', 'resolved', 'no', 'Budi Santoso'],
      ['s3', 'INC-1001', 'resolved', 'no', '=Ayu; Lestari'],
      ['s3', 'INC-1009', 'escalated', 'yes', '=Ayu; Lestari'],
      ['s3', 'INC-1003', 'resolved', 'no', '=Ayu; Lestari'],
      ['s2', 'INC-1001', 'resolved', 'no', 'Budi Santoso'],
      ['s2', 'INC-1009', 'escalated', 'yes', 'Budi Santoso'],
      ['s2', 'INC-1003', 'resolved', 'no', 'Budi Santoso'],
    ]);
  });
});
