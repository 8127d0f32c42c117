import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';

export type TierReport = { upgraded: number; downgraded: number };

/**
 * Recomputes every active member's tier from what he earned over the club's window (points of
 * purchases, visits, events, referrals, grants and corrections; not redemptions or lapses) and
 * what he spent (purchases and paid visits credited in the window, less corrected receipts): the highest tier whose
 * points or spend threshold he reaches. Set-based: one statement moves the members and logs
 * each move as an upgrade or downgrade (seed 002: "member upgrades and re-activation").
 */
export async function recomputeTiers(tx: Tx, asOf: string): Promise<TierReport> {
  const result = await sql<{ direction: 'up' | 'down'; n: string }>`
    with window_activity as (
      select m.id as member_id, m.customer_id, m.club_id, m.tier_id,
             coalesce(sum(l.points), 0)::integer as points,
             -- a correction of a visit's points carries the change of its receipt (visit-points.ts)
             coalesce(sum(l.amount_minor) filter (
                        where l.source in ('purchase', 'service_visit', 'correction')), 0)::bigint
               as spend
        from club_members m
        join clubs c on c.id = m.club_id
        left join club_points_ledger l
          on l.member_id = m.id
         and l.source not in ('redemption', 'expiry')
         and l.occurred_on > (${asOf}::date - make_interval(months => c.tier_window_months))::date
         and l.occurred_on <= ${asOf}::date
       where m.status = 'active'
       group by m.id, m.customer_id, m.club_id, m.tier_id),
    target as (
      select a.*, (select t.id from club_tiers t
                    where t.club_id = a.club_id
                      and (t.min_points <= a.points
                           or (t.min_spend_minor is not null and a.spend >= t.min_spend_minor))
                    order by t.rank desc limit 1) as new_tier_id
        from window_activity a),
    moved as (
      update club_members m
         set tier_id = t.new_tier_id, tier_since = ${asOf}::date
        from target t
       where m.id = t.member_id and t.new_tier_id is not null and t.new_tier_id <> m.tier_id
      returning m.id, t.customer_id, t.club_id, t.tier_id as old_tier_id, t.new_tier_id,
                t.points, t.spend),
    logged as (
      insert into club_tier_changes (member_id, customer_id, club_id, from_tier_id, to_tier_id,
                                     direction, changed_on, points_in_window, spend_in_window_minor)
      select mv.id, mv.customer_id, mv.club_id, mv.old_tier_id, mv.new_tier_id,
             case when nt.rank > ot.rank then 'up' else 'down' end, ${asOf}::date, mv.points, mv.spend
        from moved mv
        join club_tiers ot on ot.id = mv.old_tier_id
        join club_tiers nt on nt.id = mv.new_tier_id
      returning direction)
    select direction, count(*) as n from logged group by direction`.execute(tx);
  const count = (direction: 'up' | 'down') =>
    Number(result.rows.find((row) => row.direction === direction)?.n ?? 0);
  return { upgraded: count('up'), downgraded: count('down') };
}
