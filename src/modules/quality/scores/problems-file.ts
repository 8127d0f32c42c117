import ExcelJS from 'exceljs';
import { csvDocument } from '../../../lib/csv.ts';
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

/** The records as CSV (csvDocument: UTF-8 with BOM, for Cyrillic and Chinese names). */
export function problemsCsv(data: ProblemsExport): string {
  return csvDocument([[...problemsExportColumns], ...data.rows.map(cells)]);
}

/** The records on one sheet, the filters and the counts (capped or not) on another. */
export async function problemsXlsx(data: ProblemsExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'AutoCRM';
  const sheet = workbook.addWorksheet('problems');
  sheet.columns = problemsExportColumns.map((key) => ({
    header: key,
    key,
    width: ['customer', 'problems', 'dealers'].includes(key) ? 32 : 14,
  }));
  for (const row of data.rows) sheet.addRow(cells(row));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const about = workbook.addWorksheet('about');
  about.columns = [
    { header: 'key', key: 'key', width: 20 },
    { header: 'value', key: 'value', width: 28 },
  ];
  about.addRow({ key: 'records', value: data.total });
  about.addRow({ key: 'exported', value: data.rows.length });
  for (const [key, value] of Object.entries(data.filters)) {
    if (value !== undefined) about.addRow({ key, value });
  }
  about.getRow(1).font = { bold: true };
  // exceljs declares its own Buffer type; at run time it is a Node Buffer
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
