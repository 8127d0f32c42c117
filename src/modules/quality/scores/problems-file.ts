import type { ExportTable } from '../../../lib/table-export.ts';
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

/** The records row by row, as the batches come from the database. */
async function* rowsOf(data: ProblemsExport): AsyncGenerator<Cell[]> {
  for await (const batch of data.batches) for (const row of batch) yield cells(row);
}

const wide = new Set<string>(['customer', 'problems', 'dealers']);

/**
 * The findings as a table for the shared writer (`lib/table-export.ts`, streamed batch by batch
 * in CSV or XLSX): the columns under their codes, as a steward's scripts read them, and in an
 * XLSX file an `about` sheet with the counts and the filters.
 */
export function problemsTable(data: ProblemsExport): ExportTable {
  const filters = Object.entries(data.filters).filter(([, value]) => value !== undefined);
  return {
    sheet: 'problems',
    header: problemsExportColumns,
    rows: rowsOf(data),
    columns: problemsExportColumns.map((key) => ({ width: wide.has(key) ? 32 : 14 })),
    notes: [
      {
        sheet: 'about',
        header: ['key', 'value'],
        rows: [['records', data.total], ['exported', data.rows], ...filters],
        columns: [{ width: 20 }, { width: 28 }],
      },
    ],
  };
}
