import type { Tx } from '../../auth/index.ts';
import { holdBackQueuedMarketing, type Bounce } from '../messaging/index.ts';
import { recordSuppression } from './contact-rules.service.ts';

/**
 * A hard bounce makes the channel do-not-contact for the person with the reason "bounced"
 * (unless such a record is active already), so no campaign, journey or reminder writes to the
 * dead address again until someone lifts the record (e.g. after correcting the address).
 */
export async function suppressBounced(tx: Tx, bounce: Bounce): Promise<void> {
  const active = await tx
    .selectFrom('marketing_suppressions')
    .select('id')
    .where('customer_id', '=', bounce.customerId)
    .where('lifted_at', 'is', null)
    .where('reason', '=', 'bounced')
    .where((eb) => eb.or([eb('channel', 'is', null), eb('channel', '=', bounce.channel)]))
    .executeTakeFirst();
  // what is still waiting in the outbox for the dead address is held back as well
  await holdBackQueuedMarketing(tx, bounce.customerId, bounce.channel, 'do_not_contact');
  if (active) return;
  await recordSuppression(tx, {
    customerId: bounce.customerId,
    channel: bounce.channel,
    reason: 'bounced',
    note: [bounce.statusCode, bounce.recipient, bounce.diagnostic]
      .filter(Boolean)
      .join(' · ')
      .slice(0, 1000),
    by: null,
  });
}
