import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';

/**
 * Makes the dealer the person's owner for the brand unless someone already is, and returns
 * the owner. The primary key (customer, brand) decides between concurrent captures: the
 * loser's insert does nothing and it reads the winner's row.
 */
export async function claimOwnership(
  tx: Tx,
  customerId: string,
  brandId: string,
  dealerId: string,
): Promise<string> {
  await tx
    .insertInto('lead_brand_owners')
    .values({ customer_id: customerId, brand_id: brandId, dealer_id: dealerId })
    .onConflict((oc) => oc.columns(['customer_id', 'brand_id']).doNothing())
    .execute();
  const owner = await tx
    .selectFrom('lead_brand_owners')
    .select('dealer_id')
    .where('customer_id', '=', customerId)
    .where('brand_id', '=', brandId)
    .executeTakeFirstOrThrow();
  return owner.dealer_id;
}

export async function currentOwner(
  tx: Tx,
  customerId: string,
  brandId: string,
): Promise<string | null> {
  const owner = await tx
    .selectFrom('lead_brand_owners')
    .select('dealer_id')
    .where('customer_id', '=', customerId)
    .where('brand_id', '=', brandId)
    .executeTakeFirst();
  return owner?.dealer_id ?? null;
}

/** Serialises work on one person: captures of the same contacts, hand-overs of the same person. */
export async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  // sorted, so that two transactions locking overlapping sets cannot deadlock
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
  }
}
