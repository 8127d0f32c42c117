import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

/**
 * Per-owner features at a cutoff day and the label "came to service in the 12 months after
 * it", in one set-based query. Only what is known on the cutoff day goes into the features.
 * Owners are those with at least one visit before the cutoff day. Satisfaction (seed 003 P9
 * names it beside complaints) is the CSI of the follow-up calls after service visits (1-10):
 * its shortfall from 10, with a flag for owners never asked, so "not asked" is not "delighted".
 */
export const classifierFeatures = [
  'logVisits',
  'weeksSinceLast',
  'weeksSinceFirst',
  'visitsPerYear',
  'logMeanVisit',
  'vehicles',
  'yearsSinceLastPurchase',
  'logContacts12m',
  'logComplaints12m',
  'csiShortfall',
  'csiUnknown',
] as const;

export type OwnerExample = {
  customerId: string;
  features: number[];
  visited: number;
  /** the BG/NBD inputs at the cutoff, in weeks */
  x: number;
  tx: number;
  T: number;
};

type Row = {
  customer_id: string;
  visits: number;
  first_visit: string;
  last_visit: string;
  total_minor: number;
  vehicles: number;
  last_purchase: string | null;
  contacts: number;
  complaints: number;
  csi_mean: number | string | null;
  visited: boolean;
};

const dayMs = 86_400_000;
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / dayMs;

export async function ownerExamples(db: Db, cutoff: string): Promise<OwnerExample[]> {
  const result = await sql<Row>`
    with visit_days as (
      select customer_id, visit_date, sum(total_minor) as amount
        from service_visits
       where visit_date < ${cutoff}::date
       group by customer_id, visit_date
    ), owners as (
      select customer_id, count(*)::int as visits, min(visit_date)::text as first_visit,
             max(visit_date)::text as last_visit, sum(amount)::bigint as total_minor
        from visit_days
       group by customer_id
    )
    select o.*,
           (select count(*)::int from vehicle_purchases p
             where p.customer_id = o.customer_id and p.purchase_date < ${cutoff}::date) as vehicles,
           (select max(p.purchase_date)::text from vehicle_purchases p
             where p.customer_id = o.customer_id and p.purchase_date < ${cutoff}::date) as last_purchase,
           (select count(*)::int from activities a
             where a.customer_id = o.customer_id
               and a.occurred_at < ${cutoff}::date
               and a.occurred_at >= ${cutoff}::date - interval '12 months') as contacts,
           (select count(*)::int from complaints c
             where c.customer_id = o.customer_id
               and c.opened_at < ${cutoff}::date
               and c.opened_at >= ${cutoff}::date - interval '12 months') as complaints,
           (select avg(f.csi_score) from service_follow_ups f
             where f.customer_id = o.customer_id
               and f.completed_at < ${cutoff}::date
               and f.completed_at >= ${cutoff}::date - interval '24 months') as csi_mean,
           exists (select 1 from service_visits v
             where v.customer_id = o.customer_id
               and v.visit_date >= ${cutoff}::date
               and v.visit_date < ${cutoff}::date + interval '12 months') as visited
      from owners o
     where o.first_visit < ${cutoff}
     order by o.customer_id`.execute(db);
  return result.rows.map((row) => {
    const weeksSinceFirst = days(row.first_visit, cutoff) / 7;
    const weeksSinceLast = days(row.last_visit, cutoff) / 7;
    const activeYears = days(row.first_visit, row.last_visit) / 365.25;
    return {
      customerId: row.customer_id,
      features: [
        Math.log1p(row.visits),
        weeksSinceLast,
        weeksSinceFirst,
        activeYears > 0 ? (row.visits - 1) / activeYears : 0,
        Math.log1p(Number(row.total_minor) / row.visits / 100),
        row.vehicles,
        row.last_purchase ? Math.min(days(row.last_purchase, cutoff) / 365.25, 20) : 20,
        Math.log1p(row.contacts),
        Math.log1p(row.complaints),
        row.csi_mean === null ? 0 : 10 - Number(row.csi_mean),
        row.csi_mean === null ? 1 : 0,
      ],
      visited: row.visited ? 1 : 0,
      x: row.visits - 1,
      tx: days(row.first_visit, row.last_visit) / 7,
      T: weeksSinceFirst,
    };
  });
}
