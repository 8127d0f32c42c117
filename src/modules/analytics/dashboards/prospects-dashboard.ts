import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { aggregatesAsOf } from '../aggregates/refresh.ts';
import {
  inPeriod,
  leadCompetitorRows,
  leadPeriodRows,
  type ResolvedFilter,
} from './dashboard-filters.ts';
import { ratio, type Report } from './report.ts';

/**
 * Prospect KPIs of seed 002 (the BMW China practice), summed from the pre-aggregated lead rows
 * (whole months from the monthly table, the rest from the daily one: leadPeriodRows):
 * - total: prospects created by the end of the period and open (not lost, not delivered) at
 *   the last refresh;
 * - new in period: created within the period;
 * - qualified rate: open prospects with all 11 basic fields known / open prospects;
 * - hot count and ratio: open prospects buying within 3 months / open prospects;
 * - per consultant and per channel: new in period (with the consultant's open, qualified, hot);
 * - per model series: new prospects interested in each model (one prospect may name several);
 * - competitor share: new prospects who also consider a competitor's model, overall and per
 *   competitor model.
 */
export async function prospectsDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const sums = {
    open: sql<number>`coalesce(sum(a.open_now), 0)`,
    new: sql<number>`coalesce(sum(a.new_leads), 0)`,
    qualified: sql<number>`coalesce(sum(a.open_qualified), 0)`,
    hot: sql<number>`coalesce(sum(a.open_hot), 0)`,
  };
  // whole months from the monthly table, the period's edge days from the daily one
  const rows = (options: { perSeries?: boolean; open: boolean }) =>
    leadPeriodRows(db, actor, filter, options);
  const [asOf, totals, consultants, channels, series, competitors] = await Promise.all([
    aggregatesAsOf(db, ['leads']),
    rows({ open: true })
      .select([
        sums.open.as('open'),
        sums.new.as('new'),
        sums.qualified.as('qualified'),
        sums.hot.as('hot'),
        sql<number>`coalesce(sum(a.new_with_competitor), 0)`.as('competitor'),
      ])
      .executeTakeFirstOrThrow(),
    // summed per consultant first, then named: the name join runs on one row per consultant
    db
      .selectFrom(
        rows({ open: true })
          .select([
            'a.consultant_id',
            sums.new.as('new'),
            sums.open.as('open'),
            sums.qualified.as('qualified'),
            sums.hot.as('hot'),
          ])
          .groupBy('a.consultant_id')
          .having(sql<boolean>`sum(a.new_leads) + sum(a.open_now) > 0`)
          .as('c'),
      )
      .leftJoin('users as u', 'u.id', 'c.consultant_id')
      .select([
        sql<string | null>`u.display_name`.as('name'),
        'c.new',
        'c.open',
        'c.qualified',
        'c.hot',
      ])
      .orderBy('c.new', 'desc')
      .orderBy('u.display_name')
      .execute(),
    rows({ open: false })
      .select(['a.channel', sql<number>`sum(a.new_leads)`.as('new')])
      .groupBy('a.channel')
      .orderBy(sql`sum(a.new_leads)`, 'desc')
      .orderBy('a.channel')
      .execute(),
    // the per-series rows: every series, or the one the filter names
    rows({ perSeries: true, open: false })
      .select([sql<string>`min(a.series)`.as('series'), sql<number>`sum(a.new_leads)`.as('new')])
      .groupBy(sql`lower(a.series)`)
      .orderBy(sql`sum(a.new_leads)`, 'desc')
      .orderBy(sql`min(a.series)`)
      .execute(),
    leadCompetitorRows(db, actor, filter)
      .where(inPeriod(filter))
      .select(['a.competitor', sql<number>`sum(a.leads)`.as('new')])
      .groupBy('a.competitor')
      .orderBy(sql`sum(a.leads)`, 'desc')
      .orderBy('a.competitor')
      .execute(),
  ]);
  const open = Number(totals.open);
  const newCount = Number(totals.new);
  return {
    name: 'prospects',
    asOf: asOf?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'total', kind: 'count', value: open },
      { key: 'newInPeriod', kind: 'count', value: newCount },
      { key: 'qualified', kind: 'count', value: Number(totals.qualified) },
      { key: 'qualifiedRate', kind: 'ratio', value: ratio(Number(totals.qualified), open) },
      { key: 'hot', kind: 'count', value: Number(totals.hot) },
      { key: 'hotRatio', kind: 'ratio', value: ratio(Number(totals.hot), open) },
      { key: 'competitorShare', kind: 'ratio', value: ratio(Number(totals.competitor), newCount) },
    ],
    tables: [
      {
        key: 'perConsultant',
        columns: [
          { key: 'consultant', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'open', kind: 'count' },
          { key: 'qualifiedRate', kind: 'ratio' },
          { key: 'hotRatio', kind: 'ratio' },
        ],
        rows: consultants.map((row) => [
          row.name,
          Number(row.new),
          Number(row.open),
          ratio(Number(row.qualified), Number(row.open)),
          ratio(Number(row.hot), Number(row.open)),
        ]),
      },
      {
        key: 'perChannel',
        columns: [
          { key: 'channel', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: channels.map((row) => [
          row.channel,
          Number(row.new),
          ratio(Number(row.new), newCount),
        ]),
      },
      {
        key: 'perSeries',
        columns: [
          { key: 'series', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: series.map((row) => [row.series, Number(row.new), ratio(Number(row.new), newCount)]),
      },
      {
        key: 'competitors',
        columns: [
          { key: 'competitorModel', kind: 'text' },
          { key: 'newInPeriod', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: competitors.map((row) => [
          row.competitor,
          Number(row.new),
          ratio(Number(row.new), newCount),
        ]),
      },
    ],
  };
}

export function filtersOf(filter: ResolvedFilter): Record<string, string | undefined> {
  return {
    from: filter.from,
    to: filter.to,
    brandCode: filter.brandCode,
    regionCode: filter.regionCode,
    dealerCode: filter.dealerCode,
    consultantId: filter.consultantId,
    channel: filter.channel,
    series: filter.series,
  };
}
