import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { copyDealerLinksInBulk, personDealerSets } from '../customers/index.ts';
import { creditRule, endOfDay, leadCode } from './attribution.ts';
import { testDriveBrand, vehicleBrand } from './roi-brands.ts';
import { keepUncredited } from './roi-uncredited.ts';

/**
 * The ROI report's kept credits (marketing_roi_credits, 0252): every conversion the last-touch
 * rule credits to a campaign, written with the rule's own SQL (attribution.ts creditRule).
 *
 * Refresh rule. A conversion's credit depends only on that person's data: his conversions, his
 * recipient rows (sent, opened, clicked) of every campaign, the campaigns' windows and codes.
 * Credit moves between campaigns (a later touch wins), so recomputing "a campaign" alone could
 * leave a conversion with two campaigns; the unit recomputed is the **person**: all his credits
 * are deleted and his conversions credited again, in one transaction. A person is recomputed
 * when, since the watermark (less an overlap for transactions still open then):
 *  - a recipient row of his was written, opened or clicked (a send, a touch);
 *  - a purchase of his was recorded (created_at; purchases have no updated_at), a visit, test
 *    drive or lead of his written or changed (updated_at), a visit of his cancelled
 *    (service_visit_cancellations: the visit left service_visits);
 *  - he was merged or a merge of his undone (customer_merges: his conversions and recipient
 *    rows changed hands, both ids are recomputed);
 *  - a campaign that reached him, credited him, or whose code a lead of his quotes was changed
 *    (its window, its code: marketing_campaigns.updated_at).
 * The same person's conversions credited to no campaign (marketing_roi_uncredited, 0276,
 * roi-uncredited.ts) are rewritten with his credits, so the two tables never disagree.
 * Credits and uncredited rows whose conversion is gone (a deleted purchase, lead or booking)
 * are dropped on every pass. What has no change stamp (a purchase edited in place, a vehicle's make, the catalogue's
 * make-to-brand map, an order's lead) waits for the daily rebuild, as the analytics aggregates do.
 * Time passing alone never changes a credit: the rule has no "today", so a campaign whose window
 * is still open needs nothing until something of its people changes.
 */

/** A transaction that began before the previous pass may commit rows stamped before it. */
const overlapMs = 10 * 60_000;
/** What has no change stamp is caught by a rebuild once a day. */
const rebuildEveryMs = 24 * 3_600_000;
const stateName = 'credits';

export type RoiRefreshResult = {
  mode: 'rebuild' | 'people';
  /** people recomputed (0 for a rebuild) */
  people: number;
  credits: number;
  /** conversions of theirs credited to no campaign (roi-uncredited.ts) */
  uncredited: number;
  refreshedAt: Date;
};

/**
 * The conversions of the given people (all: everyone) that a campaign could have credited:
 * purchases, visits and test drives from the person's first send on, his leads, and every lead
 * quoting a campaign's code. Columns as the rule needs them (attribution.ts creditRule) plus
 * what a kept credit records.
 */
function conversionsOf(people: 'all' | string[]): RawBuilder<unknown> {
  const mine = (column: string) =>
    people === 'all' ? sql`true` : sql`${sql.ref(column)} = any(${people}::uuid[])`;
  return sql`
    people as (
      select r.customer_id, min(r.created_at) as first_sent
        from marketing_campaign_recipients r
       where r.status = 'queued' and ${mine('r.customer_id')}
       group by r.customer_id
    ),
    conv as (
      select 'sale'::text as kind, p.id, p.customer_id, ${endOfDay('p.purchase_date')} as at,
             p.purchase_date as day,
             greatest(coalesce(p.price_minor, 0) - p.discount_minor, 0)::bigint as amount,
             p.currency::text as currency, null::text as code, null::text as source,
             null::uuid as lead_id, p.dealer_id, p.vehicle_id, null::uuid as brand_id
        from vehicle_purchases p join people t on t.customer_id = p.customer_id
       where p.purchase_date >= (t.first_sent at time zone 'UTC')::date
      union all
      select 'service', v.id, v.customer_id, ${endOfDay('v.visit_date')}, v.visit_date,
             coalesce(v.total_minor, 0), v.currency::text, null, null, null, v.dealer_id,
             v.vehicle_id, null
        from service_visits v join people t on t.customer_id = v.customer_id
       where v.visit_date >= (t.first_sent at time zone 'UTC')::date
      union all
      select 'test_drive', b.id, b.customer_id, b.starts_at,
             (b.starts_at at time zone 'UTC')::date, 0, null, null, null, b.lead_id, b.dealer_id,
             b.vehicle_id, null
        from test_drive_bookings b join people t on t.customer_id = b.customer_id
       where b.status = 'came' and b.starts_at >= t.first_sent
      union all
      (select 'lead', l.id, l.customer_id, l.requested_at,
              (l.requested_at at time zone 'UTC')::date, 0, null, ${leadCode}, l.source_key, l.id,
              l.dealer_id, null::uuid, l.brand_id
         from leads l where l.customer_id in (select customer_id from people)
       union
       select 'lead', l.id, l.customer_id, l.requested_at,
              (l.requested_at at time zone 'UTC')::date, 0, null, ${leadCode}, l.source_key, l.id,
              l.dealer_id, null::uuid, l.brand_id
         from leads l
        where ${leadCode} in (select lower(rc.code) from marketing_response_codes rc)
          and ${mine('l.customer_id')})
    )`;
}

