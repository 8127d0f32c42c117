import { sql } from 'kysely';
import type { Tx } from '../../auth/transaction.ts';

/**
 * Before a transaction copies people's dealer links into rows of its own (a campaign page's
 * recipient rows with their dealer set), it takes each person's lock shared (0286), in a
 * statement of its own: the copy's statement then sees any change of their links that was
 * under way, and a change that comes later waits for this transaction and sees its rows. A
 * transaction that comes to lock 2,000 people runs alone instead (0286).
 */
export async function lockDealerLinksToRead(tx: Tx, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`select customer_dealer_links_read_lock(${customerIds}::uuid[])`.execute(tx);
}

/**
 * A transaction that copies the links of very many people (the ROI rebuild, a best-customer
 * fit) calls this first, instead of locking each (the shared lock table would not hold them):
 * it computes from every change of links committed before, and at its commit the database
 * rights its rows for the people whose links changed meanwhile (0286).
 */
export async function copyDealerLinksInBulk(tx: Tx): Promise<void> {
  await sql`select customer_dealer_links_bulk()`.execute(tx);
}
