import ExcelJS from 'exceljs';
import { csvDocument } from '../../../lib/csv.ts';
import type { Cell, Report, ReportColumn } from './report.ts';

/** Names a column, figure or sheet key in the user's language (export-headers.ts). */
export type HeaderNames = (key: string) => string;
const asKey: HeaderNames = (key) => key;

/**
 * One table of a report as CSV (UTF-8 with BOM so spreadsheet programs read Cyrillic and
 * Chinese): the headline figures when no table is named. Ratios stay 0..1 numbers. Without
 * `names` the header row holds the keys (the dashboards' exports, read by API clients).
 */
export function reportCsv(
  report: Report,
  tableKey?: string,
  names: HeaderNames = asKey,
): string | undefined {
  const table = tableKey
    ? report.tables.find((candidate) => candidate.key === tableKey)
    : {
        key: 'kpis',
        columns: [
          { key: 'kpi', kind: 'text' as const },
          { key: 'value', kind: 'count' as const },
        ],
        rows: report.kpis.map((kpi): Cell[] => [names(kpi.key), kpi.value]),
      };
  if (!table) return undefined;
  return csvDocument([table.columns.map((column) => names(column.key)), ...table.rows]);
}

const formats: Record<ReportColumn['kind'], string | undefined> = {
  text: undefined,
  count: '#,##0',
  ratio: '0.0%',
  money: '#,##0.00',
  decimal: '#,##0.0#',
};

/** The whole report as a workbook: the figures and the filters on one sheet, a sheet per table. */
export async function reportXlsx(report: Report, names: HeaderNames = asKey): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'AutoCRM';
  workbook.created = report.asOf ? new Date(report.asOf) : new Date();
  const summary = workbook.addWorksheet(sheetName(names('kpis')));
  summary.columns = [
    { header: names('kpi'), key: 'kpi', width: 28 },
    { header: names('value'), key: 'value', width: 16 },
  ];
  for (const kpi of report.kpis) {
    const row = summary.addRow({ kpi: names(kpi.key), value: kpi.value });
    const format = formats[kpi.kind];
    if (format) row.getCell('value').numFmt = format;
  }
  summary.addRow({});
  summary.addRow({ kpi: names('as_of'), value: report.asOf });
  for (const [key, value] of Object.entries(report.filters)) {
    if (value !== undefined) summary.addRow({ kpi: names(key), value });
  }
  if (report.unappliedFilters?.length) {
    summary.addRow({ kpi: 'not_applied', value: report.unappliedFilters.join(', ') });
  }
  summary.getRow(1).font = { bold: true };
  for (const table of report.tables) {
    const sheet = workbook.addWorksheet(sheetName(names(table.key)));
    sheet.columns = table.columns.map((column) => ({
      header: names(column.key),
      key: column.key,
      width: column.kind === 'text' ? 28 : 14,
      style: formats[column.kind] ? { numFmt: formats[column.kind] } : {},
    }));
    for (const row of table.rows) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  // exceljs declares its own Buffer type; at run time it is a Node Buffer
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sheet names: at most 31 characters, none of []:*?/\\ */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}
