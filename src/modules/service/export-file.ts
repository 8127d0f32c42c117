import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import {
  exportStream,
  sendExport as sendTable,
  type ExportFormat,
  type ExportTable,
} from '../../lib/table-export.ts';

export type Cell = string | number | null;
/** money: major units (`toMajor` of lib/currency.ts) beside a currency column; ratio: 0..1 */
export type ExportColumn = { key: string; kind: 'text' | 'count' | 'ratio' | 'money' };

/** A list to export: one sheet, its rows a batch at a time (read once). */
export type ExportData = {
  sheet: string;
  columns: readonly ExportColumn[];
  batches: AsyncIterable<Cell[][]>;
};

/** Names a column or sheet key in the user's language (export-headers.ts). */
export type HeaderNames = (key: string) => string;

const numberFormats: Record<ExportColumn['kind'], string | undefined> = {
  text: undefined,
  count: '#,##0',
  ratio: '0.0%',
  money: '#,##0.00',
};

async function* rowsOf(batches: AsyncIterable<Cell[][]>): AsyncGenerator<Cell[]> {
  for await (const batch of batches) yield* batch;
}

/** The list as the shared writer's table (src/lib/table-export.ts): headers named, columns typed. */
function tableOf(data: ExportData, names: HeaderNames): ExportTable {
  return {
    sheet: names(data.sheet),
    header: data.columns.map((column) => names(column.key)),
    rows: rowsOf(data.batches),
    columns: data.columns.map((column) => ({
      numFmt: numberFormats[column.kind],
      width: column.kind === 'text' ? 24 : 14,
    })),
  };
}

/** CSV (UTF-8 with BOM, for Cyrillic and Chinese), written as the batches are read. */
export function exportCsv(data: ExportData, names: HeaderNames): Readable {
  return exportStream('csv', tableOf(data, names));
}

/** Sends the list as a download named `file` (without its extension). */
export function sendExport(
  reply: FastifyReply,
  data: ExportData,
  options: { format: ExportFormat; file: string; names: HeaderNames },
): FastifyReply {
  return sendTable(reply, options.format, options.file, tableOf(data, options.names), null);
}

/** One batch: a list small enough to be read at once (the per-dealer figures). */
export async function* oneBatch(rows: Cell[][]): AsyncGenerator<Cell[][]> {
  yield rows;
}
