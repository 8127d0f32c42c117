import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import { personDealerSets } from '../customers/index.ts';
import { endOfDay } from './attribution.ts';
import { testDriveBrand, vehicleBrand } from './roi-brands.ts';

/**
 * The conversions the rule credits to no campaign (marketing_roi_uncredited, 0276): the source
 * grouping's "without a campaign" part. Written right after the credits of the same people in
 * the same transaction (roi-credits.ts), so a conversion is in exactly one of the two tables
 * (or, a service visit without a campaign, in neither: the workshop's business, not a
 * source's). Unlike the credits, this covers everyone, not only people a campaign reached: a
 * walk-in's purchase counts for its source too. The columns are those the report's reader
 * filters on (roi-stored.ts), computed as the live rule computes them (attribution.ts).
 */

/** Writes the uncredited conversions of the given people (all: everyone's). */
export async function keepUncredited(tx: Tx, people: 'all' | string[]): Promise<number> {
  const mine = (column: string) =>
    people === 'all' ? sql`true` : sql`${sql.ref(column)} = any(${people}::uuid[])`;
  const uncredited = (kind: string, id: string) =>
    sql`not exists (select 1 from marketing_roi_credits k
                     where k.kind = ${kind} and k.conversion_id = ${sql.ref(id)})`;
  const result = await sql`
    insert into marketing_roi_uncredited (kind, conversion_id, customer_id, dealer_id, brand_id,
                                          day, at, amount_minor, currency, lead_id, source_key,
                                          customer_dealer_set_id)
    select x.*, ps.set_id from (
    select 'sale', p.id, p.customer_id, p.dealer_id, ${vehicleBrand(sql.ref('p.vehicle_id'))},
           p.purchase_date, ${endOfDay('p.purchase_date')},
           greatest(coalesce(p.price_minor, 0) - p.discount_minor, 0), p.currency::text,
           -- a delivered car's order names the lead it was sold on
           (select o.lead_id from orders o
             where o.vehicle_id = p.vehicle_id and o.customer_id = p.customer_id
               and o.lead_id is not null
             order by o.delivered_at desc nulls last limit 1),
           null
      from vehicle_purchases p
     where ${mine('p.customer_id')} and ${uncredited('sale', 'p.id')}
    union all
    select 'test_drive', b.id, b.customer_id, b.dealer_id,
           ${testDriveBrand(sql.ref('b.lead_id'), sql.ref('b.vehicle_id'))},
           (b.starts_at at time zone 'UTC')::date, b.starts_at, 0, null, b.lead_id, null
      from test_drive_bookings b
     where b.status = 'came' and ${mine('b.customer_id')} and ${uncredited('test_drive', 'b.id')}
    union all
    select 'lead', l.id, l.customer_id, l.dealer_id, l.brand_id,
           (l.requested_at at time zone 'UTC')::date, l.requested_at, 0, null, l.id, l.source_key
      from leads l
     where ${mine('l.customer_id')} and ${uncredited('lead', 'l.id')}
    ) x left join ${personDealerSets(people)} ps on ps.customer_id = x.customer_id`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
