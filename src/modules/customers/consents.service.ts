import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError } from '../../lib/errors.ts';
import type { ConsentInput } from './customer.schemas.ts';
import { assertCustomerVisible } from './visibility.ts';
import type { ContactChannel, ConsentPurpose } from './vocabulary.ts';

export async function recordConsents(
  tx: Tx,
  actor: Actor,
  customerId: string,
  consents: ConsentInput[],
  dealerId: string | null,
): Promise<void> {
  const now = Date.now();
  const problems = consents.flatMap((consent, index) =>
    consent.effectiveAt && Date.parse(consent.effectiveAt) > now + 5 * 60_000
      ? [
          {
            path: `consents.${index}.effectiveAt`,
            message: 'lies in the future',
            code: 'in_future',
          },
        ]
      : [],
  );
  if (problems.length) throw new ValidationError(problems);
  await tx
    .insertInto('consents')
    .values(
      consents.map((consent) => ({
        customer_id: customerId,
        channel: consent.channel,
        status: consent.status,
        purpose: consent.purpose ?? 'marketing',
        method: consent.method,
        evidence: consent.evidence ?? null,
        note: consent.note ?? null,
        effective_at: consent.effectiveAt ? new Date(consent.effectiveAt) : new Date(),
        dealer_id: dealerId,
        recorded_by: actor.userId,
      })),
    )
    .execute();
}

/** Records a grant or withdrawal for a customer the actor can see. */
export async function addConsent(
  db: Db,
  actor: Actor,
  customerId: string,
  consent: ConsentInput,
): Promise<void> {
  if (!can(actor, 'consents:write')) throw new ForbiddenError('You may not record consent');
  await assertCustomerVisible(db, actor, customerId);
  await withActor(db, actor, (tx) =>
    recordConsents(tx, actor, customerId, [consent], actor.dealerId),
  );
}

export type ConsentView = {
  channel: ContactChannel;
  purpose: ConsentPurpose;
  status: 'granted' | 'withdrawn';
  method: string;
  evidence: string | null;
  effectiveAt: string;
  recordedAt: string;
  recordedBy: string | null;
  note: string | null;
};

/** The whole consent history of a customer, newest first (the caller checked visibility). */
export async function consentHistory(db: Db, customerId: string): Promise<ConsentView[]> {
  const rows = await db
    .selectFrom('consents as k')
    .leftJoin('users as u', 'u.id', 'k.recorded_by')
    .select([
      'k.channel',
      'k.purpose',
      'k.status',
      'k.method',
      'k.evidence',
      'k.effective_at',
      'k.recorded_at',
      'k.note',
      'u.display_name as recorded_by_name',
    ])
    .where('k.customer_id', '=', customerId)
    .orderBy('k.effective_at', 'desc')
    .orderBy('k.recorded_at', 'desc')
    .execute();
  return rows.map((row) => ({
    channel: row.channel,
    purpose: row.purpose,
    status: row.status,
    method: row.method,
    evidence: row.evidence,
    effectiveAt: row.effective_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: row.recorded_by_name,
    note: row.note,
  }));
}

/**
 * SQL condition: the customer has granted `channel` for `purpose` and not withdrawn it since.
 * No row at all means no consent: marketing is opt-in (seed 002, principle 2).
 */
export function consentGranted(
  customerId: Expression<unknown>,
  channel: ContactChannel,
  purpose: ConsentPurpose = 'marketing',
): RawBuilder<boolean> {
  return sql<boolean>`coalesce((
    select k.status = 'granted' from consents k
     where k.customer_id = ${customerId} and k.channel = ${channel} and k.purpose = ${purpose}
     order by k.effective_at desc, k.recorded_at desc limit 1), false)`;
}

export async function hasConsent(
  db: Db | Tx,
  customerId: string,
  channel: ContactChannel,
  purpose: ConsentPurpose = 'marketing',
): Promise<boolean> {
  const row = await db
    .selectNoFrom(consentGranted(sql.val(customerId), channel, purpose).as('granted'))
    .executeTakeFirstOrThrow();
  return row.granted;
}
