import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { csvDocument, csvLines } from '../../lib/csv.ts';

export type Cell = string | number | null;
/** money: major units (the minor units / 100) beside a currency column; ratio: 0..1 */
export type ExportColumn = { key: string; kind: 'text' | 'count' | 'ratio' | 'money' };

/** A list to export: one sheet, its rows a batch at a time (read once). */
export type ExportData = {
  sheet: string;
  columns: readonly ExportColumn[];
  batches: AsyncIterable<Cell[][]>;
};

/** Names a column or sheet key in the user's language (export-headers.ts). */
export type HeaderNames = (key: string) => string;

const formats: Record<ExportColumn['kind'], string | undefined> = {
  text: undefined,
  count: '#,##0',
  ratio: '0.0%',
  money: '#,##0.00',
};

/** CSV (UTF-8 with BOM, for Cyrillic and Chinese), one chunk per batch. */
export async function* exportCsv(data: ExportData, names: HeaderNames): AsyncGenerator<string> {
  yield csvDocument([data.columns.map((column) => names(column.key))]);
  for await (const batch of data.batches) yield csvLines(batch);
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

async function writeWorkbook(data: ExportData, names: HeaderNames, out: PassThrough) {
  // No shared strings: their table would keep every text of the file in memory until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'AutoCRM';
  const sheet = workbook.addWorksheet(
    names(data.sheet)
      .replace(/[[\]:*?/\\]/g, '_')
      .slice(0, 31),
    {
      views: [{ state: 'frozen', ySplit: 1 }],
    },
  );
  sheet.columns = data.columns.map((column) => ({
    header: names(column.key),
    key: column.key,
    width: column.kind === 'text' ? 24 : 14,
    style: formats[column.kind] ? { numFmt: formats[column.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of data.batches) {
    if (out.destroyed) return; // the client went away: read no further batches
    for (const row of batch) sheet.addRow(row).commit();
    // exceljs does not wait for its reader; waiting here keeps a fast read from piling up
    if (out.writableNeedDrain) await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}

/** The workbook written by exceljs's streaming writer, rows committed batch by batch. */
export function exportXlsx(data: ExportData, names: HeaderNames): Readable {
  const out = new PassThrough();
  writeWorkbook(data, names, out).catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** Sends the list as a download named `file` (without its extension). */
export function sendExport(
  reply: FastifyReply,
  data: ExportData,
  options: { format: 'csv' | 'xlsx'; file: string; names: HeaderNames },
): FastifyReply {
  const { format, file, names } = options;
  if (format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}.csv"`)
      .send(Readable.from(exportCsv(data, names)));
  }
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${file}.xlsx"`)
    .send(exportXlsx(data, names));
}

/** One batch: a list small enough to be read at once (the per-dealer figures). */
export async function* oneBatch(rows: Cell[][]): AsyncGenerator<Cell[][]> {
  yield rows;
}
