import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { claimsIndex } from '../../complaints/index.ts';
import type { Cell, Report } from './report.ts';

/**
 * The complaints module's claims index (complaints per 100 service visits and per 100 sales,
 * per dealer and month, its own query and scope) as a report for the exporter, with the
 * period's totals as figures.
 */
export async function claimsIndexReport(
  db: Db,
  actor: Actor,
  query: { from: string; to: string; dealerCode?: string | undefined },
): Promise<Report> {
  const index = await claimsIndex(db, actor, query);
  const total = (pick: (row: (typeof index.rows)[number]) => number) =>
    index.rows.reduce((sum, row) => sum + pick(row), 0);
  const complaints = total((row) => row.complaints);
  const visits = total((row) => row.visits);
  const sales = total((row) => row.sales);
  const per100 = (base: number) =>
    base > 0 ? Math.round((complaints * 10_000) / base) / 100 : null;
  return {
    name: 'claims-index',
    asOf: new Date().toISOString(),
    filters: { from: index.from, to: index.to, dealerCode: query.dealerCode },
    kpis: [
      { key: 'complaints', kind: 'count', value: complaints },
      { key: 'visits', kind: 'count', value: visits },
      { key: 'sales', kind: 'count', value: sales },
      { key: 'perHundredVisits', kind: 'decimal', value: per100(visits) },
      { key: 'perHundredSales', kind: 'decimal', value: per100(sales) },
    ],
    tables: [
      {
        key: 'claimsIndex',
        columns: [
          { key: 'dealer', kind: 'text' },
          { key: 'month', kind: 'text' },
          { key: 'complaints', kind: 'count' },
          { key: 'visits', kind: 'count' },
          { key: 'sales', kind: 'count' },
          { key: 'perHundredVisits', kind: 'decimal' },
          { key: 'perHundredSales', kind: 'decimal' },
        ],
        rows: index.rows.map((row): Cell[] => [
          row.dealerCode,
          row.month,
          row.complaints,
          row.visits,
          row.sales,
          row.perHundredVisits,
          row.perHundredSales,
        ]),
      },
    ],
  };
}
