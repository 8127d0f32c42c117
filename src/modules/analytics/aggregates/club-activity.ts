import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../auth/index.ts';
import { lastActivity, repurchaseDays } from '../../club/index.ts';

/** Which members a club refresh recomputes: all (a rebuild) or some member ids. */
export type MemberSet = 'all' | string[];

/**
 * Members whose last activity or repurchases may have changed since `since`, as a query of their
 * ids: their membership, a purchase or visit of theirs (a cancelled one too), a points entry or an
 * attended event. What leaves no timestamp (a purchase moved by a customer merge, a car's make
 * corrected) waits for the daily rebuild, as in the other aggregates. The refresh recomputes
 * these members; the club KPIs read them live until it has (one list for both, so they agree).
 */
export function changedClubMembersSql(since: Date): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`
    select m.id from club_members m where m.updated_at > ${since}
    union
    select m.id from vehicle_purchases p join club_members m on m.customer_id = p.customer_id
     where p.created_at > ${since}
    union
    select m.id from service_visits v join club_members m on m.customer_id = v.customer_id
     where v.updated_at > ${since}
    union
    select m.id from service_visit_cancellations x join club_members m on m.customer_id = x.customer_id
     where x.cancelled_at > ${since}
    union
    select l.member_id from club_points_ledger l where l.created_at > ${since}
    union
    select r.member_id from club_event_registrations r
      join club_events e on e.id = r.event_id
     where r.attended_at > ${since} or e.updated_at > ${since}`;
}

/** The ids of changedClubMembersSql. */
export async function changedClubMembers(tx: Tx, since: Date): Promise<string[]> {
  const rows = await changedClubMembersSql(since).execute(tx);
  return rows.rows.map((row) => row.id);
}

/**
 * Recomputes the kept rows of the given members (by the club module's own SQL), with the member's
 * club, customer, home dealer, status and joining day as they are now, so that the report can
 * read the kept rows alone (repurchase days are in date order: the last is the latest).
 */
export async function refreshClubMembers(tx: Tx, members: MemberSet): Promise<void> {
  await sql`delete from analytics_club_member_activity
    where ${members === 'all' ? sql`true` : sql`member_id = any(${members}::uuid[])`}`.execute(tx);
  await sql`
    insert into analytics_club_member_activity (member_id, last_activity, repurchase_days,
      last_repurchase, club_id, customer_id, home_dealer_id, status, joined_on)
    select k.id, k.last_activity, k.repurchase_days, k.repurchase_days[cardinality(k.repurchase_days)],
           k.club_id, k.customer_id, k.home_dealer_id, k.status, k.joined_on
      from (select m.*, ${lastActivity('m')} as last_activity,
                   ${repurchaseDays('m', 'c')} as repurchase_days
              from club_members m join clubs c on c.id = m.club_id
             where ${members === 'all' ? sql`true` : sql`m.id = any(${members}::uuid[])`}) k`.execute(
    tx,
  );
}
