import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { CustomerVerification, VerificationInput } from './verification.schemas.ts';
import { assertCustomerVisible } from './visibility.ts';
import type { VerificationMethod } from './vocabulary.ts';

export type Verification = {
  customerId: string;
  method: VerificationMethod;
  verifiedAt: Date;
  note: string | null;
};

/**
 * Told of each verification recorded, in its transaction: the activities module logs the
 * contact it was (customers may not import the modules above it).
 */
export type VerificationListener = (
  tx: Tx,
  actor: Actor,
  verification: Verification,
) => Promise<void>;
const listeners: VerificationListener[] = [];
export function registerVerificationListener(listener: VerificationListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

const futureSlackMs = 5 * 60_000;

/**
 * Records in an open transaction that the person's data was confirmed with him. The record
 * keeps the latest verification only: one entered late for an earlier day does not replace a
 * newer one (it is still told to the listeners, a contact that happened). `contactLogged`: the
 * caller logged the contact itself (a call logged with "data confirmed"), so no listener runs.
 */
export async function recordVerificationTx(
  tx: Tx,
  actor: Actor,
  verification: Verification,
  options: { contactLogged?: boolean } = {},
): Promise<void> {
  await tx
    .updateTable('customers')
    .set({
      verified_at: verification.verifiedAt,
      verified_by: actor.userId,
      verification_method: verification.method,
      verification_note: verification.note,
    })
    .where('id', '=', verification.customerId)
    .where((eb) =>
      eb.or([eb('verified_at', 'is', null), eb('verified_at', '<=', verification.verifiedAt)]),
    )
    .execute();
  if (options.contactLogged) return;
  for (const listener of listeners) await listener(tx, actor, verification);
}

/** The action of the customer page: 404 outside the actor's scope, 400 naming a bad field. */
export async function recordVerification(
  db: Db,
  actor: Actor,
  customerId: string,
  input: VerificationInput,
): Promise<CustomerVerification> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError('You may not change customers');
  await assertCustomerVisible(db, actor, customerId);
  const verifiedAt = input.verifiedAt ? new Date(input.verifiedAt) : new Date();
  if (verifiedAt.getTime() > Date.now() + futureSlackMs) {
    throw new ValidationError([
      { path: 'verifiedAt', message: 'lies in the future', code: 'in_future' },
    ]);
  }
  await withActor(db, actor, (tx) =>
    recordVerificationTx(tx, actor, {
      customerId,
      method: input.method,
      verifiedAt,
      note: input.note ?? null,
    }),
  );
  const current = await latestVerification(db, customerId);
  if (!current) throw new NotFoundError('Customer');
  return current;
}

/** The columns of a customers row that hold its latest verification (migration 0223). */
export type VerificationColumns = {
  verified_at: Date | string | null;
  verification_method: VerificationMethod | null;
  verification_note: string | null;
};

/**
 * The latest verification from a customers row already read (the 360 view reads the row, so
 * it need not read the customer a second time); `verifiedBy` is the verifier's name.
 */
export function verificationFromRow(
  row: VerificationColumns,
  verifiedBy: string | null,
): CustomerVerification | null {
  if (!row.verified_at || !row.verification_method) return null;
  return {
    verifiedAt: new Date(row.verified_at).toISOString(),
    method: row.verification_method,
    note: row.verification_note,
    verifiedBy,
  };
}

/** The customer's latest verification, or null (the caller checked visibility). */
export async function latestVerification(
  db: Db | Tx,
  customerId: string,
): Promise<CustomerVerification | null> {
  const row = await db
    .selectFrom('customers as c')
    .leftJoin('users as u', 'u.id', 'c.verified_by')
    .select(['c.verified_at', 'c.verification_method', 'c.verification_note', 'u.display_name'])
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  return row ? verificationFromRow(row, row.display_name ?? null) : null;
}

/** One customer confirmed by a row of a trusted import, as of the row's data date. */
export type ImportedVerification = { customerId: string; verifiedAt: Date };

/**
 * Records the verifications of a batch of trusted-import rows in one statement (an import of
 * 100k rows must not cost 100k updates). Like recordVerificationTx it keeps the newest; of
 * two rows of one batch for the same customer the later date wins. The listeners do not run:
 * a file is not a contact with the person, so nothing goes to his contact history.
 */
export async function recordImportVerificationsTx(
  tx: Tx,
  actor: Actor,
  rows: readonly ImportedVerification[],
  note: string,
): Promise<void> {
  if (rows.length === 0) return;
  const latest = new Map<string, Date>();
  for (const row of rows) {
    const known = latest.get(row.customerId);
    if (!known || known < row.verifiedAt) latest.set(row.customerId, row.verifiedAt);
  }
  const ids = [...latest.keys()];
  const times = ids.map((id) => latest.get(id)!.toISOString());
  await sql`
    update customers c
       set verified_at = v.verified_at, verified_by = ${actor.userId ?? null}::uuid,
           verification_method = 'trusted_import', verification_note = ${note}
      from unnest(${ids}::uuid[], ${times}::timestamptz[]) as v(customer_id, verified_at)
     where c.id = v.customer_id and ${customerVisible(actor, sql.ref('c.id'))}
       and (c.verified_at is null or c.verified_at <= v.verified_at)`.execute(tx);
}
