import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { aggregatesAsOf } from '../aggregates/refresh.ts';
import { channelCostColumns, channelCosts } from './channel-costs.ts';
import {
  funnelStages,
  inPeriod,
  leadRows,
  saleRank,
  type ResolvedFilter,
} from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Report } from './report.ts';

/**
 * Channel analysis (seed 002 "channel efficiency"): for the prospects created in the period,
 * per channel: how many, their share, and how many came to a test drive (the lead reached the
 * test-drive stage or its customer came to a drive booked for it) and to a sale (the lead
 * reached the order stage or was delivered). Conversions are of the channel's new prospects,
 * whatever happened by the last refresh of the pre-aggregated rows. Where the channel's costs
 * are known (channel-costs.ts), its cost, cost per lead and cost per sale; a channel that cost
 * money but brought no lead is listed with zeros.
 */
export async function channelsDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const [asOf, counted, costs] = await Promise.all([
    aggregatesAsOf(db, ['leads']),
    leadRows(db, actor, filter)
      .where(inPeriod(filter))
      .select([
        'a.channel',
        sql<number>`sum(a.leads)`.as('leads'),
        sql<number>`sum(a.test_driven)`.as('test_drives'),
        sql<number>`sum(a.reached_${sql.raw(String(saleRank))})`.as('sales'),
      ])
      .groupBy('a.channel')
      .orderBy(sql`sum(a.leads)`, 'desc')
      .orderBy('a.channel')
      .execute(),
    channelCosts(db, actor, filter),
  ]);
  const counts = counted.map((row) => ({
    channel: row.channel,
    leads: Number(row.leads),
    test_drives: Number(row.test_drives),
    sales: Number(row.sales),
  }));
  const seen = new Set(counts.map((row) => row.channel));
  const rows = [
    ...counts,
    ...costs.channels
      .filter((channel) => !seen.has(channel))
      .map((channel) => ({ channel, leads: 0, test_drives: 0, sales: 0 })),
  ];
  const total = rows.reduce((sum, row) => sum + Number(row.leads), 0);
  const testDrives = rows.reduce((sum, row) => sum + Number(row.test_drives), 0);
  const sales = rows.reduce((sum, row) => sum + Number(row.sales), 0);
  return {
    name: 'channels',
    asOf: asOf?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'newInPeriod', kind: 'count', value: total },
      { key: 'testDriveRate', kind: 'ratio', value: ratio(testDrives, total) },
      { key: 'saleRate', kind: 'ratio', value: ratio(sales, total) },
    ],
    tables: [
      {
        key: 'channels',
        columns: [
          { key: 'channel', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
          { key: 'testDrives', kind: 'count' },
          { key: 'testDriveRate', kind: 'ratio' },
          { key: 'sales', kind: 'count' },
          { key: 'saleRate', kind: 'ratio' },
          ...channelCostColumns,
        ],
        rows: rows.map((row) => [
          row.channel,
          row.leads,
          ratio(row.leads, total),
          row.test_drives,
          ratio(row.test_drives, row.leads),
          row.sales,
          ratio(row.sales, row.leads),
          ...costs.cellsOf(row.channel, row.leads, row.sales),
        ]),
      },
    ],
  };
}

/**
 * Funnel conversion per stage for the prospects created in the period: how many reached each
 * stage (or went further: a lead that jumped from contact to offer passed the stages between),
 * the conversion from the stage before and from the start. Lost leads count for the furthest
 * stage they reached before they were lost.
 */
export async function funnelDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const [asOf, row] = await Promise.all([
    aggregatesAsOf(db, ['leads']),
    leadRows(db, actor, filter)
      .where(inPeriod(filter))
      .select(
        // every lead reached the first stage; reached_k counts those that got to stage k
        funnelStages.map((stage, index) =>
          (index === 0
            ? sql<number>`coalesce(sum(a.leads), 0)`
            : sql<number>`coalesce(sum(a.reached_${sql.raw(String(index + 1))}), 0)`
          ).as(stage),
        ),
      )
      .select(sql<number>`coalesce(sum(a.lost), 0)`.as('lost'))
      .executeTakeFirstOrThrow(),
  ]);
  const counts = funnelStages.map((stage) => Number((row as Record<string, unknown>)[stage] ?? 0));
  const start = counts[0] ?? 0;
  return {
    name: 'funnel',
    asOf: asOf?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'newInPeriod', kind: 'count', value: start },
      { key: 'lost', kind: 'count', value: Number(row.lost) },
      { key: 'saleRate', kind: 'ratio', value: ratio(counts[saleRank - 1] ?? 0, start) },
    ],
    tables: [
      {
        key: 'funnel',
        columns: [
          { key: 'stage', kind: 'text' },
          { key: 'reached', kind: 'count' },
          { key: 'fromPrevious', kind: 'ratio' },
          { key: 'fromStart', kind: 'ratio' },
        ],
        rows: funnelStages.map((stage, index) => [
          stage,
          counts[index]!,
          index === 0 ? null : ratio(counts[index]!, counts[index - 1]!),
          ratio(counts[index]!, start),
        ]),
      },
    ],
  };
}
