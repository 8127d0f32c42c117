import { sql } from 'kysely';
import type { Tx } from '../../../auth/index.ts';
import { dateOnDays, timestampOnDays, utcDay, type DaySet } from './days.ts';
import { takeNotedVisitDays } from './visit-days.ts';

/** Retention is followed for this many years after a purchase. */
export const retentionYears = 5;

/**
 * Retention by year since purchase for the cars bought on the given days: for every year k
 * (1..5) that has ended by today, whether the car came to service at any group dealer in it.
 */
export async function refreshRetentionDays(tx: Tx, days: DaySet): Promise<void> {
  await sql`delete from analytics_retention_daily where ${dateOnDays(sql`purchase_day`, days)}`.execute(
    tx,
  );
  await sql`
    insert into analytics_retention_daily
      (purchase_day, dealer_id, consultant_id, year_since, cars, retained)
    select p.purchase_date, p.dealer_id, p.consultant_user_id, k.k, count(*)::int,
           count(*) filter (where exists (
             select 1 from service_visits v
              where v.vehicle_id = p.vehicle_id
                and v.visit_date >= p.purchase_date + make_interval(years => k.k - 1)
                and v.visit_date < p.purchase_date + make_interval(years => k.k)))::int
      from vehicle_purchases p
      cross join generate_series(1, ${retentionYears}::int) as k(k)
     where p.purchase_date + make_interval(years => k.k) <= current_date
       and ${dateOnDays(sql`p.purchase_date`, days)}
     group by p.purchase_date, p.dealer_id, p.consultant_user_id, k.k`.execute(tx);
}

/**
 * Owners whose first purchase at a dealer fell on the given days (a customer counts once per
 * dealer, with the consultant of that first purchase).
 */
export async function refreshOwnerDays(tx: Tx, days: DaySet): Promise<void> {
  await sql`delete from analytics_owner_daily where ${dateOnDays(sql`day`, days)}`.execute(tx);
  const customers =
    days === 'all'
      ? sql`true`
      : sql`p.customer_id in (select customer_id from vehicle_purchases
                               where purchase_date = any(${days}::date[]))`;
  await sql`
    insert into analytics_owner_daily (day, dealer_id, consultant_id, owners)
    select first.purchase_date, first.dealer_id, first.consultant_user_id, count(*)::int
      from (select distinct on (p.customer_id, p.dealer_id)
                   p.customer_id, p.dealer_id, p.purchase_date, p.consultant_user_id
              from vehicle_purchases p
             where ${customers}
             order by p.customer_id, p.dealer_id, p.purchase_date, p.id) first
     where ${dateOnDays(sql`first.purchase_date`, days)}
     group by first.purchase_date, first.dealer_id, first.consultant_user_id`.execute(tx);
}

/** Service visits on the given days of cars sold by a group dealer (their latest sale). */
export async function refreshServiceDays(tx: Tx, days: DaySet): Promise<void> {
  await sql`delete from analytics_service_daily where ${dateOnDays(sql`day`, days)}`.execute(tx);
  await sql`
    insert into analytics_service_daily
      (day, visit_dealer_id, sold_dealer_id, sold_consultant_id, visits)
    select v.visit_date, v.dealer_id, sale.dealer_id, sale.consultant_user_id, count(*)::int
      from service_visits v
      join (select distinct on (vehicle_id) vehicle_id, dealer_id, consultant_user_id
              from vehicle_purchases order by vehicle_id, purchase_date desc, id) sale
        on sale.vehicle_id = v.vehicle_id
     where ${dateOnDays(sql`v.visit_date`, days)}
     group by v.visit_date, v.dealer_id, sale.dealer_id, sale.consultant_user_id`.execute(tx);
}

/** What changed since the watermark: purchase days to redo, visit days to redo. */
export async function changedAftersalesDays(
  tx: Tx,
  since: Date,
): Promise<{ purchaseDays: string[]; visitDays: string[] }> {
  const purchases = await sql<{ day: string }>`
    select distinct p.purchase_date::text as day from vehicle_purchases p
     where p.created_at > ${since}
    union
    select distinct p.purchase_date::text from service_visits v
      join vehicle_purchases p on p.vehicle_id = v.vehicle_id
     where v.updated_at > ${since}
    union
    select distinct p.purchase_date::text from service_visit_cancellations x
      join vehicle_purchases p on p.vehicle_id = x.vehicle_id
     where x.cancelled_at > ${since}`.execute(tx);
  const visits = await sql<{ day: string }>`
    select distinct v.visit_date::text as day from service_visits v where v.updated_at > ${since}
    union
    -- a cancelled visit left service_visits (service module): its day is counted again without it
    select distinct x.visit_date::text from service_visit_cancellations x
     where x.cancelled_at > ${since}
    union
    select distinct v.visit_date::text from vehicle_purchases p
      join service_visits v on v.vehicle_id = p.vehicle_id
     where p.created_at > ${since}`.execute(tx);
  // the day a corrected visit left: no visit row names it any more (migration 0255)
  const noted = await takeNotedVisitDays(tx, since);
  return {
    purchaseDays: purchases.rows.map((row) => row.day),
    visitDays: [...new Set([...visits.rows.map((row) => row.day), ...noted])],
  };
}

/** Sign-ins and contacts per user and day. */
export async function refreshUsageDays(tx: Tx, days: DaySet): Promise<void> {
  await sql`delete from analytics_usage_daily where ${dateOnDays(sql`day`, days)}`.execute(tx);
  await sql`
    with logins as (
      select u.id as user_id, ${utcDay(sql`la.at`)} as day, count(*)::int as logins,
             max(la.at) as last_login_at
        from login_attempts la
        join users u on u.email_normalized = la.email_normalized
       where la.succeeded and ${timestampOnDays(sql`la.at`, days)}
       group by 1, 2
    ),
    contacts as (
      select a.user_id, ${utcDay(sql`a.occurred_at`)} as day, count(*)::int as activities
        from activities a
       where a.user_id is not null and ${timestampOnDays(sql`a.occurred_at`, days)}
       group by 1, 2
    )
    insert into analytics_usage_daily (day, user_id, logins, last_login_at, activities)
    select coalesce(l.day, c.day), coalesce(l.user_id, c.user_id), coalesce(l.logins, 0),
           l.last_login_at, coalesce(c.activities, 0)
      from logins l full join contacts c on c.user_id = l.user_id and c.day = l.day`.execute(tx);
}

export async function changedUsageDays(tx: Tx, since: Date): Promise<string[]> {
  const rows = await sql<{ day: string }>`
    select distinct ${utcDay(sql`at`)}::text as day from login_attempts where at > ${since}
    union
    select distinct ${utcDay(sql`occurred_at`)}::text from activities
     where created_at > ${since}`.execute(tx);
  return rows.rows.map((row) => row.day);
}
