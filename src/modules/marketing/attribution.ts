import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { dealerRowCondition, type ResolvedFilter } from '../analytics/index.ts';
import { rowOfReportBrand, testDriveBrand, vehicleBrand } from './roi-brands.ts';

/**
 * Attribution rule (issue 5 "ROI", issue 7 "Campaign ROI"), in one SQL statement:
 *
 * - Conversions are leads (requested_at), test drives that took place (starts_at, status
 *   'came'), vehicle purchases (purchase_date) and service visits (visit_date) of the people a
 *   selected campaign reached, in the user's data scope, at a dealer the user sees.
 * - A lead quoting a campaign's response code (its utm_campaign, else its campaign field;
 *   case-insensitive) belongs to that campaign, whoever received it; so does a lead quoting
 *   one of its letter variants' codes (`marketing_response_codes`, 0243: SPRING26-B).
 * - Otherwise last touch: a touch is a message that went out (recipient row 'queued', not
 *   'blocked'); its time is the latest of sent, opened and clicked that is not after the
 *   conversion. The conversion counts for a campaign when its day (UTC) is at most the
 *   campaign's attribution_window_days after the touch's day. Among the campaigns that qualify,
 *   the latest touch wins (ties: the smaller campaign id, so the answer is stable). Every
 *   campaign competes, also those outside the filter or the user's view, so narrowing the
 *   report never moves credit from one campaign to another.
 * - A dated conversion (purchase, visit) is "at" the end of its day: a message sent that day
 *   still counts as before it.
 * - Revenue: a purchase's price less discount, a visit's total; in their own currencies.
 * - Brands (roi-brands.ts): for a brand-level user, and under a brand filter, only conversions
 *   of that brand count: a lead's own brand, a test drive's booked lead's (else its demo car's),
 *   a purchase's or visit's vehicle's make. A row whose brand is unknown counts for no brand.
 * - For the lead-source grouping (sourceConversions) a conversion's source is that of the lead
 *   it came from (see there); the credit is the same.
 */
export type Conversion = {
  campaignId: string;
  kind: 'lead' | 'test_drive' | 'sale' | 'service';
  currency: string | null;
  count: number;
  amountMinor: number;
};

/** A Conversion as the statements (live here, kept in roi-stored.ts) select it. */
export type ConversionRow = {
  campaign_id: string;
  kind: Conversion['kind'];
  currency: string | null;
  n: number;
  amount: string;
};

export function conversionOf(row: ConversionRow): Conversion {
  return {
    campaignId: row.campaign_id,
    kind: row.kind,
    currency: row.currency,
    count: Number(row.n),
    amountMinor: Number(row.amount),
  };
}

/**
 * The customers the dealer filters name: linked to a dealer of that brand / region / code. Rows
 * that carry their person's dealer set use customerFilterByDealerSet instead.
 */
