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

/** Filled in by the referral part: a referrer earns when the person he brought buys. */
async function creditReferrals(_tx: Tx): Promise<number> {
  return 0;
}
