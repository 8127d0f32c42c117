import type { Tx } from '../../auth/index.ts';

/**
 * `count` persons named `<given><i> <surname>`, each with e-mail marketing consent, for tests
 * that queue and send e-mails. Returns their ids in order.
 */
export async function insertConsentingPeople(
  tx: Tx,
  count: number,
  given: string,
  surname: string,
): Promise<{ id: string }[]> {
  const created = await tx
    .insertInto('customers')
    .values(
      Array.from({ length: count }, (_, i) => ({
        kind: 'person' as const,
        first_name: `${given}${i}`,
        last_name: surname,
        display_name: `${given}${i} ${surname}`,
        sort_key: `${surname} ${given}${i}`.toLowerCase(),
      })),
    )
    .returning('id')
    .execute();
  await tx
    .insertInto('consents')
    .values(
      created.map((customer) => ({
        customer_id: customer.id,
        channel: 'email' as const,
        status: 'granted' as const,
        purpose: 'marketing' as const,
        method: 'signed_form',
      })),
    )
    .execute();
  return created;
}