export function customerFilter(
  filter: ResolvedFilter,
  customerId: RawBuilder<unknown>,
): RawBuilder<boolean> {
  if (!filter.brandId && !filter.regionId && !filter.dealerId) return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from customer_dealers fl join dealers fd on fd.id = fl.dealer_id
    where fl.customer_id = ${customerId} and ${filteredDealer(filter)})`;
}

/**
 * customerFilter on a row that carries the id of its person's set of dealers (`dealerSetId`,
 * customer_dealer_sets, 0281): the sets that meet the filter's dealers found once (a hashed
 * subquery over a few dozen sets), each row one integer looked up.
 */
export function customerFilterByDealerSet(
  filter: ResolvedFilter,
  dealerSetId: RawBuilder<unknown>,
): RawBuilder<boolean> {
  if (!filter.brandId && !filter.regionId && !filter.dealerId) return sql<boolean>`true`;
  return sql<boolean>`${dealerSetId} in (select fs.id from customer_dealer_sets fs
    where fs.dealer_ids && array(select fd.id from dealers fd where ${filteredDealer(filter)}))`;
}

/** SQL on a dealer `fd`: it is one the dealer filters name (brand, region, dealer). */
function filteredDealer(filter: ResolvedFilter): RawBuilder<boolean> {
  const conditions = [sql`true`];
  if (filter.dealerId) conditions.push(sql`fd.id = ${filter.dealerId}`);
  if (filter.regionId) conditions.push(sql`fd.region_id = ${filter.regionId}`);
  if (filter.brandId) {
    conditions.push(sql`exists (select 1 from dealer_brands fb
      where fb.dealer_id = fd.id and fb.brand_id = ${filter.brandId})`);
  }
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/**
 * The audience of the selected campaigns the user may count: recipients the message went to,
 * visible to him and passing the dealer filters. `selected` is a query of campaign ids.
 */
export function audienceOf(
  actor: Actor,
  filter: ResolvedFilter,
  selected: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`select distinct r.customer_id from marketing_campaign_recipients r
    where r.campaign_id in (${selected}) and r.status = 'queued'
      and ${customerVisible(actor, sql.ref('r.customer_id'))}
      and ${customerFilter(filter, sql.ref('r.customer_id'))}`;
}

/** A dated conversion (a purchase, a visit) is "at" the end of its day (UTC). */
export const endOfDay = (day: string) =>
  sql`((${sql.ref(day)} + 1)::timestamp at time zone 'UTC' - interval '1 microsecond')`;

/** The response code a lead `l` quotes: its utm_campaign, else its campaign field. */
export const leadCode = sql`lower(coalesce(l.utm_campaign, l.campaign))`;

/**
 * What the source grouping needs beyond the campaign rule: also the conversions of the user's
 * customers dated in the period that no selected campaign reached (to find those credited to no
 * campaign at all), and for each conversion the lead it came from.
 */
type Population = {
  sources: boolean;
  /**
   * every brand's rows also for a brand-level user or under a brand filter (to learn the
   * brand's part of a cost); the dealer and customer filters stay
   */
  allBrands?: boolean;
};

/**
 * The common table expressions of the rule: `sel` (the selected campaigns, by id), `aud`, `conv`
 * (kind, id, customer_id, at, day, amount, currency, code, source, lead_id) and `credited`
 * (kind, id, campaign_id: at most one campaign per conversion, of every campaign). Callers
 * append their own select, so each report stays one statement.
 */
function creditedConversions(
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
  population: Population,
): RawBuilder<unknown> {
  const atDealer = (column: string) =>
    dealerRowCondition(actor, filter, sql.ref(column), sql`null`);
  // a brand-level actor's dealers may sell other brands: their rows are not his (as in the
  // channel analysis), nor under a brand filter another brand's (roi-brands.ts)
  const ofBrand = (brand: RawBuilder<unknown>) =>
    population.allBrands ? sql<boolean>`true` : rowOfReportBrand(actor, filter, brand);
  const leadOfBrand = ofBrand(sql.ref('l.brand_id'));
  // the audience, or (sources) also any of the user's customers for a conversion in the period
  const reached = (customer: string, day: RawBuilder<unknown>) =>
    population.sources
      ? sql`(${sql.ref(customer)} in (select customer_id from aud)
          or (${day} between ${filter.from}::date and ${filter.to}::date
              and ${customerVisible(actor, sql.ref(customer))}
              and ${customerFilter(filter, sql.ref(customer))}))`
      : sql`${sql.ref(customer)} in (select customer_id from aud)`;
  // a delivered car's order names the lead it was sold on
  const saleLead = population.sources
    ? sql`(select o.lead_id from orders o
            where o.vehicle_id = p.vehicle_id and o.customer_id = p.customer_id
              and o.lead_id is not null
            order by o.delivered_at desc nulls last limit 1)`
    : sql`null::uuid`;
  // A purchase, visit or test drive is credited only after a touch (sent_at <= at), so one
  // before the selected campaigns' first send cannot be theirs: leaving it out changes no credit
  // and spares the years of visits before it (issue 7, bench/RESULTS.md "Campaign ROI"). The
  // source grouping also needs the period's conversions without a campaign. Leads stay whole: a
  // quoted code credits its campaign whenever the lead came.
  const firstSent = population.sources
    ? sql`least(${filter.fromInstant}::timestamptz, (select first_sent from span))`
    : sql`(select first_sent from span)`;
  const firstDay = sql`(${firstSent} at time zone 'UTC')::date`;
  return sql`
    with sel as (select c.id from marketing_campaigns c where c.id = any(${selected}::uuid[])),
    aud as (${audienceOf(actor, filter, sql`select id from sel`)}),
    span as (select min(r.created_at) as first_sent from marketing_campaign_recipients r
              where r.campaign_id in (select id from sel) and r.status = 'queued'),
    conv as (
      select 'sale'::text as kind, p.id, p.customer_id, ${endOfDay('p.purchase_date')} as at,
             p.purchase_date as day,
             greatest(coalesce(p.price_minor, 0) - p.discount_minor, 0)::bigint as amount,
             p.currency::text as currency, null::text as code, null::text as source,
             ${saleLead} as lead_id
        from vehicle_purchases p
       where ${reached('p.customer_id', sql`p.purchase_date`)} and ${atDealer('p.dealer_id')}
         and p.purchase_date >= ${firstDay}
         and ${ofBrand(vehicleBrand(sql.ref('p.vehicle_id')))}
      union all
      -- service visits are aftersales, not the lead funnel: only those of the audience
      select 'service', v.id, v.customer_id, ${endOfDay('v.visit_date')}, v.visit_date,
             v.total_minor, v.currency::text, null, null, null
        from service_visits v
       where v.customer_id in (select customer_id from aud) and ${atDealer('v.dealer_id')}
         and v.visit_date >= ${firstDay}
         and ${ofBrand(vehicleBrand(sql.ref('v.vehicle_id')))}
      union all
      select 'test_drive', b.id, b.customer_id, b.starts_at, (b.starts_at at time zone 'UTC')::date,
             0, null, null, null, b.lead_id
        from test_drive_bookings b
       where b.status = 'came'
         and ${reached('b.customer_id', sql`(b.starts_at at time zone 'UTC')::date`)}
         and ${atDealer('b.dealer_id')} and b.starts_at >= ${firstSent}
         and ${ofBrand(testDriveBrand(sql.ref('b.lead_id'), sql.ref('b.vehicle_id')))}
      union all
      -- the union removes a lead found both ways; the other kinds need no such sort (their ids
      -- are unique), which was 2.3M rows spilled to disk at 1.14M customers
      (select 'lead', l.id, l.customer_id, l.requested_at, (l.requested_at at time zone 'UTC')::date,
              0, null, ${leadCode}, l.source_key, l.id
         from leads l
        where ${reached('l.customer_id', sql`(l.requested_at at time zone 'UTC')::date`)}
          and ${atDealer('l.dealer_id')} and ${leadOfBrand}
       -- leads quoting a selected campaign's code, also from people it never reached
       union
       select 'lead', l.id, l.customer_id, l.requested_at, (l.requested_at at time zone 'UTC')::date,
              0, null, ${leadCode}, l.source_key, l.id
         from leads l
        where ${leadCode} in (select lower(rc.code) from marketing_response_codes rc
                               where rc.campaign_id in (select id from sel))
          and ${customerVisible(actor, sql.ref('l.customer_id'))}
          and ${customerFilter(filter, sql.ref('l.customer_id'))}
          and ${atDealer('l.dealer_id')} and ${leadOfBrand})
    ),
    ${creditRule()}`;
}

/**
 * The rule itself, as common table expressions over a `conv` the caller defines (kind, id,
 * customer_id, at, day, code): `coded` (a quoted response code), `touch`, `touched` (last touch
 * within the window, of every campaign) and `credited` (kind, id, campaign_id: at most one
 * campaign per conversion). The live report and the kept credits (roi-credits.ts) share it,
 * so the two cannot drift apart.
 */
export function creditRule(): RawBuilder<unknown> {
  return sql`
    coded as (
      -- a letter variant's code credits its campaign (the variant is the A/B test's business)
      select distinct cv.kind, cv.id, rc.campaign_id
        from conv cv join marketing_response_codes rc on lower(rc.code) = cv.code
       where cv.code is not null
    ),
    touch as (
      select r.campaign_id, r.customer_id, r.created_at as sent_at, r.opened_at, r.clicked_at,
             c.attribution_window_days::int as window_days
        from marketing_campaign_recipients r
        join marketing_campaigns c on c.id = r.campaign_id
       where r.status = 'queued' and r.customer_id in (select customer_id from conv)
    ),
    touched as (
      select distinct on (cv.kind, cv.id) cv.kind, cv.id, t.campaign_id
        from conv cv
        join touch t on t.customer_id = cv.customer_id and t.sent_at <= cv.at
        cross join lateral (select greatest(
                 t.sent_at,
                 case when t.opened_at <= cv.at then t.opened_at end,
                 case when t.clicked_at <= cv.at then t.clicked_at end) as touch_at) last
       where cv.day <= (last.touch_at at time zone 'UTC')::date + t.window_days
         and not exists (select 1 from coded k where k.kind = cv.kind and k.id = cv.id)
       order by cv.kind, cv.id, last.touch_at desc, t.campaign_id
    ),
    credited as (select * from coded union all select * from touched)`;
}

/** The conversions credited to each selected campaign, per kind and currency. */
export async function attributedConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
): Promise<Conversion[]> {
  const result = await sql<ConversionRow>`
    ${creditedConversions(actor, filter, selected, { sources: false })}
    select k.campaign_id, cv.kind, cv.currency, count(*)::int as n,
           coalesce(sum(cv.amount), 0)::text as amount
      from credited k join conv cv on cv.kind = k.kind and cv.id = k.id
     where k.campaign_id in (select id from sel)
     group by k.campaign_id, cv.kind, cv.currency`.execute(db);
  return result.rows.map(conversionOf);
}

/** One lead source's conversions: credited to a selected campaign, or to no campaign at all. */
export type SourceConversion = {
  /** the lead source key; null: the person had no lead (visible to the user) before it */
  source: string | null;
  kind: Conversion['kind'];
  currency: string | null;
  viaCampaigns: number;
  viaCampaignsMinor: number;
  withoutCampaign: number;
  withoutCampaignMinor: number;
};

/** A SourceConversion as the statements (live here, kept in roi-stored.ts) select it. */
export type SourceConversionRow = {
  source: string | null;
  kind: Conversion['kind'];
  currency: string | null;
  via_n: number;
  via_amount: string;
  own_n: number;
  own_amount: string;
};

export function sourceConversionOf(row: SourceConversionRow): SourceConversion {
  return {
    source: row.source,
    kind: row.kind,
    currency: row.currency,
    viaCampaigns: Number(row.via_n),
    viaCampaignsMinor: Number(row.via_amount),
    withoutCampaign: Number(row.own_n),
    withoutCampaignMinor: Number(row.own_amount),
  };
}

/**
 * The source grouping's conversions, one statement. A conversion's source is its lead's: a
 * lead's own, a test drive's booked lead, a car's delivered order's lead; else (and for service
 * visits) the source of the person's last lead before it at a dealer the user sees. "Via
 * campaigns" are exactly the campaign report's conversions; "without a campaign" are the leads,
 * test drives that took place and car purchases of the user's customers dated in the period
 * that the rule credits to no campaign at all (credit to a campaign outside the report is in
 * neither). Service visits without a campaign are the workshop's business, not a source's.
 */
export async function sourceConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
): Promise<SourceConversion[]> {
  const atDealer = (column: string) =>
    dealerRowCondition(actor, filter, sql.ref(column), sql`null`);
  const result = await sql<SourceConversionRow>`
    ${creditedConversions(actor, filter, selected, { sources: true })},
    placed as (
      select cv.kind, cv.currency, cv.amount, cv.day, k.campaign_id,
             case when cv.kind = 'lead' then cv.source
                  else coalesce(
                    (select sl.source_key from leads sl where sl.id = cv.lead_id),
                    (select ll.source_key from leads ll
                      where ll.customer_id = cv.customer_id and ll.requested_at <= cv.at
                        and ${atDealer('ll.dealer_id')}
                        and ${rowOfReportBrand(actor, filter, sql.ref('ll.brand_id'))}
                      order by ll.requested_at desc, ll.id desc limit 1))
             end as source
        from conv cv left join credited k on k.kind = cv.kind and k.id = cv.id
    ),
    judged as (
      select source, kind, currency, amount,
             campaign_id in (select id from sel) as via,
             campaign_id is null and kind <> 'service'
               and day between ${filter.from}::date and ${filter.to}::date as own
        from placed
    )
    select source, kind, currency,
           count(*) filter (where via)::int as via_n,
           coalesce(sum(amount) filter (where via), 0)::text as via_amount,
           count(*) filter (where own)::int as own_n,
           coalesce(sum(amount) filter (where own), 0)::text as own_amount
      from judged
     where via or own
     group by source, kind, currency`.execute(db);
  return result.rows.map(sourceConversionOf);
}

/** How many of a selected campaign's credited leads came from each lead source. */
export type CampaignLeadSource = { campaignId: string; source: string; leads: number };

/** How many of a selected campaign's credited leads are of each brand (null: none named). */
export type CampaignLeadBrand = { campaignId: string; brandId: string | null; leads: number };

/** Counts a selected campaign's credited leads per `key` (an expression on the lead `l`). */
export type LeadCounter = <K>(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
  /** also other brands' leads (for weighing a campaign's cost over brands) */
  allBrands: boolean,
  key: RawBuilder<K>,
) => Promise<{ campaignId: string; key: K; leads: number }[]>;

type LeadSplit<T> = (
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
) => Promise<T[]>;

/** The credited leads per source, counted by `count` (live here, kept in roi-stored.ts). */
export function leadSourcesBy(count: LeadCounter): LeadSplit<CampaignLeadSource> {
  return async (db, actor, filter, selected) =>
    (await count(db, actor, filter, selected, false, sql<string>`l.source_key`)).map(
      ({ campaignId, key, leads }) => ({ campaignId, source: key, leads }),
    );
}

/** The credited leads per brand, of every brand, counted by `count`. */
export function leadBrandsBy(count: LeadCounter): LeadSplit<CampaignLeadBrand> {
  return async (db, actor, filter, selected) =>
    (await count(db, actor, filter, selected, true, sql<string | null>`l.brand_id`)).map(
      ({ campaignId, key, leads }) => ({ campaignId, brandId: key, leads }),
    );
}

/**
 * The leads credited to each selected campaign, counted per `key` (an expression on the lead
 * `l`), one statement: exactly the campaign report's lead counts, split by that key.
 */
const campaignLeadCounts: LeadCounter = async <K>(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: readonly string[],
  allBrands: boolean,
  key: RawBuilder<K>,
) => {
  const result = await sql<{ campaign_id: string; key: K; n: number }>`
    ${creditedConversions(actor, filter, selected, { sources: false, allBrands })}
    select k.campaign_id, ${key} as key, count(*)::int as n
      from credited k join conv cv on cv.kind = k.kind and cv.id = k.id
      join leads l on l.id = cv.id
     where k.campaign_id in (select id from sel) and cv.kind = 'lead'
     group by k.campaign_id, 2
     order by k.campaign_id, 2`.execute(db);
  return result.rows.map((row) => ({
    campaignId: row.campaign_id,
    key: row.key,
    leads: Number(row.n),
  }));
};

/**
 * The leads credited to each selected campaign per source (for sharing a campaign's cost over
 * the sources of its leads, roi-campaign-costs.ts).
 */
export const campaignLeadSources = leadSourcesBy(campaignLeadCounts);

/**
 * The leads credited to each selected campaign per brand, of every brand even for a
 * brand-level user (in his customers and dealers): what his brand's part of the campaign's
 * cost is weighed by (roi-campaign-costs.ts brandPartOfCosts).
 */
export const campaignLeadBrands = leadBrandsBy(campaignLeadCounts);
