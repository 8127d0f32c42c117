import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import { ConflictError } from '../../lib/errors.ts';

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

/**
 * SQL: may the dealer contact the customer under the ownership rules? Not when another dealer
 * owns him for a brand this dealer sells, unless this dealer owns him for a brand too (then
 * he is the dealer's own customer as well). Used by dealer marketing campaigns.
 */
export function contactableByDealer(
  customerId: Expression<unknown>,
  dealerId: string,
): RawBuilder<boolean> {
  return sql<boolean>`(not exists (
      select 1 from lead_brand_owners o
        join dealer_brands db on db.brand_id = o.brand_id and db.dealer_id = ${dealerId}
       where o.customer_id = ${customerId} and o.dealer_id <> ${dealerId})
    or exists (
      select 1 from lead_brand_owners o
       where o.customer_id = ${customerId} and o.dealer_id = ${dealerId}))`;
}

/**
 * Refuses a dealer's invitation of a person another dealer owns (seed 000: no three dealers
 * inviting one person to the same test drive). Judged by the brands the invitation is about:
 * the lead's and the demo car's (`brandId`); another dealer owning him for either refuses it.
 * When neither is known (no lead, an older car without a brand), by the rule of
 * `contactableByDealer` (another dealer owns him for a brand this dealer sells, and this
 * dealer owns him for none). 409 naming `customerId` and the owner, as a capture by the
 * dealer's own staff is; a hand-over or claim lifts it.
 */
export async function assertInvitableByDealer(
  tx: Tx,
  input: {
    customerId: string;
    dealerId: string;
    leadId?: string | null | undefined;
    brandId?: string | null | undefined;
  },
): Promise<void> {
  const leadBrand = input.leadId
    ? ((
        await tx
          .selectFrom('leads')
          .select('brand_id')
          .where('id', '=', input.leadId)
          .executeTakeFirst()
      )?.brand_id ?? null)
    : null;
  const brands = [leadBrand, input.brandId ?? null].filter((id): id is string => id !== null);
  const owner = await tx
    .selectFrom('lead_brand_owners as o')
    .innerJoin('dealers as d', 'd.id', 'o.dealer_id')
    .select('d.code')
    .where('o.customer_id', '=', input.customerId)
    .where('o.dealer_id', '<>', input.dealerId)
    .where((eb) =>
      brands.length
        ? eb('o.brand_id', 'in', brands)
        : eb.and([
            // the owner to name: one for a brand this dealer sells
            eb.exists(
              eb
                .selectFrom('dealer_brands as db')
                .select('db.brand_id')
                .whereRef('db.brand_id', '=', 'o.brand_id')
                .where('db.dealer_id', '=', input.dealerId),
            ),
            eb.not(contactableByDealer(eb.ref('o.customer_id'), input.dealerId)),
          ]),
    )
    .orderBy('d.code')
    .executeTakeFirst();
  if (!owner) return;
  throw new ConflictError(
    `This person is dealer ${owner.code}'s prospect for this brand; ask for a hand-over`,
    [{ path: 'customerId', message: `owned by dealer ${owner.code}` }],
  ).because('prospect_of_other_dealer', { dealer: owner.code });
}
