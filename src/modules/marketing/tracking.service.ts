import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { recordConsents } from '../customers/index.ts';
import { recordSuppression } from './contact-rules.service.ts';

/**
 * What a person does with a campaign e-mail, recorded against campaign, variant and person.
 * A click counts as an open too (images are often blocked, so the pixel misses opens).
 */
export async function recordOpen(db: Db, campaignId: string, customerId: string): Promise<void> {
  await db
    .updateTable('marketing_campaign_recipients')
    .set((eb) => ({
      opened_at: sql<Date>`coalesce(opened_at, now())`,
      open_count: eb('open_count', '+', 1),
    }))
    .where('campaign_id', '=', campaignId)
    .where('customer_id', '=', customerId)
    .execute();
}

export async function recordClick(db: Db, campaignId: string, customerId: string): Promise<void> {
  await db
    .updateTable('marketing_campaign_recipients')
    .set((eb) => ({
      opened_at: sql<Date>`coalesce(opened_at, now())`,
      clicked_at: sql<Date>`coalesce(clicked_at, now())`,
      click_count: eb('click_count', '+', 1),
    }))
    .where('campaign_id', '=', campaignId)
    .where('customer_id', '=', customerId)
    .execute();
}

/**
 * The unsubscribe link: the person's consent for the channel is withdrawn (what the outbox
 * reads before every send, so nothing queued goes out after this) and a do-not-contact record
 * says why. Repeating it changes nothing more.
 */
export async function unsubscribe(
  db: Db,
  input: {
    campaignId: string | null;
    customerId: string;
    channel: 'email' | 'sms';
    /** how he said it: the signed link (default), or an SMS answer such as STOP */
    method?: 'email_link' | 'sms_reply';
  },
): Promise<void> {
  const actor = systemActor('api');
  await withActor(db, actor, async (tx) => {
    const customer = await tx
      .selectFrom('customers')
      .select('id')
      .where('id', '=', input.customerId)
      .executeTakeFirst();
    if (!customer) return;
    const active = await tx
      .selectFrom('marketing_suppressions')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('reason', '=', 'unsubscribed')
      .where('channel', '=', input.channel)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    if (active) return;
    await recordConsents(
      tx,
      actor,
      input.customerId,
      [
        {
          channel: input.channel,
          status: 'withdrawn',
          purpose: 'marketing',
          method: input.method ?? 'email_link',
          evidence: input.campaignId
            ? `campaign ${input.campaignId}`
            : input.method === 'sms_reply'
              ? 'SMS answer'
              : 'unsubscribe link',
          note: null,
        },
      ],
      null,
    );
    await recordSuppression(tx, {
      customerId: input.customerId,
      channel: input.channel,
      reason: 'unsubscribed',
      campaignId: input.campaignId,
      by: null,
    });
    if (input.campaignId) {
      await tx
        .updateTable('marketing_campaign_recipients')
        .set({ unsubscribed_at: new Date() })
        .where('campaign_id', '=', input.campaignId)
        .where('customer_id', '=', input.customerId)
        .execute();
    }
  });
}
