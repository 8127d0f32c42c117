import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { dealerRowCondition, type ResolvedFilter } from '../analytics/index.ts';

/**
 * Attribution rule (issue 5 "ROI", issue 7 "Campaign ROI"), in one SQL statement:
 *
 * - Conversions are leads (requested_at), test drives that took place (starts_at, status
 *   'came'), vehicle purchases (purchase_date) and service visits (visit_date) of the people a
 *   selected campaign reached, in the user's data scope, at a dealer the user sees.
 * - A lead quoting a campaign's response code (its utm_campaign, else its campaign field;
 *   case-insensitive) belongs to that campaign, whoever received it.
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
 */
export type Conversion = {
  campaignId: string;
  kind: 'lead' | 'test_drive' | 'sale' | 'service';
  currency: string | null;
  count: number;
  amountMinor: number;
};

/** The customers the dealer filters name: linked to a dealer of that brand / region / code. */
export function customerFilter(
  filter: ResolvedFilter,
  customerId: RawBuilder<unknown>,
): RawBuilder<boolean> {
  if (!filter.brandId && !filter.regionId && !filter.dealerId) return sql<boolean>`true`;
  const conditions = [sql`fl.customer_id = ${customerId}`];
  if (filter.dealerId) conditions.push(sql`fd.id = ${filter.dealerId}`);
  if (filter.regionId) conditions.push(sql`fd.region_id = ${filter.regionId}`);
  if (filter.brandId) {
    conditions.push(sql`exists (select 1 from dealer_brands fb
      where fb.dealer_id = fd.id and fb.brand_id = ${filter.brandId})`);
  }
  return sql<boolean>`exists (select 1 from customer_dealers fl join dealers fd on fd.id = fl.dealer_id
    where ${sql.join(conditions, sql` and `)})`;
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

/** The conversions credited to each selected campaign, per kind and currency. */
export async function attributedConversions(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
  selected: RawBuilder<unknown>,
): Promise<Conversion[]> {
  const atDealer = (column: string) =>
    dealerRowCondition(actor, filter, sql.ref(column), sql`null`);
  const endOfDay = (day: string) =>
    sql`((${sql.ref(day)} + 1)::timestamp at time zone 'UTC' - interval '1 microsecond')`;
  const leadCode = sql`lower(coalesce(l.utm_campaign, l.campaign))`;
  const result = await sql<{
    campaign_id: string;
    kind: Conversion['kind'];
    currency: string | null;
    n: number;
    amount: string;
  }>`
    with sel as (${selected}),
    aud as (${audienceOf(actor, filter, sql`select id from sel`)}),
    conv as (
      select 'sale'::text as kind, p.id, p.customer_id, ${endOfDay('p.purchase_date')} as at,
             p.purchase_date as day,
             greatest(coalesce(p.price_minor, 0) - p.discount_minor, 0)::bigint as amount,
             p.currency::text as currency, null::text as code
        from vehicle_purchases p
       where p.customer_id in (select customer_id from aud) and ${atDealer('p.dealer_id')}
      union all
      select 'service', v.id, v.customer_id, ${endOfDay('v.visit_date')}, v.visit_date,
             v.total_minor, v.currency::text, null
        from service_visits v
       where v.customer_id in (select customer_id from aud) and ${atDealer('v.dealer_id')}
      union all
      select 'test_drive', b.id, b.customer_id, b.starts_at, (b.starts_at at time zone 'UTC')::date,
             0, null, null
        from test_drive_bookings b
       where b.status = 'came' and b.customer_id in (select customer_id from aud)
         and ${atDealer('b.dealer_id')}
      union all
      select 'lead', l.id, l.customer_id, l.requested_at, (l.requested_at at time zone 'UTC')::date,
             0, null, ${leadCode}
        from leads l
       where l.customer_id in (select customer_id from aud) and ${atDealer('l.dealer_id')}
      -- leads quoting a selected campaign's code, also from people it never reached
      union
      select 'lead', l.id, l.customer_id, l.requested_at, (l.requested_at at time zone 'UTC')::date,
             0, null, ${leadCode}
        from leads l
       where ${leadCode} in (select lower(c.response_code) from marketing_campaigns c
                              where c.id in (select id from sel) and c.response_code is not null)
         and ${customerVisible(actor, sql.ref('l.customer_id'))}
         and ${customerFilter(filter, sql.ref('l.customer_id'))}
         and ${atDealer('l.dealer_id')}
    ),
    coded as (
      select cv.kind, cv.id, c.id as campaign_id
        from conv cv join marketing_campaigns c on lower(c.response_code) = cv.code
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
    credited as (select * from coded union all select * from touched)
    select k.campaign_id, cv.kind, cv.currency, count(*)::int as n,
           coalesce(sum(cv.amount), 0)::text as amount
      from credited k join conv cv on cv.kind = k.kind and cv.id = k.id
     where k.campaign_id in (select id from sel)
     group by k.campaign_id, cv.kind, cv.currency`.execute(db);
  return result.rows.map((row) => ({
    campaignId: row.campaign_id,
    kind: row.kind,
    currency: row.currency,
    count: Number(row.n),
    amountMinor: Number(row.amount),
  }));
}
