import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  consentGranted,
  recordConsents,
  updateCustomer,
  type Language,
} from '../customers/index.ts';
import { recordSuppression, suppressed } from './contact-rules.service.ts';

/**
 * A person's own preferences, from his signed personal link (`/m/p`, no login): on which
 * channels he accepts marketing, and his language. Each change is recorded as the person's own
 * act: a consent record with method `web_form` (withdrawn, or granted again), and a withdrawal
 * also a do-not-contact record "unsubscribed", as the unsubscribe link does. Granting a channel
 * again lifts only his own "unsubscribed" records of it; a bounce or a staff member's manual
 * record stays (an address that bounces does not start working because its owner ticks a box).
 */
export const preferenceChannels = ['email', 'sms', 'phone', 'post'] as const;
export type PreferenceChannel = (typeof preferenceChannels)[number];

export type ChannelPreference = {
  channel: PreferenceChannel;
  /** marketing consent on the channel */
  granted: boolean;
  /** an active do-not-contact record other than his own unsubscribe (bounced, manual) */
  heldByStaff: boolean;
};

export type Preferences = {
  channels: ChannelPreference[];
  language: Language | null;
};

/** The person's preferences; undefined when the customer no longer exists (erased, merged). */
export async function preferencesOf(db: Db, customerId: string): Promise<Preferences | undefined> {
  const id = sql.val(customerId);
  const row = await db
    .selectFrom('customers as c')
    .select('c.preferred_language')
    .select(
      preferenceChannels.map((channel) =>
        consentGranted(id, channel).as(`granted_${channel}` as const),
      ),
    )
    .select(
      preferenceChannels.map((channel) =>
        suppressed(id, channel, 'unsubscribed').as(`held_${channel}` as const),
      ),
    )
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    language: row.preferred_language,
    channels: preferenceChannels.map((channel) => ({
      channel,
      granted: row[`granted_${channel}`] === true,
      heldByStaff: row[`held_${channel}`] === true,
    })),
  };
}

export type PreferencesInput = {
  /** the channels he accepts; every other preference channel is withdrawn */
  accepted: PreferenceChannel[];
  language?: Language | undefined;
};

/**
 * Saves what the person chose. Only changes are recorded: a channel whose consent already is
 * what he chose gets no new record, so sending the form twice adds nothing. Answers the
 * preferences after the change.
 */
export async function savePreferences(
  db: Db,
  customerId: string,
  input: PreferencesInput,
): Promise<Preferences | undefined> {
  const before = await preferencesOf(db, customerId);
  if (!before) return undefined;
  const actor = systemActor('api');
  const changes = before.channels.filter(
    (current) => current.granted !== input.accepted.includes(current.channel),
  );
  if (changes.length > 0) {
    await withActor(db, actor, async (tx) => {
      await recordConsents(
        tx,
        actor,
        customerId,
        changes.map((change) => ({
          channel: change.channel,
          status: change.granted ? ('withdrawn' as const) : ('granted' as const),
          purpose: 'marketing' as const,
          method: 'web_form' as const,
          evidence: 'preferences page (signed personal link)',
          note: null,
        })),
        null,
      );
      for (const change of changes) {
        if (change.granted) {
          // withdrawn: recorded as the unsubscribe link does, unless one is active already
          const active = await tx
            .selectNoFrom(suppressed(sql.val(customerId), change.channel).as('held'))
            .executeTakeFirstOrThrow();
          if (!active.held) {
            await recordSuppression(tx, {
              customerId,
              channel: change.channel,
              reason: 'unsubscribed',
              note: 'preferences page',
              by: null,
            });
          }
        } else {
          await tx
            .updateTable('marketing_suppressions')
            .set({ lifted_at: new Date() })
            .where('customer_id', '=', customerId)
            .where('reason', '=', 'unsubscribed')
            .where('channel', '=', change.channel)
            .where('lifted_at', 'is', null)
            .execute();
        }
      }
    });
  }
  if (input.language && input.language !== before.language) {
    await updateCustomer(db, actor, customerId, { preferredLanguage: input.language });
  }
  return preferencesOf(db, customerId);
}
