import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

/**
 * Lapses points whose validity ended, first in first out: whatever was spent, lapsed or
 * corrected away is taken from the oldest points first, so what lapses on `asOf` is the part
 * of the points due by then that nothing has consumed yet:
 *   max(0, points with expires_on <= asOf  -  all debits so far).
 * A debit is a negative row without an expiry. A negative row with one is a reduction of the
 * points due that day, not a spend: a moved service visit's reversal (visit-points.ts), which
 * must not eat the member's older points first. It never exceeds the balance (the balance also
 * holds the points not yet due, and no reduction exceeds the points of its day). One expiry row
 * per member and run; a second run on the same day finds nothing left to lapse.
 */
export async function expirePoints(db: Db, asOf: string): Promise<number> {
  return withActor(db, systemActor('job'), async (tx) => {
    const result = await sql`
      with dated as (
        -- two partial indexes: earned points, and the rarer reductions (migration 0259)
        select member_id, points from club_points_ledger
         where points > 0 and expires_on <= ${asOf}::date
        union all
        select member_id, points from club_points_ledger
         where points < 0 and expires_on <= ${asOf}::date),
      due as (
        select member_id, sum(points) as due from dated group by member_id),
      debits as (
        select l.member_id, -sum(l.points) as spent
          from club_points_ledger l
         where l.points < 0 and l.expires_on is null
           and l.member_id in (select member_id from due)
         group by l.member_id),
      lapse as (
        select m.id as member_id, m.customer_id, m.club_id,
               (due.due - coalesce(debits.spent, 0))::integer as points
          from due
          join club_members m on m.id = due.member_id
          left join debits on debits.member_id = due.member_id
         where due.due - coalesce(debits.spent, 0) > 0)
      insert into club_points_ledger (member_id, customer_id, club_id, source, points, reason,
                                      occurred_on)
      select member_id, customer_id, club_id, 'expiry', -points, 'points past their validity',
             ${asOf}::date
        from lapse`.execute(tx);
    return Number(result.numAffectedRows ?? 0);
  });
}
