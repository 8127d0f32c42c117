import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { SearchTerm } from '../customers/index.ts';
import { dealerCopyScope, walkedRowCondition, type OtherFilters } from './walked-rows.ts';

/**
 * The local part of a search term for a whole e-mail local part ("info@", the local part and
 * its '@' with nothing after it): its matches can be listed in name order straight from
 * customer_email_local_parts (migration 0257). Undefined for other terms. With part of the
 * domain typed ("info@avto") the address index narrows the matches itself and they are sorted
 * as before.
 */
export function walkableLocalPart(term: SearchTerm): string | undefined {
  if (term.kind !== 'email') return undefined;
  const at = term.prefix.indexOf('@');
  return at === term.prefix.length - 1 ? term.prefix.slice(0, at) : undefined;
}

/**
 * A page of the customers with an address whose local part is `localPart`, and their count,
 * both read from one index range in name order: the count reads at most `countLimit + 1`
 * rows, the page offset + limit. The scope and the other filters are in `customers`
 * (filteredCustomers without the search) and are applied on each row walked, so a customer
 * outside the actor's scope is neither counted nor shown; a one-dealer scope also walks only
 * its dealer's rows. A customer has one row per local part (per dealer link in the dealer
 * copy), so nothing is counted or shown twice.
 */
export async function emailOrderedPage(
  db: Db,
  actor: Actor,
  customers: OtherFilters,
  localPart: string,
  page: { sort?: string; limit: number; offset: number },
  countLimit: number,
): Promise<{ ids: string[]; total: number; exact: boolean }> {
  const direction = page.sort === '-name' ? 'desc' : 'asc';
  const inRange = walkedLocalParts(db, actor, customers).where('w.local_part', '=', localPart);
  const counted = await db
    .selectFrom(
      inRange
        .select('w.customer_id')
        .limit(countLimit + 1)
        .as('match'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirst();
  const n = counted?.n ?? 0;
  const found = await inRange
    .select('w.customer_id')
    .orderBy('w.sort_key', direction)
    .orderBy('w.customer_id', direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    ids: found.map((row) => row.customer_id),
    total: Math.min(n, countLimit),
    exact: n <= countLimit,
  };
}

/**
 * The local parts in the actor's scope, and of customers passing the other filters if any
 * (walked-rows.ts): for a one-dealer scope his dealer's copy, for wider scopes the plain table.
 */
function walkedLocalParts(db: Db, actor: Actor, customers: OtherFilters) {
  const dealerScope = dealerCopyScope(actor);
  // The same columns under the same alias; the plain table's type is kept on purpose so both
  // walks are one builder type (the dealer copy only adds the two columns used above).
  const table = dealerScope
    ? ('customer_dealer_email_local_parts as w' as 'customer_email_local_parts as w')
    : 'customer_email_local_parts as w';
  return db.selectFrom(table).where(walkedRowCondition(actor, customers, dealerScope));
}
