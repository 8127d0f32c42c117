import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError } from '../../lib/errors.ts';
import { csvDocument } from '../../lib/csv.ts';
import type { ClaimsIndex } from './complaint.schemas.ts';

/**
 * The claims index (issue 4): complaints per 100 service visits and per 100 vehicles sold, per
 * dealer and month of the dealer's own calendar (its time zone), for the actor's dealers. Three
 * grouped passes joined on (dealer, month): no per-dealer or per-month loops. Cancelled service
 * visits left service_visits (see the service module), so they are no denominator here.
 */
export async function claimsIndex(
  db: Db,
  actor: Actor,
  query: { from: string; to: string; dealerCode?: string | undefined },
): Promise<ClaimsIndex> {
  if (!can(actor, 'analytics:read') && !can(actor, 'complaints:write')) throw new ForbiddenError();
  if (query.to < query.from)
    throw new ValidationError([{ path: 'to', message: 'before from', code: 'invalid' }]);
  const from = sql`date_trunc('month', ${query.from}::date)::date`;
  const to = sql`(date_trunc('month', ${query.to}::date) + interval '1 month')::date`;
  const dealerFilter = (column: string) =>
    sql<boolean>`${dealerVisible(actor, sql.ref(column))} and (${query.dealerCode ?? null}::text is null
       or ${sql.ref(column)} = (select id from dealers where code = upper(${query.dealerCode ?? null})))`;
  const result = await sql<{
    dealer_code: string;
    month: string;
    complaints: number;
    visits: number;
    sales: number;
  }>`
    with complaint_counts as (
      -- a complaint counts in the month of its dealer's calendar, not the server's: one opened
      -- at 01:00 on 1 March in Vladivostok is still February in UTC. The wide first range
      -- (a day either side) keeps the opened_at index usable; the local one decides.
      select k.dealer_id, date_trunc('month', k.opened_at at time zone kd.timezone)::date as month,
             count(*) as n
        from complaints k
        join dealers kd on kd.id = k.dealer_id
       where k.opened_at >= ${from}::timestamptz - interval '1 day'
         and k.opened_at < ${to}::timestamptz + interval '1 day'
         and (k.opened_at at time zone kd.timezone) >= ${from}::timestamp
         and (k.opened_at at time zone kd.timezone) < ${to}::timestamp
         and ${dealerFilter('k.dealer_id')}
       group by 1, 2
    ),
    visit_counts as (
      select s.dealer_id, date_trunc('month', s.visit_date)::date as month, count(*) as n
        from service_visits s
       where s.visit_date >= ${from} and s.visit_date < ${to} and ${dealerFilter('s.dealer_id')}
       group by 1, 2
    ),
    sale_counts as (
      select p.dealer_id, date_trunc('month', p.purchase_date)::date as month, count(*) as n
        from vehicle_purchases p
       where p.purchase_date >= ${from} and p.purchase_date < ${to}
         and p.dealer_id is not null and ${dealerFilter('p.dealer_id')}
       group by 1, 2
    ),
    cells as (
      select dealer_id, month from complaint_counts
      union select dealer_id, month from visit_counts
      union select dealer_id, month from sale_counts
    )
    select d.code as dealer_code, to_char(c.month, 'YYYY-MM') as month,
           coalesce(k.n, 0)::int as complaints, coalesce(v.n, 0)::int as visits,
           coalesce(s.n, 0)::int as sales
      from cells c
      join dealers d on d.id = c.dealer_id
      left join complaint_counts k on k.dealer_id = c.dealer_id and k.month = c.month
      left join visit_counts v on v.dealer_id = c.dealer_id and v.month = c.month
      left join sale_counts s on s.dealer_id = c.dealer_id and s.month = c.month
     order by d.code, c.month`.execute(db);
  const per100 = (count: number, base: number) =>
    base > 0 ? Math.round((count * 10_000) / base) / 100 : null;
  return {
    from: query.from.slice(0, 7),
    to: query.to.slice(0, 7),
    rows: result.rows.map((row) => ({
      dealerCode: row.dealer_code,
      month: row.month,
      complaints: row.complaints,
      visits: row.visits,
      sales: row.sales,
      perHundredVisits: per100(row.complaints, row.visits),
      perHundredSales: per100(row.complaints, row.sales),
    })),
  };
}

const csvColumns = [
  'dealer',
  'month',
  'complaints',
  'visits',
  'sales',
  'per_100_visits',
  'per_100_sales',
] as const;

/** The index as CSV (csvDocument: UTF-8 with BOM), one line per dealer and month. */
export function claimsIndexCsv(index: ClaimsIndex): string {
  return csvDocument([
    csvColumns,
    ...index.rows.map((row) => [
      row.dealerCode,
      row.month,
      row.complaints,
      row.visits,
      row.sales,
      row.perHundredVisits,
      row.perHundredSales,
    ]),
  ]);
}
