import { sql } from 'kysely';
import { customerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { ResolvedFilter } from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Report } from './report.ts';

const retentionYears = 5;

/**
 * After-sales figures:
 * - retention by year since purchase: of the cars sold (by the dealers in the filter, to
 *   customers in the actor's scope) whose k-th year after purchase has ended by the period end,
 *   the share that came to a service visit at any dealer of the group during that k-th year;
 * - service visits per owner in the period: the owners are the buyers of those cars up to the
 *   period end; with a dealer filter, only visits at that dealer count.
 */
export async function aftersalesDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const purchases = db
    .selectFrom('vehicle_purchases as p')
    .leftJoin('dealers as d', 'd.id', 'p.dealer_id')
    .where('p.purchase_date', '<=', filter.to)
    .where((eb) => customerVisible(actor, eb.ref('p.customer_id')))
    .$if(filter.dealerId !== undefined, (q) => q.where('p.dealer_id', '=', filter.dealerId!))
    .$if(filter.regionId !== undefined, (q) => q.where('d.region_id', '=', filter.regionId!))
    .$if(filter.brandId !== undefined, (q) =>
      q.where(
        sql<boolean>`exists (select 1 from dealer_brands pb
          where pb.dealer_id = p.dealer_id and pb.brand_id = ${filter.brandId})`,
      ),
    )
    .$if(filter.consultantId !== undefined, (q) =>
      q.where('p.consultant_user_id', '=', filter.consultantId!),
    )
    .select(['p.vehicle_id', 'p.customer_id', 'p.purchase_date']);

  const [retention, owners] = await Promise.all([
    db
      .with('cars', () => purchases)
      .selectFrom(sql<{ k: number }>`generate_series(1, ${retentionYears}::int)`.as('k'))
      .innerJoin('cars', (join) =>
        join.on(
          sql<boolean>`cars.purchase_date + make_interval(years => k.k) <= ${filter.to}::date`,
        ),
      )
      .select([
        sql<number>`k.k`.as('year'),
        sql<number>`count(*)`.as('cars'),
        sql<number>`count(*) filter (where exists (
          select 1 from service_visits v
           where v.vehicle_id = cars.vehicle_id
             and v.visit_date >= cars.purchase_date + make_interval(years => (k.k - 1)::int)
             and v.visit_date < cars.purchase_date + make_interval(years => k.k)))`.as('retained'),
      ])
      .groupBy(sql`k.k`)
      .orderBy(sql`k.k`)
      .execute(),
    db
      .with('cars', () => purchases)
      .with('owners', (qc) => qc.selectFrom('cars').select('customer_id').distinct())
      .selectFrom('owners as o')
      .select([
        'o.customer_id',
        sql<number>`(select count(*) from service_visits v
          where v.customer_id = o.customer_id
            and v.visit_date >= ${filter.from}::date and v.visit_date <= ${filter.to}::date
            ${filter.dealerId ? sql`and v.dealer_id = ${filter.dealerId}` : sql``})`.as('visits'),
      ])
      .execute(),
  ]);
  const distribution = [0, 0, 0, 0, 0];
  let visits = 0;
  for (const owner of owners) {
    const count = Number(owner.visits);
    visits += count;
    distribution[Math.min(count, 4)]!++;
  }
  const firstYear = retention.find((row) => Number(row.year) === 1);
  return {
    name: 'aftersales',
    asOf: new Date().toISOString(),
    filters: filtersOf(filter),
    kpis: [
      { key: 'owners', kind: 'count', value: owners.length },
      { key: 'serviceVisits', kind: 'count', value: visits },
      // a mean, not a whole count; shown as a plain number
      {
        key: 'visitsPerOwner',
        kind: 'count',
        value: owners.length ? Math.round((visits / owners.length) * 100) / 100 : null,
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
        rows: retention.map((row) => [
          Number(row.year),
          Number(row.cars),
          Number(row.retained),
          ratio(Number(row.retained), Number(row.cars)),
        ]),
      },
      {
        key: 'visitsPerOwner',
        columns: [
          { key: 'visitsInPeriod', kind: 'text' },
          { key: 'owners', kind: 'count' },
          { key: 'share', kind: 'ratio' },
        ],
        rows: ['0', '1', '2', '3', '4+'].map((label, index) => [
          label,
          distribution[index]!,
          ratio(distribution[index]!, owners.length),
        ]),
      },
    ],
  };
}
