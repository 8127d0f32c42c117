import { sql } from 'kysely';
import type { Scope, Tx } from '../../auth/index.ts';
import { consentGranted } from '../customers/index.ts';
import { contactableByDealer } from '../leads/index.ts';
import { recentMessageCount } from '../messaging/index.ts';
import { audienceCondition } from './audience.ts';
import { suppressed } from './contact-rules.service.ts';
import { selectRecipientData, type RecipientRow } from './recipient-data.ts';
import type { CampaignForSend } from './send-types.ts';

/** A person of the audience with what the contact rules ask about him. */
export type AudienceRow = RecipientRow & {
  suppressed: boolean;
  recent: number;
  consented: boolean;
};

/** The contact channel (consent, do-not-contact) each campaign channel uses. */
export const contactChannel = { email: 'email', sms: 'sms', call: 'phone', mail: 'post' } as const;

const pageSize = 500;

/**
 * The next page of the campaign's audience after the customer id `after` (keyset, so memory
 * stays flat whatever its size): the people its owner may reach who are not yet recipients,
 * with their message data, do-not-contact, consent and recent-message count.
 */
export async function readAudiencePage(
  tx: Tx,
  campaign: CampaignForSend,
  scope: Scope,
  periodDays: number,
  after: string,
): Promise<AudienceRow[]> {
  const contact = contactChannel[campaign.channel];
  let query = selectRecipientData(tx.selectFrom('customers as c'), campaign.dealerId, campaign.id)
    .select((eb) => [
      suppressed(eb.ref('c.id'), contact).as('suppressed'),
      recentMessageCount(
        eb.ref('c.id'),
        campaign.channel === 'sms' ? 'sms' : 'email',
        periodDays,
      ).as('recent'),
      consentGranted(eb.ref('c.id'), contact, 'marketing').as('consented'),
    ])
    // a page of 500 after a keyset id: consent probed per person, never joined (segment-compiler.ts)
    .where(audienceCondition(scope, campaign.audience, new Date(), { consentProbe: true }))
    .where('c.id', '>', after)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('marketing_campaign_recipients as r')
            .select(sql`1`.as('one'))
            .where('r.campaign_id', '=', campaign.id)
            .whereRef('r.customer_id', '=', 'c.id'),
        ),
      ),
    )
    .orderBy('c.id')
    .limit(pageSize);
  if (campaign.ownerLevel === 'dealer') {
    query = query.where(contactableByDealer(sql.ref('c.id'), campaign.dealerId!));
  }
  return (await query.execute()) as AudienceRow[];
}
