import { sql } from 'kysely';
import type { Locale, Tx } from '../../auth/index.ts';
import { latestDealerId } from '../customers/index.ts';

/**
 * Who gets the task of a "something is wrong" answer: the requester while his account is
 * active; else the CRM manager (then the dealer manager) of the customer's most recent dealer,
 * else of the dealer the request was made for. The order of lead follow-ups (leads' taskOwner;
 * complaints ask the dealer manager first), in one query here because it also weighs two
 * dealers and returns the locale, which taskOwner does not. Null when nobody there is active:
 * the person's text then stays on the request alone.
 */
export async function wrongAnswerAssignee(
  tx: Tx,
  customerId: string,
  request: { userId: string | null; dealerId: string | null },
): Promise<{ userId: string; locale: Locale } | null> {
  const found = await sql<{ id: string; locale: Locale }>`
    with place as (select ${latestDealerId(customerId)} as latest, ${request.dealerId}::uuid as asked)
    select u.id, u.locale
      from users u, place
     where u.active
       and (u.id = ${request.userId}::uuid
            or (u.dealer_id in (place.latest, place.asked)
                and u.role in ('crm_manager', 'dealer_manager')))
     order by u.id = ${request.userId}::uuid desc nulls last,
              u.dealer_id = place.latest desc nulls last,
              u.role = 'crm_manager' desc, u.created_at
     limit 1`.execute(tx);
  const row = found.rows[0];
  return row ? { userId: row.id, locale: row.locale } : null;
}
