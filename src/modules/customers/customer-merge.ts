import { sql } from 'kysely';
import type { Tx } from '../../auth/transaction.ts';
import {
  moveCustomerColumn,
  restoreCustomerColumn,
  type CustomerColumn,
  type CustomerMover,
  type MovedRows,
} from '../quality/merge/customer-movers.ts';

/**
 * Merging duplicates (quality module): the survivor keeps every phone, e-mail, messenger,
 * address, family member, dealer link, company contact and consent of the loser. A number or
 * mailbox both have is kept once; the loser's primary flags give way to the survivor's; a
 * dealer link both have keeps the union of its relations; consent keeps the strictest state.
 */
const plain: CustomerColumn[] = [
  { table: 'customer_phones', uniqueWith: ['e164'] },
  { table: 'customer_emails', uniqueWith: ['normalized'] },
  { table: 'customer_messengers', uniqueWith: ['kind', 'handle'] },
  { table: 'customer_addresses' },
  { table: 'customer_family_members' },
  {
    table: 'company_contacts',
    column: 'person_id',
    key: ['company_id'],
    uniqueWith: ['company_id'],
  },
  {
    table: 'company_contacts',
    column: 'company_id',
    key: ['person_id'],
    uniqueWith: ['person_id'],
  },
  { table: 'consents' },
];
const dealerLinks: CustomerColumn = {
  table: 'customer_dealers',
  key: ['dealer_id'],
  uniqueWith: ['dealer_id'],
};
const withPrimary = ['customer_phones', 'customer_emails', 'customer_addresses'] as const;

type Moves = Parameters<typeof restoreCustomerColumn>[4];
const label = (spec: CustomerColumn) => `${spec.table}.${spec.column ?? 'customer_id'}`;

export async function reassignCustomer(trx: Tx, fromId: string, toId: string): Promise<MovedRows> {
  const moved: MovedRows = {};

  // A dealer both are linked to: the survivor's link takes the loser's relations and assignee.
  const linksBefore = await sql<{ row: Record<string, unknown> }>`
    select to_jsonb(kept.*) as row from customer_dealers kept
      join customer_dealers gone on gone.dealer_id = kept.dealer_id and gone.customer_id = ${fromId}
     where kept.customer_id = ${toId}`.execute(trx);
  moved.dealerLinksBefore = linksBefore.rows.map((r) => r.row);
  await sql`
    update customer_dealers kept
       set relations = array(select distinct unnest(kept.relations || gone.relations) order by 1),
           assigned_user_id = coalesce(kept.assigned_user_id, gone.assigned_user_id),
           first_at = least(kept.first_at, gone.first_at),
           last_at = greatest(kept.last_at, gone.last_at)
      from customer_dealers gone
     where gone.customer_id = ${fromId} and kept.customer_id = ${toId}
       and kept.dealer_id = gone.dealer_id`.execute(trx);
  moved[label(dealerLinks)] = await moveCustomerColumn(trx, dealerLinks, fromId, toId);

  // One primary phone, e-mail and address: the survivor's, when he has one.
  const cleared: Record<string, string[]> = {};
  for (const table of withPrimary) {
    const rows = await sql<{ id: string }>`
      update ${sql.table(table)} gone set is_primary = false
       where gone.customer_id = ${fromId} and gone.is_primary
         and exists (select 1 from ${sql.table(table)} kept
                      where kept.customer_id = ${toId} and kept.is_primary)
      returning gone.id`.execute(trx);
    cleared[table] = rows.rows.map((r) => r.id);
  }
  moved.primaryCleared = cleared;

  // The strictest consent wins: what either had withdrawn stays withdrawn.
  const withdrawn = await sql<{
    channel: string;
    purpose: string;
    method: string;
    dealer_id: string | null;
  }>`
    select channel, purpose, method, dealer_id from customer_consent_current
     where customer_id in (${fromId}, ${toId}) and status = 'withdrawn'`.execute(trx);

  for (const spec of plain) moved[label(spec)] = await moveCustomerColumn(trx, spec, fromId, toId);

  const added: string[] = [];
  for (const row of withdrawn.rows) {
    const inserted = await sql<{ id: string }>`
      insert into consents (customer_id, channel, purpose, status, method, evidence, dealer_id,
                            recorded_by, note)
      select ${toId}, ${row.channel}, ${row.purpose}, 'withdrawn', ${row.method},
             'withdrawn on a merged duplicate record', ${row.dealer_id},
             nullif(current_setting('autocrm.actor_id', true), '')::uuid,
             'merge of duplicates: the strictest state wins'
       where exists (select 1 from customer_consent_current c
                      where c.customer_id = ${toId} and c.channel = ${row.channel}
                        and c.purpose = ${row.purpose} and c.status = 'granted')
      returning id`.execute(trx);
    added.push(...inserted.rows.map((r) => r.id));
  }
  moved.consentsAdded = added;
  return moved;
}

export async function restoreCustomer(
  trx: Tx,
  fromId: string,
  toId: string,
  moved: MovedRows,
): Promise<void> {
  const added = (moved.consentsAdded as string[] | undefined) ?? [];
  if (added.length) {
    await sql`delete from consents where id = any(${added}::uuid[])`.execute(trx);
  }
  for (const spec of [...plain].reverse()) {
    const moves = moved[label(spec)] as Moves | undefined;
    if (moves) await restoreCustomerColumn(trx, spec, fromId, toId, moves);
  }
  const cleared = (moved.primaryCleared as Record<string, string[]> | undefined) ?? {};
  for (const table of withPrimary) {
    const ids = cleared[table] ?? [];
    if (ids.length) {
      await sql`update ${sql.table(table)} set is_primary = true where id = any(${ids}::uuid[])`.execute(
        trx,
      );
    }
  }
  const links = moved[label(dealerLinks)] as Moves | undefined;
  if (links) await restoreCustomerColumn(trx, dealerLinks, fromId, toId, links);
  const before = (moved.dealerLinksBefore as Record<string, unknown>[] | undefined) ?? [];
  if (before.length) {
    await sql`
      update customer_dealers kept
         set relations = b.relations, assigned_user_id = b.assigned_user_id,
             first_at = b.first_at, last_at = b.last_at
        from jsonb_populate_recordset(null::customer_dealers, ${JSON.stringify(before)}::jsonb) b
       where kept.customer_id = b.customer_id and kept.dealer_id = b.dealer_id`.execute(trx);
  }
}

export const customersMover: CustomerMover = {
  name: 'customers',
  tables: [label(dealerLinks), ...plain.map(label)],
  reassignCustomer,
  restoreCustomer,
};
