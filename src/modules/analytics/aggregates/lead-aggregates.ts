import { sql } from 'kysely';
import type { Tx } from '../../../auth/index.ts';
import { qualifiedSql, temperatureSql } from '../../leads/index.ts';
import { funnelStages, saleRank } from '../dashboards/dashboard-filters.ts';
import { monthOf, timestampOnDays, utcDay, type DaySet } from './days.ts';

const stageArray = sql.raw(`array[${funnelStages.map((stage) => `'${stage}'`).join(',')}]::text[]`);

/**
 * Rewrites the lead figures of the given creation days: one set-based pass computing each lead's
 * flags once (open now, qualified, hot, the furthest funnel stage it reached, test-driven), then
 * grouped by day x dealer x brand x consultant x channel, once for all leads (series '') and once
 * per model series the lead names.
 */
export async function refreshLeadDays(tx: Tx, days: DaySet): Promise<void> {
  const onDays = timestampOnDays(sql`l.created_at`, days);
  if (days === 'all') {
    await sql`delete from analytics_lead_daily`.execute(tx);
    await sql`delete from analytics_lead_competitor_daily`.execute(tx);
    await sql`delete from analytics_lead_response_daily`.execute(tx);
  } else {
    await sql`delete from analytics_lead_daily where day = any(${days}::date[])`.execute(tx);
    await sql`delete from analytics_lead_competitor_daily where day = any(${days}::date[])`.execute(
      tx,
    );
    await sql`delete from analytics_lead_response_daily where day = any(${days}::date[])`.execute(
      tx,
    );
  }
  const facts = sql`
    select l.id, ${utcDay(sql`l.created_at`)} as day, l.dealer_id, l.brand_id,
           l.assigned_user_id as consultant_id, l.source_key as channel, l.competitor_models,
           l.stage not in ('lost', 'delivered') as is_open,
           l.stage = 'lost' as is_lost,
           extract(epoch from l.first_response_at - l.requested_at) / 60 as response_minutes,
           ${qualifiedSql()} as qualified,
           ${temperatureSql()} = 'hot' as hot,
           greatest(
             coalesce(array_position(${stageArray}, l.stage::text), 0),
             coalesce((select max(array_position(${stageArray}, h.to_stage::text))
                         from lead_stage_history h where h.lead_id = l.id), 0)) as reached,
           (exists (select 1 from lead_stage_history th
                     where th.lead_id = l.id and th.to_stage = 'test_drive')
            or exists (select 1 from test_drive_bookings tb
                        where tb.lead_id = l.id and tb.status = 'came')) as test_driven,
           coalesce((select array_agg(s.model) from (
              select min(trim(v.model)) as model from lead_vehicles v
               where v.lead_id = l.id and coalesce(trim(v.model), '') <> ''
               group by lower(trim(v.model))) s), '{}') as series_list
      from leads l
      join customers c on c.id = l.customer_id
     where ${onDays}`;
  await sql`
    with facts as materialized (${facts}),
    keyed as (
      select facts.*, '' as series from facts
      union all
      select facts.*, s.series from facts cross join lateral unnest(facts.series_list) as s(series)
    ),
    grouped as (
      select day, dealer_id, brand_id, consultant_id, channel, series,
             count(*)::int as leads,
             count(*) filter (where is_open)::int as open_now,
             count(*) filter (where is_open and qualified)::int as open_qualified,
             count(*) filter (where is_open and hot)::int as open_hot,
             count(*) filter (where cardinality(competitor_models) > 0)::int as with_competitor,
             count(*) filter (where is_lost)::int as lost,
             count(*) filter (where test_driven)::int as test_driven,
             count(*) filter (where reached >= 2)::int as reached_2,
             count(*) filter (where reached >= 3)::int as reached_3,
             count(*) filter (where reached >= 4)::int as reached_4,
             count(*) filter (where reached >= 5)::int as reached_5,
             count(*) filter (where reached >= 6)::int as reached_6,
             count(*) filter (where reached >= 7)::int as reached_7
        from keyed
       group by day, dealer_id, brand_id, consultant_id, channel, series
    ),
    competitors as (
      select keyed.day, keyed.dealer_id, keyed.brand_id, keyed.consultant_id, keyed.channel,
             keyed.series, cm.model as competitor, count(distinct keyed.id)::int as leads
        from keyed cross join lateral unnest(keyed.competitor_models) as cm(model)
       group by 1, 2, 3, 4, 5, 6, 7
    ),
    response_rows as (
      insert into analytics_lead_response_daily
        (day, dealer_id, brand_id, consultant_id, channel, series, response_bucket, leads,
         responded, response_minutes, test_driven, sold)
      select day, dealer_id, brand_id, consultant_id, channel, series,
             case when response_minutes is null then 6
                  when response_minutes <= 15 then 0
                  when response_minutes <= 60 then 1
                  when response_minutes <= 240 then 2
                  when response_minutes <= 1440 then 3
                  when response_minutes <= 4320 then 4
                  else 5 end,
             count(*)::int,
             count(response_minutes)::int,
             coalesce(round(sum(greatest(response_minutes, 0))), 0)::bigint,
             count(*) filter (where test_driven)::int,
             count(*) filter (where reached >= ${saleRank})::int
        from keyed
       group by 1, 2, 3, 4, 5, 6, 7
      returning 1
    ),
    competitor_rows as (
      insert into analytics_lead_competitor_daily
        (day, dealer_id, brand_id, consultant_id, channel, series, competitor, leads)
      select * from competitors
      returning 1
    )
    insert into analytics_lead_daily
      (day, dealer_id, brand_id, consultant_id, channel, series, leads, open_now, open_qualified,
       open_hot, with_competitor, lost, test_driven, reached_2, reached_3, reached_4, reached_5,
       reached_6, reached_7)
    select * from grouped`.execute(tx);
  await refreshLeadMonths(tx, days);
}

