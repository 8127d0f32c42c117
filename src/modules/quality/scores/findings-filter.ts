import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible, dealerInScope } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { findDealerByCode } from '../../org/index.ts';
import type { QualityProblem } from '../schema.ts';

/** What the worklist and its export are narrowed to, besides the actor's scope. */
export type FindingsFilter = {
  problem?: QualityProblem | undefined;
  /** a dealer of the actor's scope, by its code (any letter case) */
  dealerCode?: string | undefined;
  /** the customer's lead source as stored ('' for none) */
  source?: string | undefined;
};

/**
 * The dealer a filter names, if the actor may see it. An unknown code and a code outside the
 * scope get the same answer, so the filter does not tell which dealers exist elsewhere.
 */
export async function filterDealerId(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
): Promise<string | undefined> {
  if (!dealerCode) return undefined;
  const dealer = await findDealerByCode(db, dealerCode);
  if (!dealer || !dealerInScope(actor, dealer.id)) {
    throw new ValidationError([
      { path: 'dealerCode', message: 'no dealer with this code in your scope' },
    ]);
  }
  return dealer.id;
}

/**
 * The WHERE clause over `customer_quality q join customers c`: the scope first, then the
 * filters; the worklist on screen and the file a steward hands out read the same rows.
 */
export function findingsWhere(
  actor: Actor,
  filter: FindingsFilter,
  dealerId: string | undefined,
): RawBuilder<unknown> {
  const parts = [customerVisible(actor, sql.ref('c.id'))];
  if (filter.problem) parts.push(sql<boolean>`${filter.problem} = any(q.problems)`);
  if (dealerId) {
    parts.push(sql<boolean>`exists (select 1 from customer_dealers cd
      where cd.customer_id = c.id and cd.dealer_id = ${dealerId}::uuid)`);
  }
  if (filter.source !== undefined)
    parts.push(sql<boolean>`coalesce(c.source, '') = ${filter.source}`);
  return sql`where ${sql.join(parts, sql` and `)}`;
}
