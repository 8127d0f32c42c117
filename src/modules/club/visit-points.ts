import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';

export type VisitPointsSettlement = {
  memberId: string;
  /** the correction written (negative: points taken back); 0 when none was needed */
  points: number;
  /** points that could not be taken back because the member had spent them already */
  shortfall: number;
};

/**
 * Brings the points a service visit earned in line with the visit as it is now, after the
 * service module corrected it (amount, date, payer) or cancelled it (the visit row is gone:
 * it earns nothing). Called inside the service module's transaction, so the visit and the
 * points change together or not at all.
 *
 * The ledger stays append-only: each earning entry of the visit gets a `correction` row for the
 * difference between what it yields so far (the entry plus its corrections) and what the
 * earning rule of `earning.ts` gives for the visit now. The amount moves with it, so a tier's
 * spend counts the corrected receipt. A visit not credited yet is left to the next earning run.
 * The balance never goes below zero (its check): points already spent are taken back only as
 * far as the balance reaches, and the rest is named in the reason.
 *
 * A visit moved to another day moves its points with it: their validity runs from the new day.
 * Each dated part of the entry (the entry and its corrections, per day and expiry) is reversed
 * on its own day and expiry, and the sum is credited again on the visit's day with the expiry
 * that day gives. A reversal keeps its expiry, so the expiry run reads it as a reduction of the
 * points due that day and not as points spent (expiry.ts); the day keeps a tier's window right.
 */
export async function settleVisitPoints(
  tx: Tx,
  actor: Actor,
  visitId: string,
  why: string,
): Promise<VisitPointsSettlement[]> {
  // the members' balance rows first, so a redemption at the same moment queues behind this
  await sql`
    select 1 from club_point_balances
     where member_id in (select member_id from club_points_ledger
                          where source = 'service_visit' and source_id = ${visitId})
       for update`.execute(tx);
  const result = await sql<{ member_id: string; points: number; shortfall: number }>`
    with earned as (
      select e.id, e.member_id, e.customer_id, e.club_id, e.expires_on,
             e.points + coalesce(sum(k.points), 0) as points,
             coalesce(e.amount_minor, 0) + coalesce(sum(k.amount_minor), 0) as amount
        from club_points_ledger e
        left join club_points_ledger k on k.corrects_entry_id = e.id and k.source = 'correction'
       where e.source = 'service_visit' and e.source_id = ${visitId}
       group by e.id),
    target as (
      select r.*, coalesce(rule.points, 0) as target_points, coalesce(rule.amount, 0) as target_amount,
             rule.visit_date, rule.expires_on as target_expires_on, b.balance
        from earned r
        join club_members m on m.id = r.member_id
        join clubs c on c.id = r.club_id
        join club_point_balances b on b.member_id = r.member_id
        -- the earning rule of creditServiceVisits; no row: the visit earns nothing (any more)
        left join lateral (
          select (s.total_minor * c.service_points_per_100 / 10000)::integer as points,
                 s.total_minor as amount, s.visit_date,
                 (s.visit_date + make_interval(months => c.points_valid_months))::date as expires_on
            from service_visits s
            join vehicles v on v.id = s.vehicle_id
            left join catalog_makes k on k.id = v.make_id
           where s.id = ${visitId}
             and s.visit_date >= greatest(m.joined_on, c.earn_from)
             and s.paid_by = 'customer'
             and s.currency = c.currency
             and (c.brand_id is null or k.brand_id = c.brand_id)
             and s.total_minor * c.service_points_per_100 / 10000 >= 1) rule on true),
    settled as (
      select t.*, greatest(t.target_points - t.points, -t.balance)::integer as delta,
             greatest(0, t.points - t.target_points - t.balance)::integer as shortfall
        from target t),
    -- the dated parts of a visit that still earns but now expires on another day
    moved_away as (
      select t.id, t.member_id, t.customer_id, t.club_id, t.visit_date, t.target_expires_on,
             p.occurred_on, p.expires_on, sum(p.points)::integer as points,
             coalesce(sum(p.amount_minor), 0) as amount
        from target t
        join club_points_ledger p
          on p.id = t.id or (p.corrects_entry_id = t.id and p.source = 'correction')
       where t.target_expires_on is not null
         and p.expires_on is not null and p.expires_on <> t.target_expires_on
       group by t.id, t.member_id, t.customer_id, t.club_id, t.visit_date, t.target_expires_on,
                p.occurred_on, p.expires_on
      having sum(p.points) <> 0),
    entries as (
      -- the change of what the visit yields (occurs today; a positive one lasts as the visit's)
      select s.member_id, s.customer_id, s.club_id, s.id, s.delta as points,
             ${why}::text || case when s.shortfall > 0
                            then ' (' || s.shortfall || ' points already spent stay)' else '' end
               as reason,
             (now() at time zone 'UTC')::date as occurred_on,
             case when s.delta > 0 then coalesce(s.target_expires_on, s.expires_on) end as expires_on,
             s.target_amount - s.amount as amount
        from settled s
       where s.delta <> 0
      union all
      -- a moved visit: each dated part reversed where it stood ...
      select m.member_id, m.customer_id, m.club_id, m.id, -m.points,
             ${why}::text || ': moved to ' || m.visit_date, m.occurred_on, m.expires_on, -m.amount
        from moved_away m
      union all
      -- ... and credited again on the visit's day, valid from it
      select m.member_id, m.customer_id, m.club_id, m.id, sum(m.points)::integer,
             ${why}::text || ': moved to ' || m.visit_date, m.visit_date, m.target_expires_on,
             sum(m.amount)
        from moved_away m
       group by m.member_id, m.customer_id, m.club_id, m.id, m.visit_date, m.target_expires_on
      having sum(m.points) <> 0),
    written as (
      insert into club_points_ledger (member_id, customer_id, club_id, source, points, reason,
                                      occurred_on, expires_on, amount_minor, currency,
                                      corrects_entry_id, created_by)
      select e.member_id, e.customer_id, e.club_id, 'correction', e.points, e.reason,
             e.occurred_on, e.expires_on, e.amount, c.currency, e.id, ${actor.userId ?? null}::uuid
        from entries e
        join clubs c on c.id = e.club_id
      returning member_id)
    select member_id, delta as points, shortfall from settled`.execute(tx);
  return result.rows.map((row) => ({
    memberId: row.member_id,
    points: Number(row.points),
    shortfall: Number(row.shortfall),
  }));
}
