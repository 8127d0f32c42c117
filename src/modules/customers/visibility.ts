import type { Actor, Tx } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';

/** 404 unless the customer exists and the actor may see him (never 403: no hint he exists). */
export async function assertCustomerVisible(
  db: Db | Tx,
  actor: Actor,
  customerId: string,
): Promise<void> {
  const row = await db
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.id', '=', customerId)
    .where((eb) => customerVisible(actor, eb.ref('c.id')))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Customer');
}
