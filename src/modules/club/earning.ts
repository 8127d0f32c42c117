import { sql } from 'kysely';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

export type EarningReport = { purchases: number; serviceVisits: number; referrals: number };

/**
 * Credits points for purchases and customer-paid service visits of the club's brand, set-based
 * over all active members. Idempotent: the ledger's unique (member, source, source id) makes a
 * row that was credited before a no-op, so a run may repeat or catch up after downtime.
 * A purchase up to 30 days before joining counts (owners are recruited at delivery, seed 002);
 * nothing before the club's `earn_from` day counts. Amounts in another currency than the
 * club's earn nothing (points are per 100 units of the club's currency).
 */
export async function creditEarnings(db: Db): Promise<EarningReport> {
  return withActor(db, systemActor('job'), async (tx) => ({
    purchases: await creditPurchases(tx),
    serviceVisits: await creditServiceVisits(tx),
    referrals: await creditReferrals(tx),
  }));
}

/** The brand condition: a group-wide club takes every brand. */
const brandMatches = sql`(c.brand_id is null or k.brand_id = c.brand_id)`;

async function creditPurchases(tx: Tx): Promise<number> {
  const result = await sql`
    insert into club_points_ledger (member_id, customer_id, club_id, source, source_id, points,
                                    occurred_on, expires_on, amount_minor, currency)
    select m.id, m.customer_id, m.club_id, 'purchase', p.id, e.points, p.purchase_date,
           (p.purchase_date + make_interval(months => c.points_valid_months))::date,
           e.amount, p.currency
      from club_members m
      join clubs c on c.id = m.club_id
      join vehicle_purchases p on p.customer_id = m.customer_id
      join vehicles v on v.id = p.vehicle_id
      left join catalog_makes k on k.id = v.make_id
      cross join lateral (
        select coalesce(p.price_minor, 0) - p.discount_minor as amount,
               ((coalesce(p.price_minor, 0) - p.discount_minor) * c.purchase_points_per_100
                 / 10000)::integer as points) e
     where m.status = 'active'
       and p.purchase_date >= greatest(m.joined_on - 30, c.earn_from)
       and p.currency = c.currency
       and ${brandMatches}
       and e.points > 0
    on conflict (member_id, source, source_id) where source_id is not null do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

async function creditServiceVisits(tx: Tx): Promise<number> {
  const result = await sql`
    insert into club_points_ledger (member_id, customer_id, club_id, source, source_id, points,
                                    occurred_on, expires_on, amount_minor, currency)
    select m.id, m.customer_id, m.club_id, 'service_visit', s.id,
           (s.total_minor * c.service_points_per_100 / 10000)::integer, s.visit_date,
           (s.visit_date + make_interval(months => c.points_valid_months))::date,
           s.total_minor, s.currency
      from club_members m
      join clubs c on c.id = m.club_id
      join service_visits s on s.customer_id = m.customer_id
      join vehicles v on v.id = s.vehicle_id
      left join catalog_makes k on k.id = v.make_id
     where m.status = 'active'
       and s.visit_date >= greatest(m.joined_on, c.earn_from)
       and s.paid_by = 'customer'
       and s.currency = c.currency
       and ${brandMatches}
       and s.total_minor * c.service_points_per_100 / 10000 >= 1
    on conflict (member_id, source, source_id) where source_id is not null do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * A referrer earns the club's referral points once the person he brought buys a car of the
 * club's brand on or after the referral day; the referral is then closed as rewarded.
 */
async function creditReferrals(tx: Tx): Promise<number> {
  const result = await sql<{ n: string }>`
    with first_purchase as (
      select distinct on (r.id) r.id as referral_id, r.referrer_member_id, r.customer_id,
             r.club_id, c.referral_points, p.id as purchase_id, p.purchase_date
        from club_referrals r
        join clubs c on c.id = r.club_id
        join club_members m on m.id = r.referrer_member_id and m.status = 'active'
        join vehicle_purchases p on p.customer_id = r.referred_customer_id
                                and p.purchase_date >= r.referred_on
        join vehicles v on v.id = p.vehicle_id
        left join catalog_makes k on k.id = v.make_id
       where r.status = 'open' and ${brandMatches}
       order by r.id, p.purchase_date, p.id),
    credited as (
      insert into club_points_ledger (member_id, customer_id, club_id, source, source_id, points,
                                      reason, occurred_on, expires_on)
      select f.referrer_member_id, f.customer_id, f.club_id, 'referral', f.referral_id,
             f.referral_points, 'the person he brought bought a car', f.purchase_date,
             (f.purchase_date + make_interval(months => c.points_valid_months))::date
        from first_purchase f
        join clubs c on c.id = f.club_id
       where f.referral_points > 0
      on conflict (member_id, source, source_id) where source_id is not null do nothing
      returning source_id),
    closed as (
      update club_referrals r
         set status = 'rewarded', rewarded_on = f.purchase_date, purchase_id = f.purchase_id
        from first_purchase f
       where r.id = f.referral_id
      returning r.id)
    select (select count(*) from credited) as n, (select count(*) from closed) as closed`.execute(
    tx,
  );
  return Number(result.rows[0]?.n ?? 0);
}
