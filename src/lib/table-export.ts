import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import { csvLine } from './csv.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Per column, for XLSX: a number format (`#,##0.00`) and a width in characters. */
export type ExportColumn = { numFmt?: string; width?: number };

/** A small sheet written after the rows, in XLSX only: the filters and counts of the file. */
export type ExportNoteSheet = {
  sheet: string;
  header: readonly string[];
  rows: readonly (readonly unknown[])[];
  columns?: readonly ExportColumn[];
};

/** One table leaving the CRM: its translated header and its rows, read lazily batch by batch. */
export type ExportTable = {
  sheet: string;
  header: readonly string[];
  rows: AsyncIterable<readonly unknown[]>;
  columns?: readonly ExportColumn[];
  /** further sheets of an XLSX file (CSV has one table and leaves them out) */
  notes?: readonly ExportNoteSheet[];
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
 * all rows at once: CSV line by line (BOM, then csvLine of csv.ts, as csvDocument), XLSX
 * through exceljs's streaming writer, each row committed when written.
 */
export function exportStream(format: ExportFormat, table: ExportTable): Readable {
  return format === 'csv' ? csvStream(table) : xlsxStream(table);
}

/** Characters of CSV passed on at once: a chunk per row cost a stream write per row. */
const CSV_CHUNK = 64 * 1024;

function csvStream(table: ExportTable): Readable {
  async function* lines() {
    // UTF-8 byte order mark: spreadsheet programs then read Cyrillic and Chinese correctly
    let chunk = `\ufeff${csvLine(table.header)}`;
    for await (const row of table.rows) {
      chunk += csvLine(row);
      if (chunk.length >= CSV_CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.from(lines());
}

/** A stream to wait for: Node's own, or the older readable-stream copy that archiver uses. */
type Drainable = {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
};

function needsDrain(stream: Drainable): boolean {
  return stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false;
}

/**
 * Resolves when the stream wants more, or when it or the download is gone: a compressor whose
 * reader (the download) left never drains, and the writer must not wait for it for ever.
 */
function drained(stream: Drainable, download: Drainable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      download.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    download.on('close', done);
  });
}

/**
 * Where exceljs writes a sheet's XML: the zip's compressor. exceljs's own buffer passes rows on
 * without waiting (it ignores `write() === false`), so unless the writer waits for the
 * compressor too a reader that stops reading does not stop the rows: the whole uncompressed
 * sheet piles up in memory (measured: all 300,000 rows read ahead of a paused reader). These are
 * exceljs internals (WorksheetWriter.stream, a StreamBuf, and its pipes), hence the guarded
 * look-up: should they change, the file is still right, only less paced.
 */
function sheetSinks(sheet: ExcelJS.Worksheet): Drainable[] {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes)) return [];
  return pipes.filter(
    (pipe): pipe is Drainable =>
      typeof pipe === 'object' && pipe !== null && typeof (pipe as Drainable).on === 'function',
  );
}

/** Rows between two looks at the compressor: the look is cheap, a row is some 100 bytes. */
const PACE_EVERY = 100;

/**
 * A sheet with its columns' widths and number formats and its bold header row written: the
 * table's (its header frozen above the rows) and each note sheet alike.
 */
function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  table: Pick<ExportTable, 'sheet' | 'header' | 'columns'>,
  options: Partial<ExcelJS.AddWorksheetOptions> = {},
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(table.sheet), options);
  if (table.columns) {
    sheet.columns = table.columns.map((column) => ({
      width: column.width,
      style: column.numFmt ? { numFmt: column.numFmt } : {},
    }));
  }
  const header = sheet.addRow([...table.header]);
  header.font = { bold: true };
  header.commit();
  return sheet;
}

/** Sheet names: at most 31 characters, none of []:*?/\ */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
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
  const sheet = addSheet(workbook, table, { views: [{ state: 'frozen', ySplit: 1 }] });
  const write = async () => {
    let written = 0;
    for await (const row of table.rows) {
      if (out.destroyed) return; // the client went away: read no further
      sheet.addRow([...row]).commit();
      // exceljs does not wait for its reader; waiting here keeps a fast read from piling up
      if (++written % PACE_EVERY === 0) {
        for (const stream of [...sheetSinks(sheet), out]) {
          if (needsDrain(stream) && !out.destroyed) await drained(stream, out);
        }
      }
    }
    sheet.commit();
    for (const note of table.notes ?? []) {
      const noteSheet = addSheet(workbook, note);
      for (const row of note.rows) noteSheet.addRow([...row]).commit();
      noteSheet.commit();
    }
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
