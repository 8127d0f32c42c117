import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import { csvField } from './csv.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** One table leaving the CRM: its translated header and its rows, read lazily batch by batch. */
export type ExportTable = {
  sheet: string;
  header: readonly string[];
  rows: AsyncIterable<readonly unknown[]>;
  /** per column, for XLSX: a number format (`#,##0.00`) and a width in characters */
  columns?: readonly { numFmt?: string; width?: number }[];
};

/** Where the last batch ended: its last row's timestamp (at full precision) and id. */
export type ExportCursor = { at: string; id: string };

/**
 * A keyset cursor's timestamp column as text at full (microsecond) precision, UTC: a JS Date
 * would round it to milliseconds and skip or repeat rows at a batch's edge.
 */
export function cursorAt(at: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(at)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
}

/** The rows after `after` in the order (at desc, id desc). */
export function beforeCursor(at: string, id: string, after: ExportCursor): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(at)}, ${sql.ref(id)}) < ((${after.at})::timestamp at time zone 'UTC', ${after.id}::uuid)`;
}

/**
 * The rows of a keyset-paged query, batch by batch: `page` reads up to `batch` rows after the
 * cursor (newest first, each with its `cursor_at` from cursorAt and its `id`), `shape` makes
 * each an export row; when a batch comes back short, `done` is told how many rows went out
 * (for the audit log).
 */
export async function* keysetRows<R extends { id: string; cursor_at: string }>(
  page: (after: ExportCursor | null) => Promise<R[]>,
  batch: number,
  shape: (row: R) => readonly unknown[],
  done: (count: number) => Promise<void>,
): AsyncGenerator<readonly unknown[]> {
  let after: ExportCursor | null = null;
  let count = 0;
  for (;;) {
    const found = await page(after);
    for (const row of found) yield shape(row);
    count += found.length;
    if (found.length < batch) break;
    const last = found[found.length - 1]!;
    after = { at: last.cursor_at, id: last.id };
  }
  await done(count);
}

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

/** Resolves when the stream wants more, or is gone (the client left). */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function xlsxStream(table: ExportTable): Readable {
  const out = new PassThrough();
  // No shared strings: their table would keep every text of the file in memory until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'AutoCRM';
  // sheet names: at most 31 characters, none of []:*?/\
  const sheet = workbook.addWorksheet(table.sheet.replace(/[[\]:*?/\\]/g, '_').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  if (table.columns) {
    sheet.columns = table.columns.map((column) => ({
      width: column.width,
      style: column.numFmt ? { numFmt: column.numFmt } : {},
    }));
  }
  const write = async () => {
    const header = sheet.addRow([...table.header]);
    header.font = { bold: true };
    header.commit();
    for await (const row of table.rows) {
      if (out.destroyed) return; // the client went away: read no further
      sheet.addRow([...row]).commit();
      // exceljs does not wait for its reader; waiting here keeps a fast read from piling up
      if (out.writableNeedDrain) await drained(out);
    }
    sheet.commit();
    await workbook.commit();
  };
  // a failure half-way ends the download broken rather than silently short
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/**
 * Sends the table as a download named `<name>-<stamp>.<format>`: the stamp is today's date unless
 * given (the report's as-of date), none when null.
 */
export function sendExport(
  reply: FastifyReply,
  format: ExportFormat,
  name: string,
  table: ExportTable,
  stamp: string | null = new Date().toISOString().slice(0, 10),
): FastifyReply {
  const file = stamp === null ? name : `${name}-${stamp}`;
  return reply
    .type(exportContentTypes[format])
    .header('content-disposition', `attachment; filename="${file}.${format}"`)
    .send(exportStream(format, table));
}
