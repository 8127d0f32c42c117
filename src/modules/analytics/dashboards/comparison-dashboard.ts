import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { aggregatesAsOf } from '../aggregates/refresh.ts';
import {
  inPeriod,
  leadPeriodRows,
  leadRows,
  saleRank,
  type ResolvedFilter,
} from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Cell, type Report, type ReportTable } from './report.ts';

/** The figures compared, per brand, region, dealer or model series. */
type Figures = { leads: number; testDrives: number; sales: number; open: number; hot: number };
const none = (): Figures => ({ leads: 0, testDrives: 0, sales: 0, open: 0, hot: 0 });

function add(into: Map<string, Figures>, key: string, figures: Partial<Figures>): void {
  const sum = into.get(key) ?? none();
  for (const [name, value] of Object.entries(figures) as [keyof Figures, number][]) {
    sum[name] += Number(value);
  }
  into.set(key, sum);
}

/**
 * Cross-brand, cross-region, per-dealer and cross-model comparison (seed 000 slide 16, seed
 * 002): side by side, each unit's new prospects of the period, their conversion to test drive
 * and to sale (as on the channels page), and its open prospects at the period end with the hot
 * ratio (as on the prospects page). Read from the same pre-aggregated lead rows under the same
 * scope and filters, so each table's new prospects add up to the prospects page's figure
 * (the series table counts a prospect under every series he names, as its per-series table).
 */
export async function comparisonDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const [asOf, period, open, seriesPeriod, seriesOpen] = await Promise.all([
    aggregatesAsOf(db, ['leads']),
    // the period's new prospects and what became of them, per dealer and brand
    leadRows(db, actor, filter)
      .where(inPeriod(filter))
      .leftJoin('dealers as d', 'd.id', 'a.dealer_id')
      .leftJoin('regions as r', 'r.id', 'd.region_id')
      .leftJoin('brands as b', 'b.id', 'a.brand_id')
      .select([
        'd.code as dealer',
        'r.name as region',
        'b.name as brand',
        sql<number>`sum(a.leads)`.as('leads'),
        sql<number>`sum(a.test_driven)`.as('test_drives'),
        sql<number>`sum(a.reached_${sql.raw(String(saleRank))})`.as('sales'),
      ])
      .groupBy(['d.code', 'r.name', 'b.name'])
      .execute(),
    // open and hot at the period end (whole months from the monthly table)
    leadPeriodRows(db, actor, filter, { open: true })
      .leftJoin('dealers as d', 'd.id', 'a.dealer_id')
      .leftJoin('regions as r', 'r.id', 'd.region_id')
      .leftJoin('brands as b', 'b.id', 'a.brand_id')
      .select([
        'd.code as dealer',
        'r.name as region',
        'b.name as brand',
        sql<number>`sum(a.open_now)`.as('open'),
        sql<number>`sum(a.open_hot)`.as('hot'),
      ])
      .groupBy(['d.code', 'r.name', 'b.name'])
      .execute(),
    leadRows(db, actor, filter, true)
      .where(inPeriod(filter))
      .select([
        sql<string>`min(a.series)`.as('series'),
        sql<number>`sum(a.leads)`.as('leads'),
        sql<number>`sum(a.test_driven)`.as('test_drives'),
        sql<number>`sum(a.reached_${sql.raw(String(saleRank))})`.as('sales'),
      ])
      .groupBy(sql`lower(a.series)`)
      .execute(),
    leadPeriodRows(db, actor, filter, { open: true, perSeries: true })
      .select([
        sql<string>`min(a.series)`.as('series'),
        sql<number>`sum(a.open_now)`.as('open'),
        sql<number>`sum(a.open_hot)`.as('hot'),
      ])
      .groupBy(sql`lower(a.series)`)
      .execute(),
  ]);
  const perBrand = new Map<string, Figures>();
  const perRegion = new Map<string, Figures>();
  const perDealer = new Map<string, Figures>();
  // a lead without a dealer or brand is still counted, under '' (shown as a dash)
  const place = (
    row: { dealer: string | null; region: string | null; brand: string | null },
    figures: Partial<Figures>,
  ) => {
    add(perBrand, row.brand ?? '', figures);
    add(perRegion, row.region ?? '', figures);
    add(perDealer, row.dealer ?? '', figures);
  };
  for (const row of period) {
    place(row, { leads: row.leads, testDrives: row.test_drives, sales: row.sales });
  }
  for (const row of open) place(row, { open: row.open, hot: row.hot });
  const perSeries = new Map<string, Figures>();
  const seriesName = new Map<string, string>();
  for (const row of seriesPeriod) {
    seriesName.set(row.series.toLowerCase(), row.series);
    add(perSeries, row.series.toLowerCase(), {
      leads: row.leads,
      testDrives: row.test_drives,
      sales: row.sales,
    });
  }
  for (const row of seriesOpen) {
    if (!seriesName.has(row.series.toLowerCase())) {
      seriesName.set(row.series.toLowerCase(), row.series);
    }
    add(perSeries, row.series.toLowerCase(), { open: row.open, hot: row.hot });
  }
  const totals = [...perDealer.values()].reduce((sum, figures) => {
    for (const name of Object.keys(sum) as (keyof Figures)[]) sum[name] += figures[name];
    return sum;
  }, none());
  const table = (
    key: string,
    unit: string,
    rows: Map<string, Figures>,
    name: (key: string) => string,
  ): ReportTable => ({
    key,
    columns: [
      { key: unit, kind: 'text' },
      { key: 'newInPeriod', kind: 'count' },
      { key: 'share', kind: 'ratio' },
      { key: 'testDrives', kind: 'count' },
      { key: 'testDriveRate', kind: 'ratio' },
      { key: 'sales', kind: 'count' },
      { key: 'saleRate', kind: 'ratio' },
      { key: 'open', kind: 'count' },
      { key: 'hotRatio', kind: 'ratio' },
    ],
    rows: [...rows.entries()]
      .filter(([, figures]) => figures.leads + figures.open > 0)
      .sort(
        ([leftKey, left], [rightKey, right]) =>
          right.leads - left.leads || right.open - left.open || leftKey.localeCompare(rightKey),
      )
      .map(([rowKey, figures]): Cell[] => [
        rowKey === '' ? null : name(rowKey),
        figures.leads,
        ratio(figures.leads, totals.leads),
        figures.testDrives,
        ratio(figures.testDrives, figures.leads),
        figures.sales,
        ratio(figures.sales, figures.leads),
        figures.open,
        ratio(figures.hot, figures.open),
      ]),
  });
  const same = (key: string) => key;
  return {
    name: 'comparison',
    asOf: asOf?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'newInPeriod', kind: 'count', value: totals.leads },
      { key: 'testDriveRate', kind: 'ratio', value: ratio(totals.testDrives, totals.leads) },
      { key: 'saleRate', kind: 'ratio', value: ratio(totals.sales, totals.leads) },
      { key: 'total', kind: 'count', value: totals.open },
      { key: 'hotRatio', kind: 'ratio', value: ratio(totals.hot, totals.open) },
    ],
    tables: [
      table('byBrand', 'brand', perBrand, same),
      table('byRegion', 'region', perRegion, same),
      table('byDealer', 'dealer', perDealer, same),
      table('bySeries', 'series', perSeries, (key) => seriesName.get(key) ?? key),
    ],
  };
}