/**
 * Rewrites the monthly sums (analytics_lead_monthly) of the months holding the given days from
 * the daily rows just written, so a month is always the exact sum of its days.
 */
export async function refreshLeadMonths(tx: Tx, days: DaySet): Promise<void> {
  const months = days === 'all' ? 'all' : [...new Set(days.map(monthOf))];
  const onMonths =
    months === 'all' ? sql`true` : sql`date_trunc('month', a.day)::date = any(${months}::date[])`;
  await sql`delete from analytics_lead_monthly
    where ${months === 'all' ? sql`true` : sql`month = any(${months}::date[])`}`.execute(tx);
  await sql`
    insert into analytics_lead_monthly
      (month, dealer_id, brand_id, consultant_id, channel, series, leads, with_competitor,
       open_now, open_qualified, open_hot)
    select date_trunc('month', a.day)::date, a.dealer_id, a.brand_id, a.consultant_id, a.channel,
           a.series, sum(a.leads), sum(a.with_competitor), sum(a.open_now), sum(a.open_qualified),
           sum(a.open_hot)
      from analytics_lead_daily a
     where ${onMonths}
     group by 1, 2, 3, 4, 5, 6`.execute(tx);
}

/** The creation days of leads touched since the watermark (edited, moved, test drive marked). */
export async function changedLeadDays(tx: Tx, since: Date): Promise<string[]> {
  const rows = await sql<{ day: string }>`
    select distinct ${utcDay(sql`l.created_at`)}::text as day from leads l
     where l.updated_at > ${since}
    union
    select distinct ${utcDay(sql`l.created_at`)}::text from lead_stage_history h
      join leads l on l.id = h.lead_id where h.changed_at > ${since}
    union
    select distinct ${utcDay(sql`l.created_at`)}::text from test_drive_bookings b
      join leads l on l.id = b.lead_id where b.updated_at > ${since}`.execute(tx);
  return rows.rows.map((row) => row.day);
}
