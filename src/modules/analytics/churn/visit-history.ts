import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

/**
 * Per-owner visit summary up to the as-of day, in one set-based query over service_visits
 * (its (customer_id, visit_date) index serves the grouping). Visits on the same day are one
 * visit: two repair orders opened the same morning are not a return. The currency is that of
 * the last visit; amounts are the dealer's revenue (whoever paid: warranty work earns too).
 */
export type OwnerVisitSummary = {
  customer_id: string;
  repeat_visits: number;
  first_visit: string;
  last_visit: string;
  total_minor: number;
  repeat_total_minor: number;
  currency: string;
  last_dealer_id: string | null;
};

export async function ownerVisitSummaries(db: Db, asOf: string): Promise<OwnerVisitSummary[]> {
  const result = await sql<OwnerVisitSummary>`
    with visit_days as (
      select customer_id,
             visit_date,
             sum(total_minor) as amount,
             (array_agg(currency order by total_minor desc))[1] as currency,
             (array_agg(dealer_id order by created_at desc))[1] as dealer_id,
             min(visit_date) over (partition by customer_id) as first_visit
        from service_visits
       where visit_date <= ${asOf}::date
       group by customer_id, visit_date
    )
    select customer_id,
           (count(*) - 1)::int as repeat_visits,
           min(visit_date)::text as first_visit,
           max(visit_date)::text as last_visit,
           sum(amount)::bigint as total_minor,
           coalesce(sum(amount) filter (where visit_date > first_visit), 0)::bigint as repeat_total_minor,
           (array_agg(currency order by visit_date desc))[1] as currency,
           (array_agg(dealer_id order by visit_date desc))[1] as last_dealer_id
      from visit_days
     group by customer_id
     order by customer_id`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    total_minor: Number(row.total_minor),
    repeat_total_minor: Number(row.repeat_total_minor),
  }));
}
