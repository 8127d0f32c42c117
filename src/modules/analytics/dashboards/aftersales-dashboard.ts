import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { aggregatesAsOf } from '../aggregates/refresh.ts';
import { dealerRowCondition, type ResolvedFilter } from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Report } from './report.ts';

/**
 * After-sales figures, summed from the pre-aggregated rows (aggregates/aftersales-aggregates.ts):
 * - retention by year since purchase: of the cars sold by the dealers in the filter and scope
 *   whose k-th year after purchase has ended by the period end, the share that came to a
 *   service visit at any dealer of the group during that k-th year;
 * - owners: customers who bought a car at those dealers by the period end (a customer buying at
 *   two dealers counts at each);
 * - service visits in the period of the cars those dealers sold (at the named dealer, when the
 *   filter names one), and visits per owner.
 */
export async function aftersalesDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const [asOf, retention, owners, visits] = await Promise.all([
    aggregatesAsOf(db, ['aftersales']),
    sql<{ year: number; cars: number; retained: number }>`
      select r.year_since as year, sum(r.cars)::int as cars, sum(r.retained)::int as retained
        from analytics_retention_daily r
       where ${dealerRowCondition(actor, filter, sql`r.dealer_id`, sql`r.consultant_id`)}
         and r.purchase_day <= ${filter.to}::date
         and r.purchase_day + make_interval(years => r.year_since) <= ${filter.to}::date
       group by r.year_since
       order by r.year_since`.execute(db),
    sql<{ owners: number }>`
      select coalesce(sum(o.owners), 0)::int as owners from analytics_owner_daily o
       where ${dealerRowCondition(actor, filter, sql`o.dealer_id`, sql`o.consultant_id`)}
         and o.day <= ${filter.to}::date`.execute(db),
    sql<{ visits: number }>`
      select coalesce(sum(s.visits), 0)::int as visits from analytics_service_daily s
       where ${dealerRowCondition(actor, filter, sql`s.sold_dealer_id`, sql`s.sold_consultant_id`)}
         ${filter.dealerId ? sql`and s.visit_dealer_id = ${filter.dealerId}` : sql``}
         and s.day >= ${filter.from}::date and s.day <= ${filter.to}::date`.execute(db),
  ]);
  const ownerCount = Number(owners.rows[0]?.owners ?? 0);
  const visitCount = Number(visits.rows[0]?.visits ?? 0);
  const firstYear = retention.rows.find((row) => Number(row.year) === 1);
  return {
    name: 'aftersales',
    asOf: asOf?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'owners', kind: 'count', value: ownerCount },
      { key: 'serviceVisits', kind: 'count', value: visitCount },
      // a mean, not a whole count; shown as a plain number
      {
        key: 'visitsPerOwner',
        kind: 'count',
        value: ownerCount ? Math.round((visitCount / ownerCount) * 100) / 100 : null,
      },
      {
        key: 'firstYearRetention',
        kind: 'ratio',
        value: firstYear ? ratio(Number(firstYear.retained), Number(firstYear.cars)) : null,
      },
    ],
    tables: [
      {
        key: 'retentionByYear',
        columns: [
          { key: 'yearSincePurchase', kind: 'count' },
          { key: 'cars', kind: 'count' },
          { key: 'retained', kind: 'count' },
          { key: 'retentionRate', kind: 'ratio' },
        ],
        rows: retention.rows.map((row) => [
          Number(row.year),
          Number(row.cars),
          Number(row.retained),
          ratio(Number(row.retained), Number(row.cars)),
        ]),
      },
    ],
  };
}
