import { sql } from 'kysely';
import type { Locale, Tx } from '../../auth/index.ts';
import { latestDealerId } from '../customers/index.ts';

/**
 * Who answers a person's reply: at the dealer the message spoke for (a dealer campaign's
 * owner, else the dealer the message was sent for, else the person's most recent dealer), the
 * consultant assigned to him there while active; else that dealer's CRM manager, then its
 * dealer manager (the order of data-check-assignee.ts). Null when nobody there is active: the
 * reply is still recorded and on his timeline.
 */
export async function replyAssignee(
  tx: Tx,
  customerId: string,
  dealerId: string | null,
): Promise<{ userId: string; dealerId: string; locale: Locale } | null> {
  const found = await sql<{ id: string; dealer_id: string; locale: Locale }>`
    with place as (select coalesce(${dealerId}::uuid, ${latestDealerId(customerId)}) as dealer_id)
    select u.id, u.dealer_id, u.locale
      from place
      join users u on u.active and u.dealer_id = place.dealer_id
      left join customer_dealers cd
        on cd.customer_id = ${customerId}::uuid and cd.dealer_id = place.dealer_id
     where u.id = cd.assigned_user_id or u.role in ('crm_manager', 'dealer_manager')
     order by u.id = cd.assigned_user_id desc nulls last, u.role = 'crm_manager' desc, u.created_at
     limit 1`.execute(tx);
  const row = found.rows[0];
  return row ? { userId: row.id, dealerId: row.dealer_id, locale: row.locale } : null;
}
