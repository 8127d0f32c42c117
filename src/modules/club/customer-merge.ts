import { sql } from 'kysely';
import { ConflictError } from '../../lib/errors.ts';
import { tableMover } from '../quality/merge/customer-movers.ts';
import type { CustomerMover } from '../quality/merge/customer-movers.ts';

const rows = tableMover('club', [
  { table: 'club_members' },
  { table: 'club_point_balances', key: ['member_id'] },
  { table: 'club_points_ledger' },
  { table: 'club_tier_changes' },
  { table: 'club_referrals' },
  { table: 'club_referrals', column: 'referred_customer_id' },
  { table: 'club_event_registrations' },
]);

/** The ledger refuses updates except the customer's id during a merge (migration 0184). */
async function duringMerge<T>(
  trx: Parameters<CustomerMover['reassignCustomer']>[0],
  work: () => Promise<T>,
) {
  await sql`select set_config('autocrm.customer_merge', 'on', true)`.execute(trx);
  try {
    return await work();
  } finally {
    await sql`select set_config('autocrm.customer_merge', 'off', true)`.execute(trx);
  }
}

/**
 * Merging duplicates (quality module): the loser's memberships, points, tier history, referrals
 * and event registrations move to the survivor; undo moves them back. Two memberships of one
 * club are not combined here (their points, numbers and tiers would need a steward's choice):
 * such a merge is refused with 409 until one of the memberships is ended.
 */
export const customerMover: CustomerMover = {
  name: rows.name,
  tables: rows.tables,
  async reassignCustomer(trx, fromId, toId) {
    const both = await sql<{ name: string }>`
      select c.name from club_members a
        join club_members b on b.club_id = a.club_id and b.customer_id = ${toId}
        join clubs c on c.id = a.club_id
       where a.customer_id = ${fromId}`.execute(trx);
    if (both.rows.length) {
      throw new ConflictError(
        `Both records are members of the club ${both.rows.map((r) => r.name).join(', ')}: end one membership before merging`,
        [
          {
            path: 'club',
            message: 'both are members of the same club',
            code: 'club_membership_clash',
          },
        ],
      ).because('club_membership_clash');
    }
    return duringMerge(trx, () => rows.reassignCustomer(trx, fromId, toId));
  },
  restoreCustomer(trx, fromId, toId, moved) {
    return duringMerge(trx, () => rows.restoreCustomer(trx, fromId, toId, moved));
  },
};
