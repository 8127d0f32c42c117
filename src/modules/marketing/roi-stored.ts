import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { dealerRowCondition, type ResolvedFilter } from '../analytics/index.ts';
import {
  conversionOf,
  customerFilter,
  endOfDay,
  leadBrandsBy,
  leadSourcesBy,
  sourceConversionOf,
  type Conversion,
  type ConversionRow,
  type LeadCounter,
  type SourceConversion,
  type SourceConversionRow,
} from './attribution.ts';
import { rowOfReportBrand, testDriveBrand, vehicleBrand } from './roi-brands.ts';

/**
 * The ROI report's conversions read from the kept credits (marketing_roi_credits, roi-credits.ts)
 * instead of running the rule: the same answers as attribution.ts's live functions (tested),
 * because a conversion's credit is the same whoever asks (every campaign competes). What the
 * reader may count is applied here, per credit row, exactly as the live rule filters its
 * conversions: the person in his scope and in the dealer filters (customerFilter), the row's
 * dealer visible and filtered, and for one brand the row's brand.
 */

/** SQL on a credit `k`: the reader may count it. `allBrands`: also other brands' rows. */
function creditCounts(
  actor: Actor,
  filter: ResolvedFilter,
  allBrands = false,
): RawBuilder<boolean> {
  return sql<boolean>`(${customerVisible(actor, sql.ref('k.customer_id'))}
    and ${customerFilter(filter, sql.ref('k.customer_id'))}
    and ${dealerRowCondition(actor, filter, sql.ref('k.dealer_id'), sql`null`)}
    and ${allBrands ? sql`true` : rowOfReportBrand(actor, filter, sql.ref('k.brand_id'))})`;
}

/** The conversions credited to each selected campaign, per kind and currency. */
export async function storedConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: RawBuilder<unknown>,
): Promise<Conversion[]> {
  const result = await sql<ConversionRow>`
    select k.campaign_id, k.kind, k.currency, count(*)::int as n,
           coalesce(sum(k.amount_minor), 0)::text as amount
      from marketing_roi_credits k
     where k.campaign_id in (${selected}) and ${creditCounts(actor, filter)}
     group by k.campaign_id, k.kind, k.currency`.execute(db);
  return result.rows.map(conversionOf);
}

const storedLeadCounts: LeadCounter = async <K>(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: RawBuilder<unknown>,
  allBrands: boolean,
  key: RawBuilder<K>,
) => {
  const result = await sql<{ campaign_id: string; key: K; n: number }>`
    select k.campaign_id, ${key} as key, count(*)::int as n
      from marketing_roi_credits k join leads l on l.id = k.conversion_id
     where k.kind = 'lead' and k.campaign_id in (${selected})
       and ${creditCounts(actor, filter, allBrands)}
     group by k.campaign_id, 2
     order by k.campaign_id, 2`.execute(db);
  return result.rows.map((row) => ({
    campaignId: row.campaign_id,
    key: row.key,
    leads: Number(row.n),
  }));
};

/** attribution.ts campaignLeadSources, from the kept credits. */
export const storedLeadSources = leadSourcesBy(storedLeadCounts);

/** attribution.ts campaignLeadBrands (every brand), from the kept credits. */
export const storedLeadBrands = leadBrandsBy(storedLeadCounts);

/**
 * attribution.ts sourceConversions, from the kept credits: "via campaigns" are the credits of
 * the selected campaigns the reader may count; "without a campaign" are the leads, test drives
 * that took place and purchases of his customers dated in the period with no credit at all (a
 * credit to any campaign, in the report or not, takes them out, as in the live rule). Only the
 * period's rows are read, never the audience's history.
 */
