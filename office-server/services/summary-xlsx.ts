// The team report as a spreadsheet (xlsx): a sheet of days per person and a sheet of tickets, from the
// very rows the CSV export writes (summaryReportRows). Every text cell is written as a string, never a
// formula, and carries the CSV's formula guard too, so a note "=HYPERLINK(...)" stays text even after
// the sheet is saved again as CSV by whoever opens it.
import ExcelJS from 'exceljs';
import { neutraliseFormulas, summaryReportRows, type CsvSummary } from '../../shared/domain/summary-csv';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const REPORT_SHEETS = { days: 'Days', tickets: 'Tickets' } as const;

export async function summariesXlsx(
  summaries: readonly CsvSummary[],
  people: ReadonlyMap<string, { username: string; displayName: string }>,
): Promise<Buffer> {
  const rows = summaryReportRows(summaries, people);
  const book = new ExcelJS.Workbook();
  book.creator = 'Teleworker office';
  for (const [key, name] of Object.entries(REPORT_SHEETS) as Array<[keyof typeof REPORT_SHEETS, string]>) {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    rows[key].forEach((row, r) => {
      const line = sheet.getRow(r + 1);
      row.forEach((value, c) => {
        const cell = line.getCell(c + 1);
        if (typeof value === 'number') {
          cell.value = Number.isFinite(value) ? value : null;
        } else {
          // a plain string value is stored as a shared string, never parsed as a formula
          cell.value = neutraliseFormulas(value);
          cell.numFmt = '@';
        }
      });
    });
    sheet.getRow(1).font = { bold: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
