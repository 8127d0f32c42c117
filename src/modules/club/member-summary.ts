import { sql, type RawBuilder } from 'kysely';

/** What a message to a member may say about his club: `{{club.points}}` and the rest. */
export type ClubSummary = {
  club: string;
  memberNumber: string;
  tier: string;
  /** points available now (the balance the ledger keeps) */
  points: number;
};

/**
 * SQL (a jsonb value or null) of the customer's active membership for a message: the one with
 * the most points available, then the latest joined, when he belongs to several clubs. One
 * probe of club_members by customer per person, so a campaign page of 500 stays one query.
 */
export function clubSummarySql(customerId: RawBuilder<unknown>): RawBuilder<ClubSummary | null> {
  return sql<ClubSummary | null>`(select jsonb_build_object('club', cl.name,
      'memberNumber', cm.member_number, 'tier', t.name, 'points', coalesce(cb.balance, 0))
    from club_members cm
    join clubs cl on cl.id = cm.club_id
    join club_tiers t on t.id = cm.tier_id
    left join club_point_balances cb on cb.member_id = cm.id
    where cm.customer_id = ${customerId} and cm.status = 'active'
    order by coalesce(cb.balance, 0) desc, cm.joined_on desc, cm.id
    limit 1)`;
}