/** Credits the given people's conversions (all: everyone's) into marketing_roi_credits. */
async function creditPeople(tx: Tx, people: 'all' | string[]): Promise<number> {
  const result = await sql`
    with ${conversionsOf(people)},
    ${creditRule()}
    insert into marketing_roi_credits (kind, conversion_id, campaign_id, customer_id, dealer_id,
                                       brand_id, day, at, amount_minor, currency, lead_id,
                                       source_key, customer_dealer_set_id)
    select cv.kind, cv.id, k.campaign_id, cv.customer_id, cv.dealer_id,
           case cv.kind when 'lead' then cv.brand_id
                when 'test_drive' then ${testDriveBrand(sql.ref('cv.lead_id'), sql.ref('cv.vehicle_id'))}
                else ${vehicleBrand(sql.ref('cv.vehicle_id'))} end,
           cv.day, cv.at, cv.amount, cv.currency,
           -- a delivered car's order names the lead it was sold on (the source grouping's key)
           case when cv.kind = 'sale' then
             (select o.lead_id from orders o
               where o.vehicle_id = cv.vehicle_id and o.customer_id = cv.customer_id
                 and o.lead_id is not null
               order by o.delivered_at desc nulls last limit 1)
             else cv.lead_id end,
           cv.source, ps.set_id
      from credited k join conv cv on cv.kind = k.kind and cv.id = k.id
      left join ${personDealerSets(people)} ps on ps.customer_id = cv.customer_id`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** The people whose credits may have changed since `since` (see the rule above). */
async function changedPeople(tx: Tx, since: Date): Promise<string[]> {
  const result = await sql<{ customer_id: string }>`
    with changed_campaigns as (
      select id from marketing_campaigns where updated_at > ${since}
    )
    select customer_id from marketing_campaign_recipients
     where created_at > ${since} or opened_at > ${since} or clicked_at > ${since}
    union select customer_id from vehicle_purchases where created_at > ${since}
    union select customer_id from service_visits where updated_at > ${since}
    union select customer_id from service_visit_cancellations where cancelled_at > ${since}
    union select customer_id from test_drive_bookings where updated_at > ${since}
    union select customer_id from leads where updated_at > ${since}
    union select unnest(array[survivor_id, loser_id]) from customer_merges
     where merged_at > ${since} or undone_at > ${since}
    union select r.customer_id from marketing_campaign_recipients r
     where r.campaign_id in (select id from changed_campaigns)
    union select k.customer_id from marketing_roi_credits k
     where k.campaign_id in (select id from changed_campaigns)
    union select l.customer_id from leads l
     where ${leadCode} in (select lower(rc.code) from marketing_response_codes rc
                            where rc.campaign_id in (select id from changed_campaigns))`.execute(
    tx,
  );
  return result.rows.map((row) => row.customer_id);
}

/** Drops kept rows whose conversion no longer exists (deleted rows carry no change stamp). */
async function dropVanished(
  tx: Tx,
  table: 'marketing_roi_credits' | 'marketing_roi_uncredited',
): Promise<void> {
  await sql`
    delete from ${sql.table(table)} k
     where case k.kind
       when 'sale' then not exists (select 1 from vehicle_purchases p where p.id = k.conversion_id)
       when 'service' then not exists (select 1 from service_visits v where v.id = k.conversion_id)
       when 'test_drive' then not exists (select 1 from test_drive_bookings b
                                           where b.id = k.conversion_id and b.status = 'came')
       else not exists (select 1 from leads l where l.id = k.conversion_id) end`.execute(tx);
}

/**
 * Brings the kept credits up to date: never built, built more than a day ago, or `full`:
 * rebuilt from scratch; otherwise the people changed since the watermark are recomputed. One
 * transaction under an advisory lock, so two processes never rewrite the same rows and a
 * reader sees either the old credits or the new. Another process already refreshing: nothing
 * is done (undefined), unless `wait` (the first build a report waits for).
 */
export async function refreshRoiCredits(
  db: Db,
  options: { full?: boolean; wait?: boolean; overlapMs?: number } = {},
): Promise<RoiRefreshResult | undefined> {
  return db.transaction().execute(async (tx) => {
    const lockKey = sql`hashtextextended('marketing_roi_credits', 0)`;
    if (options.wait) {
      await sql`select pg_advisory_xact_lock(${lockKey})`.execute(tx);
    } else {
      const locked = await sql<{
        ok: boolean;
      }>`select pg_try_advisory_xact_lock(${lockKey}) as ok`.execute(tx);
      if (!locked.rows[0]?.ok) return undefined;
    }
    // copies the dealer links of many people: righted at commit for those changed meanwhile
    await copyDealerLinksInBulk(tx);
    const started = (await sql<{ now: Date }>`select now() as now`.execute(tx)).rows[0]!.now;
    const state = await tx
      .selectFrom('marketing_roi_state')
      .selectAll()
      .where('name', '=', stateName)
      .executeTakeFirst();
    const rebuild =
      options.full || !state || started.getTime() - state.rebuilt_at.getTime() >= rebuildEveryMs;
    let people = 0;
    let credits = 0;
    let uncredited = 0;
    if (rebuild) {
      await sql`delete from marketing_roi_credits`.execute(tx);
      await sql`delete from marketing_roi_uncredited`.execute(tx);
      credits = await creditPeople(tx, 'all');
      // after the credits: what they leave out is the uncredited part
      uncredited = await keepUncredited(tx, 'all');
    } else {
      const since = new Date(state.watermark.getTime() - (options.overlapMs ?? overlapMs));
      const changed = await changedPeople(tx, since);
      await dropVanished(tx, 'marketing_roi_credits');
      await dropVanished(tx, 'marketing_roi_uncredited');
      if (changed.length > 0) {
        await sql`delete from marketing_roi_credits
                   where customer_id = any(${changed}::uuid[])`.execute(tx);
        await sql`delete from marketing_roi_uncredited
                   where customer_id = any(${changed}::uuid[])`.execute(tx);
        credits = await creditPeople(tx, changed);
        uncredited = await keepUncredited(tx, changed);
      }
      people = changed.length;
    }
    await tx
      .insertInto('marketing_roi_state')
      .values({
        name: stateName,
        refreshed_at: started,
        watermark: started,
        rebuilt_at: rebuild ? started : state!.rebuilt_at,
      })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({
          refreshed_at: eb.ref('excluded.refreshed_at'),
          watermark: eb.ref('excluded.watermark'),
          rebuilt_at: eb.ref('excluded.rebuilt_at'),
        })),
      )
      .execute();
    return {
      mode: rebuild ? 'rebuild' : 'people',
      people,
      credits,
      uncredited,
      refreshedAt: started,
    };
  });
}

/**
 * When the kept credits were last brought up to date. Never built (a fresh install): they are
 * built now, and the report that asked waits for it, so its first answer is already right.
 */
export async function roiCreditsAsOf(db: Db): Promise<Date> {
  const state = await db
    .selectFrom('marketing_roi_state')
    .select('refreshed_at')
    .where('name', '=', stateName)
    .executeTakeFirst();
  if (state) return state.refreshed_at;
  const built = await refreshRoiCredits(db, { wait: true });
  return built!.refreshedAt;
}
