import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvField } from './csv.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** One table leaving the CRM: its translated header and its rows, read lazily batch by batch. */
export type ExportTable = {
  sheet: string;
  header: readonly string[];
  rows: AsyncIterable<readonly unknown[]>;
};

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The table as a file stream. Rows are written as they are read, so a big export never holds
 * all rows at once: CSV line by line (BOM, CRLF and csvField, as csvDocument writes them), XLSX
 * through exceljs's streaming writer, each row committed when written.
 */
export function exportStream(format: ExportFormat, table: ExportTable): Readable {
  return format === 'csv' ? csvStream(table) : xlsxStream(table);
}

function csvLine(row: readonly unknown[]): string {
  return `${row.map(csvField).join(',')}\r\n`;
}

function csvStream(table: ExportTable): Readable {
  async function* lines() {
    // UTF-8 byte order mark: spreadsheet programs then read Cyrillic and Chinese correctly
    yield `\ufeff${csvLine(table.header)}`;
    for await (const row of table.rows) yield csvLine(row);
  }
  return Readable.from(lines());
}

function xlsxStream(table: ExportTable): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  workbook.creator = 'AutoCRM';
  // sheet names: at most 31 characters, none of []:*?/\
  const sheet = workbook.addWorksheet(table.sheet.replace(/[[\]:*?/\\]/g, '_').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const write = async () => {
    const header = sheet.addRow([...table.header]);
    header.font = { bold: true };
    header.commit();
    for await (const row of table.rows) sheet.addRow([...row]).commit();
    sheet.commit();
    await workbook.commit();
  };
  // a failure half-way ends the download broken rather than silently short
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
