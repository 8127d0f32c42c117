import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { dealerRowCondition, type ResolvedFilter } from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Cell, type Report } from './report.ts';

const month = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM')`;

/**
 * After-sales quality indices of seed 004, per month of the period, over the dealers in the
 * actor's scope and filters (read live; each is one grouped pass over an indexed date range):
 * - claims index: complaints opened / (cars sold + service visits) at the dealer in the month;
 * - repeat-contact index: customers who asked for a call back twice or more in the month
 *   (contacts logged with the outcome "callback requested") / inbound contacts in the month;
 *   falling means questions are settled the first time;
 * - repeat purchases: cars sold in the month to customers who had bought from the group before,
 *   as a share of all cars sold in the month and as a count (the absolute trend).
 */
export async function qualityDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const at = (dealer: string, user: string) =>
    dealerRowCondition(actor, filter, sql.ref(dealer), sql.ref(user));
  const instants = (column: string) =>
    sql`${sql.ref(column)} >= ${filter.fromInstant} and ${sql.ref(column)} < ${filter.toExclusive}`;
  const days = (column: string) =>
    sql`${sql.ref(column)} >= ${filter.from}::date and ${sql.ref(column)} <= ${filter.to}::date`;
  // Rows are grouped by their raw day (or month) first and named 'YYYY-MM' after: a function
  // of every one of a year's two million visits cost more than the grouping itself.
  const [claims, contacts, purchases] = await Promise.all([
    sql<{ month: string; dealer: string; complaints: number; orders: number; visits: number }>`
      with complaints as (
        select c.dealer_id, ${month('c.opened_at')} as month, count(*)::int as n from complaints c
         where ${at('c.dealer_id', 'c.responsible_user_id')} and ${instants('c.opened_at')}
         group by 1, 2),
      order_days as (
        select p.dealer_id, p.purchase_date as day, count(*) as n from vehicle_purchases p
         where ${at('p.dealer_id', 'p.consultant_user_id')} and ${days('p.purchase_date')}
         group by 1, 2),
      orders as (
        select dealer_id, ${month('day')} as month, sum(n)::int as n from order_days group by 1, 2),
      visit_days as (
        select v.dealer_id, v.visit_date as day, count(*) as n from service_visits v
         where ${at('v.dealer_id', 'v.advisor_user_id')} and ${days('v.visit_date')}
         group by 1, 2),
      visits as (
        select dealer_id, ${month('day')} as month, sum(n)::int as n from visit_days group by 1, 2),
      keys as (select dealer_id, month from complaints union select dealer_id, month from orders
               union select dealer_id, month from visits)
      select k.month, d.code as dealer, coalesce(c.n, 0) as complaints,
             coalesce(o.n, 0) as orders, coalesce(v.n, 0) as visits
        from keys k
        join dealers d on d.id = k.dealer_id
        left join complaints c on c.dealer_id = k.dealer_id and c.month = k.month
        left join orders o on o.dealer_id = k.dealer_id and o.month = k.month
        left join visits v on v.dealer_id = k.dealer_id and v.month = k.month
       order by k.month, d.code`.execute(db),
    // One grouped pass: per month one group of every inbound contact that is no call-back
    // request, and one per customer who asked for call-backs, holding his requests; no window
    // over the contacts, which sorted all of them (a null customer is in the first group, as
    // count(distinct) would skip him).
    sql<{ month: string; inbound: number; repeat_customers: number }>`
      select ${month('m')} as month, sum(n)::int as inbound,
             (count(*) filter (where callback_customer is not null and n >= 2))::int
               as repeat_customers
        from (select date_trunc('month', a.occurred_at) as m,
                     case when a.outcome = 'callback_requested' then a.customer_id end
                       as callback_customer,
                     count(*) as n
                from activities a
               where a.direction = 'inbound' and a.dealer_id is not null
                 and ${at('a.dealer_id', 'a.user_id')} and ${instants('a.occurred_at')}
               group by 1, 2) x
       group by m order by m`.execute(db),
    sql<{ month: string; purchases: number; repeat: number }>`
      select ${month('day')} as month, sum(n)::int as purchases, sum(repeat)::int as repeat
        from (select p.purchase_date as day, count(*) as n,
                     count(*) filter (where exists (
                       select 1 from vehicle_purchases e
                        where e.customer_id = p.customer_id
                          and (e.purchase_date < p.purchase_date
                               or (e.purchase_date = p.purchase_date and e.id < p.id)))) as repeat
                from vehicle_purchases p
               where ${at('p.dealer_id', 'p.consultant_user_id')} and ${days('p.purchase_date')}
               group by 1) d
       group by 1 order by 1`.execute(db),
  ]);
  const sum = <T>(rows: T[], pick: (row: T) => number) =>
    rows.reduce((total, row) => total + Number(pick(row)), 0);
  const complaints = sum(claims.rows, (row) => row.complaints);
  const base = sum(claims.rows, (row) => row.orders) + sum(claims.rows, (row) => row.visits);
  const inbound = sum(contacts.rows, (row) => row.inbound);
  const repeatContacts = sum(contacts.rows, (row) => row.repeat_customers);
  const sold = sum(purchases.rows, (row) => row.purchases);
  const repeatSold = sum(purchases.rows, (row) => row.repeat);
  return {
    name: 'quality',
    // read live: as of now
    asOf: new Date().toISOString(),
    filters: filtersOf(filter),
    kpis: [
      { key: 'complaints', kind: 'count', value: complaints },
      { key: 'claimsIndex', kind: 'ratio', value: ratio(complaints, base) },
      { key: 'repeatContactIndex', kind: 'ratio', value: ratio(repeatContacts, inbound) },
      { key: 'repeatPurchaseShare', kind: 'ratio', value: ratio(repeatSold, sold) },
    ],
    tables: [
      {
        key: 'claimsByMonth',
        columns: [
          { key: 'month', kind: 'text' },
          { key: 'dealer', kind: 'text' },
          { key: 'complaints', kind: 'count' },
          { key: 'orders', kind: 'count' },
          { key: 'visits', kind: 'count' },
          { key: 'claimsIndex', kind: 'ratio' },
        ],
        rows: claims.rows.map((row): Cell[] => [
          row.month,
          row.dealer,
          Number(row.complaints),
          Number(row.orders),
          Number(row.visits),
          ratio(Number(row.complaints), Number(row.orders) + Number(row.visits)),
        ]),
      },
      {
        key: 'repeatContactsByMonth',
        columns: [
          { key: 'month', kind: 'text' },
          { key: 'inboundContacts', kind: 'count' },
          { key: 'repeatCallbackCustomers', kind: 'count' },
          { key: 'repeatContactIndex', kind: 'ratio' },
        ],
        rows: contacts.rows.map((row): Cell[] => [
          row.month,
          Number(row.inbound),
          Number(row.repeat_customers),
          ratio(Number(row.repeat_customers), Number(row.inbound)),
        ]),
      },
      {
        key: 'repeatPurchasesByMonth',
        columns: [
          { key: 'month', kind: 'text' },
          { key: 'purchases', kind: 'count' },
          { key: 'repeatPurchases', kind: 'count' },
          { key: 'repeatPurchaseShare', kind: 'ratio' },
        ],
        rows: purchases.rows.map((row): Cell[] => [
          row.month,
          Number(row.purchases),
          Number(row.repeat),
          ratio(Number(row.repeat), Number(row.purchases)),
        ]),
      },
    ],
  };
}
