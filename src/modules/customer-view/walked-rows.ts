import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { customerVisible, singleDealerLinkCondition, type Actor } from '../../auth/index.ts';
import type { Schema } from '../../db/schema.ts';

/** The other filters of the list (filteredCustomers without the search), or 'none'. */
export type OtherFilters =
  SelectQueryBuilder<Schema & { c: Schema['customers'] }, 'c', object> | 'none';

/**
 * The walks of a search in name order read a derived table aliased `w` (name words, e-mail
 * local parts). For a one-dealer scope (a consultant, the dealer's staff) they read its dealer
 * copy, where the scope is one index range (migration 0206 says why): this is the condition on
 * the copy's dealer_id and assigned_user_id. Undefined for wider scopes, which read the plain
 * table.
 */
export function dealerCopyScope(actor: Actor): RawBuilder<boolean> | undefined {
  return singleDealerLinkCondition(
    actor.scope,
    sql.ref('w.dealer_id'),
    sql.ref('w.assigned_user_id'),
  );
}

/**
 * The rows of a walk that are shown and counted: the scope checked on every row, in the dealer
 * copy as well (a second wall if the copy were wrong), and the customer passing the other
 * filters if any. Without other filters the customer rows are not read at all (merged
 * customers have no rows in the derived tables).
 */
export function walkedRowCondition(
  actor: Actor,
  customers: OtherFilters,
  dealerScope: RawBuilder<boolean> | undefined,
): RawBuilder<boolean> {
  const conditions = [customerVisible(actor, sql.ref('w.customer_id'))];
  if (dealerScope) conditions.push(dealerScope);
  if (customers !== 'none') {
    const passing = customers
      .select(sql<number>`1`.as('one'))
      .where(sql<boolean>`c.id = w.customer_id`);
    conditions.push(sql<boolean>`exists (${passing})`);
  }
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}