export async function storedSourceConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: RawBuilder<unknown>,
): Promise<SourceConversion[]> {
  const atDealer = (column: string) =>
    dealerRowCondition(actor, filter, sql.ref(column), sql`null`);
  const mine = (customer: string) =>
    sql`${customerVisible(actor, sql.ref(customer))} and ${customerFilter(filter, sql.ref(customer))}`;
  const ofBrand = (brand: RawBuilder<unknown>) => rowOfReportBrand(actor, filter, brand);
  const uncredited = (kind: string, id: string) =>
    sql`not exists (select 1 from marketing_roi_credits k
                     where k.kind = ${kind} and k.conversion_id = ${sql.ref(id)})`;
  // the period's days (UTC) as instants, so the timestamps' indexes serve
  const fromAt = sql`(${filter.from}::date::timestamp at time zone 'UTC')`;
  const toAt = sql`((${filter.to}::date + 1)::timestamp at time zone 'UTC')`;
  const result = await sql<SourceConversionRow>`
    with period_sales as materialized (
      -- the period's purchases first: left to itself the planner walked the brand's 700,000
      -- customers into purchases one probe each (42 s at the bench, GEELY)
      select p.id, p.customer_id, p.vehicle_id, p.purchase_date, p.currency::text as currency,
             greatest(coalesce(p.price_minor, 0) - p.discount_minor, 0) as amount
        from vehicle_purchases p
       where p.purchase_date between ${filter.from}::date and ${filter.to}::date
         and ${atDealer('p.dealer_id')} and ${uncredited('sale', 'p.id')}
    ),
    found as (
      select k.kind, k.currency, k.amount_minor as amount, k.customer_id, k.at, k.lead_id,
             k.source_key, true as via
        from marketing_roi_credits k
       where k.campaign_id in (${selected}) and ${creditCounts(actor, filter)}
      union all
      select 'sale', p.currency, p.amount, p.customer_id, ${endOfDay('p.purchase_date')},
             (select o.lead_id from orders o
               where o.vehicle_id = p.vehicle_id and o.customer_id = p.customer_id
                 and o.lead_id is not null
               order by o.delivered_at desc nulls last limit 1),
             null, false
        from period_sales p
       where ${mine('p.customer_id')} and ${ofBrand(vehicleBrand(sql.ref('p.vehicle_id')))}
      union all
      select 'test_drive', null, 0, b.customer_id, b.starts_at, b.lead_id, null, false
        from test_drive_bookings b
       where b.status = 'came' and b.starts_at >= ${fromAt} and b.starts_at < ${toAt}
         and ${mine('b.customer_id')} and ${atDealer('b.dealer_id')}
         and ${ofBrand(testDriveBrand(sql.ref('b.lead_id'), sql.ref('b.vehicle_id')))}
         and ${uncredited('test_drive', 'b.id')}
      union all
      select 'lead', null, 0, l.customer_id, l.requested_at, l.id, l.source_key, false
        from leads l
       where l.requested_at >= ${fromAt} and l.requested_at < ${toAt}
         and ${mine('l.customer_id')} and ${atDealer('l.dealer_id')}
         and ${ofBrand(sql.ref('l.brand_id'))} and ${uncredited('lead', 'l.id')}
    ),
    placed as (
      select f.kind, f.currency, f.amount, f.via,
             case when f.kind = 'lead' then f.source_key
                  else coalesce(
                    (select sl.source_key from leads sl where sl.id = f.lead_id),
                    (select ll.source_key from leads ll
                      where ll.customer_id = f.customer_id and ll.requested_at <= f.at
                        and ${atDealer('ll.dealer_id')}
                        and ${ofBrand(sql.ref('ll.brand_id'))}
                      order by ll.requested_at desc, ll.id desc limit 1))
             end as source
        from found f
    )
    select source, kind, currency,
           count(*) filter (where via)::int as via_n,
           coalesce(sum(amount) filter (where via), 0)::text as via_amount,
           count(*) filter (where not via)::int as own_n,
           coalesce(sum(amount) filter (where not via), 0)::text as own_amount
      from placed
     group by source, kind, currency`.execute(db);
  return result.rows.map(sourceConversionOf);
}
