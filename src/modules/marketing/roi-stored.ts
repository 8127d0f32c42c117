import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisibleByDealerSet } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { dealerRowCondition, type ResolvedFilter } from '../analytics/index.ts';
import {
  conversionOf,
  customerFilterByDealerSet,
  leadBrandsBy,
  leadSourcesBy,
  sourceConversionOf,
  type Conversion,
  type ConversionRow,
  type LeadCounter,
  type SourceConversion,
  type SourceConversionRow,
} from './attribution.ts';
import { rowOfReportBrand } from './roi-brands.ts';

/**
 * The ROI report's conversions read from the kept credits (marketing_roi_credits, roi-credits.ts)
 * instead of running the rule: the same answers as attribution.ts's live functions (tested),
 * because a conversion's credit is the same whoever asks (every campaign competes). What the
 * reader may count is applied here, per credit row, exactly as the live rule filters its
 * conversions: the person in his scope and in the dealer filters (read from the dealer set the
 * row carries), the row's dealer visible and filtered, and for one brand the row's brand.
 */

/**
 * SQL on a row under `alias` that carries its person (customer_id) and the id of his set of
 * dealers (customer_dealer_set_id, kept equal to his links by the triggers of 0282): the person
 * is in the reader's scope and in the dealer filters. Read from the row: one integer looked up
 * among the few sets the reader sees. Looking into customer_dealers instead hashed a brand's
 * 744,000 links per statement (or probed them once per row): 1.5-3.5 s of a brand's report on
 * a busy machine (bench/RESULTS.md, "Campaign ROI for a brand: the dealer set on the row"). A
 * consultant's own scope still reads his dealer's links (customerVisibleByDealerSet).
 */
export function personOfRowCounts(
  actor: Actor,
  filter: ResolvedFilter,
  alias: 'k' | 'u' | 'r',
): RawBuilder<boolean> {
  const dealerSet = sql.ref(`${alias}.customer_dealer_set_id`);
  const person = sql.ref(`${alias}.customer_id`);
  return sql<boolean>`(${customerVisibleByDealerSet(actor, person, dealerSet)}
    and ${customerFilterByDealerSet(filter, dealerSet)})`;
}

/**
 * SQL on a kept row (a credit, or an uncredited conversion) under `alias`, all but its person:
 * its dealer visible and filtered, and its brand the report's. `allBrands`: also other
 * brands' rows.
 */
function rowCounts(
  actor: Actor,
  filter: ResolvedFilter,
  allBrands: boolean,
  alias: 'k' | 'u',
): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${dealerRowCondition(actor, filter, column('dealer_id'), sql`null`)}
    and ${allBrands ? sql`true` : rowOfReportBrand(actor, filter, column('brand_id'))})`;
}

/** SQL on a credit `k`: the reader may count it. `allBrands`: also other brands' rows. */
function creditCounts(
  actor: Actor,
  filter: ResolvedFilter,
  allBrands = false,
): RawBuilder<boolean> {
  return sql<boolean>`(${personOfRowCounts(actor, filter, 'k')}
    and ${rowCounts(actor, filter, allBrands, 'k')})`;
}

/** The conversions credited to each selected campaign, per kind and currency. */
export async function storedConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
): Promise<Conversion[]> {
  const result = await sql<ConversionRow>`
    select k.campaign_id, k.kind, k.currency, count(*)::int as n,
           coalesce(sum(k.amount_minor), 0)::text as amount
      from marketing_roi_credits k
     where k.campaign_id = any(${selected}::uuid[]) and ${creditCounts(actor, filter)}
     group by k.campaign_id, k.kind, k.currency`.execute(db);
  return result.rows.map(conversionOf);
}

const storedLeadCounts: LeadCounter = async <K>(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
  allBrands: boolean,
  key: RawBuilder<K>,
) => {
  const result = await sql<{ campaign_id: string; key: K; n: number }>`
    select k.campaign_id, ${key} as key, count(*)::int as n
      from marketing_roi_credits k join leads l on l.id = k.conversion_id
     where k.kind = 'lead' and k.campaign_id = any(${selected}::uuid[])
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
 * attribution.ts sourceConversions, from the kept rows: "via campaigns" are the credits of the
 * selected campaigns the reader may count; "without a campaign" are the kept uncredited
 * conversions (marketing_roi_uncredited, roi-uncredited.ts: leads, test drives that took place
 * and purchases credited to no campaign at all, in the report or not) dated in the period that
 * he may count. Only the source of a row without its own lead is looked up live: the reader's
 * latest lead before it at a dealer he sees, of the report's brand.
 */
export async function storedSourceConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
): Promise<SourceConversion[]> {
  const atDealer = (column: string) =>
    dealerRowCondition(actor, filter, sql.ref(column), sql`null`);
  const result = await sql<SourceConversionRow>`
    with kept as (
      select k.kind, k.currency, k.amount_minor as amount, k.customer_id, k.at,
             k.lead_id, k.source_key, true as via
        from marketing_roi_credits k
       where k.campaign_id = any(${selected}::uuid[]) and ${rowCounts(actor, filter, false, 'k')}
         and ${personOfRowCounts(actor, filter, 'k')}
      union all
      select u.kind, u.currency, u.amount_minor, u.customer_id, u.at, u.lead_id,
             u.source_key, false
        from marketing_roi_uncredited u
       where u.day between ${filter.from}::date and ${filter.to}::date
         and ${rowCounts(actor, filter, false, 'u')} and ${personOfRowCounts(actor, filter, 'u')}
    ),
    -- the people with a lead the reader may count: only their rows look up a latest lead (a
    -- probe per row into leads cost a second at 1.14M customers, where most have no lead)
    with_lead as (
      select distinct ll.customer_id from leads ll
       where ${atDealer('ll.dealer_id')}
         and ${rowOfReportBrand(actor, filter, sql.ref('ll.brand_id'))}
    ),
    placed as (
      select f.kind, f.currency, f.amount, f.via,
             case when f.kind = 'lead' then f.source_key
                  -- most rows have no own lead: no probe for them (300,000 at group scope)
                  else coalesce(
                    case when f.lead_id is not null then
                      (select sl.source_key from leads sl where sl.id = f.lead_id) end,
                    case when wl.customer_id is not null then
                      (select ll.source_key from leads ll
                        where ll.customer_id = f.customer_id and ll.requested_at <= f.at
                          and ${atDealer('ll.dealer_id')}
                          and ${rowOfReportBrand(actor, filter, sql.ref('ll.brand_id'))}
                        order by ll.requested_at desc, ll.id desc limit 1) end)
             end as source
        from kept f left join with_lead wl on wl.customer_id = f.customer_id
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
