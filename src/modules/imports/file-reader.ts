import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../lib/errors.ts';

/** One row of a list file with its line number (1 = the header) for the error report. */
export type FileRow = { line: number; values: string[] };

/**
 * Russian lists often come out of Excel as Windows-1251; a file that is not valid UTF-8 is
 * read as that.
 */
export function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(content);
  }
}

async function* csvRows(content: Buffer): AsyncGenerator<FileRow> {
  const parser = Readable.from([decodeText(content)]).pipe(
    parse({
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  try {
    for await (const record of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { line: record.info.lines, values: record.record };
    }
  } catch (error) {
    throw new ValidationError(
      [{ path: 'file', message: (error as Error).message }],
      `The CSV file cannot be read: ${(error as Error).message}`,
    );
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates carry no zone; a date cell at midnight is a calendar date.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

async function* xlsxRows(content: Buffer): AsyncGenerator<FileRow> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types want its own Buffer flavour; a Node Buffer is what it reads.
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ValidationError(
      [{ path: 'file', message: 'not a readable .xlsx workbook' }],
      `The Excel file cannot be read: ${(error as Error).message}`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return;
  const rows: FileRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      values.push(cellText(row.getCell(column).value));
    }
    if (values.some((value) => value !== '')) rows.push({ line: row.number, values });
  });
  yield* rows;
}

export function readRows(kind: 'csv' | 'xlsx', content: Buffer): AsyncGenerator<FileRow> {
  return kind === 'csv' ? csvRows(content) : xlsxRows(content);
}

/** The header row and the number of data rows. */
export async function describeFile(
  kind: 'csv' | 'xlsx',
  content: Buffer,
): Promise<{ headers: string[]; totalRows: number }> {
  let headers: string[] | undefined;
  let totalRows = 0;
  for await (const row of readRows(kind, content)) {
    if (!headers) headers = row.values;
    else totalRows++;
  }
  if (!headers) throw new ValidationError([{ path: 'file', message: 'the file is empty' }]);
  return { headers, totalRows };
}
