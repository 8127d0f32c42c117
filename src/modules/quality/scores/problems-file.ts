import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvDocument, csvLines } from '../../../lib/csv.ts';
import {
  problemsExportColumns,
  type ProblemsExport,
  type ProblemsExportRow,
} from './problems-export.ts';

type Cell = string | number | null;

function cells(row: ProblemsExportRow): Cell[] {
  return [
    row.customerId,
    row.customer,
    row.dealers.join(' '),
    row.source,
    row.score,
    row.completeness,
    row.validity,
    row.consistency,
    row.freshness,
    row.problems.join(' '),
    row.computedAt,
  ];
}

/**
 * The records as CSV (UTF-8 with BOM, for Cyrillic and Chinese names), one chunk per batch, so
 * a million records are never in memory at once.
 */
export async function* problemsCsv(data: ProblemsExport): AsyncGenerator<string> {
  yield csvDocument([[...problemsExportColumns]]);
  for await (const batch of data.batches) yield csvLines(batch.map(cells));
}

/** Resolves when the stream wants more, or is gone (the client left). */
function drained(stream: Drainable): Promise<void> {
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
 * Where exceljs writes a sheet's XML: the zip's compressor. exceljs's own buffer passes rows on
 * without waiting (it ignores `write() === false`), so unless the writer waits here for the
 * compressor a fast database read piles the uncompressed sheet up in memory. These are exceljs
 * internals (WorksheetWriter.stream, a StreamBuf, and its pipes), hence the guarded look-up:
 * should they change, the file is still right, only less paced.
 */
function sheetSinks(sheet: ExcelJS.Worksheet): Drainable[] {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes)) return [];
  return pipes.filter(
    (pipe): pipe is Drainable =>
      typeof pipe === 'object' && pipe !== null && typeof (pipe as Drainable).on === 'function',
  );
}

async function writeWorkbook(data: ProblemsExport, out: PassThrough): Promise<void> {
  // No shared strings: their table would keep every text of the file in memory until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'AutoCRM';
  const sheet = workbook.addWorksheet('problems', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = problemsExportColumns.map((key) => ({
    header: key,
    key,
    width: ['customer', 'problems', 'dealers'].includes(key) ? 32 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of data.batches) {
    // A client that went away stops the reading of further batches.
    if (out.destroyed) {
      await data.batches.return(undefined);
      return;
    }
    for (const row of batch) sheet.addRow(cells(row)).commit();
    for (const stream of [...sheetSinks(sheet), out]) {
      if (needsDrain(stream)) await drained(stream);
    }
  }
  sheet.commit();
  const about = workbook.addWorksheet('about');
  about.columns = [
    { header: 'key', key: 'key', width: 20 },
    { header: 'value', key: 'value', width: 28 },
  ];
  about.getRow(1).font = { bold: true };
  about.addRow({ key: 'records', value: data.total }).commit();
  about.addRow({ key: 'exported', value: data.rows }).commit();
  for (const [key, value] of Object.entries(data.filters)) {
    if (value !== undefined) about.addRow({ key, value }).commit();
  }
  about.commit();
  await workbook.commit();
}

/**
 * The records on one sheet, the filters and the counts on another, written by exceljs's
 * streaming writer: rows are committed (and compressed) batch by batch as the client reads.
 */
export function problemsXlsx(data: ProblemsExport): Readable {
  const out = new PassThrough();
  writeWorkbook(data, out).catch((error: unknown) => out.destroy(error as Error));
  return out;
}
