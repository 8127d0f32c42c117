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
             b.balance
        from earned r
        join club_members m on m.id = r.member_id
        join clubs c on c.id = r.club_id
        join club_point_balances b on b.member_id = r.member_id
        -- the earning rule of creditServiceVisits; no row: the visit earns nothing (any more)
        left join lateral (
          select (s.total_minor * c.service_points_per_100 / 10000)::integer as points,
                 s.total_minor as amount
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
    written as (
      insert into club_points_ledger (member_id, customer_id, club_id, source, points, reason,
                                      occurred_on, expires_on, amount_minor, currency,
                                      corrects_entry_id, created_by)
      select s.member_id, s.customer_id, s.club_id, 'correction', s.delta,
             ${why}::text || case when s.shortfall > 0
                            then ' (' || s.shortfall || ' points already spent stay)' else '' end,
             (now() at time zone 'UTC')::date, case when s.delta > 0 then s.expires_on end,
             s.target_amount - s.amount, c.currency, s.id, ${actor.userId ?? null}::uuid
        from settled s
        join clubs c on c.id = s.club_id
       where s.delta <> 0
      returning member_id)
    select member_id, delta as points, shortfall from settled`.execute(tx);
  return result.rows.map((row) => ({
    memberId: row.member_id,
    points: Number(row.points),
    shortfall: Number(row.shortfall),
  }));
}
