import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Language } from '../customers/index.ts';
import { queueMessages, type QueueMessageInput } from '../messaging/index.ts';
import { groupDefaultZone } from '../org/index.ts';
import { contactBlock, contactRules, releaseFor, suppressed } from './contact-rules.service.ts';
import { cancelNoticeContents } from './event-cancel-texts.ts';
import { careChannelOf } from './event-care-texts.ts';
import { eventCancellation, guestSequence } from './event-calendar.ts';
import { startsLocal } from './event-times.ts';
import { linkSignerFor, publicBaseUrl, unsubscribeLink, eventPageLink } from './links.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import type { CampaignChannel } from './schema.ts';
import { type EventCancelContext, compiledPerLanguage } from './templates.ts';
import { textWithUnsubscribe, withUnsubscribeFooter } from './unsubscribe.ts';

/**
 * Cancellation notices of an event, written in the cancelling transaction:
 * - `guest`: a guest who held a place cancelled it through his page. By e-mail only (an SMS
 *   event's guest has no calendar entry to remove, and his page has just said it), sent at
 *   once: it answers what he did a moment ago, so quiet hours do not hold it.
 * - `event`: staff cancelled the event: everyone registered or waiting (not walk-ins), on the
 *   reminders' channel, within quiet hours (held past the start: `too_late`).
 * Like the change notice it goes under marketing consent (the outbox reads it: without it the
 * message stays `blocked`, `no_consent`), do-not-contact stops it, and it is a `notice`: the
 * frequency cap neither stops it nor counts it (news about his own registration). A guest who
 * held a place gets the METHOD:CANCEL file with his UID and a SEQUENCE above his last file's.
 */
export type CancelledEvent = {
  id: string;
  name: string;
  channel: CampaignChannel;
  dealerId: string | null;
  defaultLanguage: Language;
  timeZone: string;
  venue: string | null;
  startsAt: Date;
  endsAt: Date | null;
  /** the event's change counter after the cancellation (an event cancel raises it) */
  sequence: number;
};

type Who = { guest: string } | { everyone: true };

type CancelRow = RecipientRow & {
  suppressed: boolean;
  held_place: boolean;
  calendar_steps: number | null;
};

const pageSize = 500;

function audience(tx: Tx, campaignId: string, who: Who) {
  const registrations = tx
    .selectFrom('marketing_event_registrations as r')
    .select('r.customer_id')
    .where('r.campaign_id', '=', campaignId)
    .where('r.walk_in', '=', false);
  return 'guest' in who
    ? registrations.where('r.customer_id', '=', who.guest)
    : registrations.where('r.status', 'in', ['registered', 'waitlisted']);
}

/**
 * Holds back reminders still waiting in the outbox (quiet hours held them): they say the
 * event is on, and an e-mail one would put the calendar entry back. `guest`: his only.
 */
export async function holdBackReminders(
  tx: Tx,
  campaignId: string,
  reason: 'registration_cancelled' | 'event_cancelled',
  guest?: string,
): Promise<void> {
  const held = await tx
    .updateTable('outbox_messages')
    .set({ status: 'blocked', blocked_reason: reason })
    .where('status', '=', 'queued')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('marketing_event_messages')
        .select('message_id')
        .where('campaign_id', '=', campaignId)
        .where('kind', 'in', ['reminder', 'morning'])
        .where('message_id', 'is not', null)
        .$if(guest !== undefined, (query) => query.where('customer_id', '=', guest!)),
    )
    .returning('id')
    .execute();
  if (held.length === 0) return;
  await tx
    .updateTable('marketing_event_messages')
    .set({ status: 'blocked', blocked_reason: reason })
    .where('campaign_id', '=', campaignId)
    .where(
      'message_id',
      'in',
      held.map((row) => row.id),
    )
    .execute();
}

export async function queueCancelNotices(
  tx: Tx,
  event: CancelledEvent,
  who: Who,
): Promise<{ queued: number; blocked: number }> {
  const byGuest = 'guest' in who;
  const channel = careChannelOf(event.channel);
  const counts = { queued: 0, blocked: 0 };
  if (byGuest && channel !== 'email') return counts;
  const rule = (await contactRules(tx))[channel];
  const groupZone = await groupDefaultZone(tx);
  const signer = await linkSignerFor(tx);
  const base = publicBaseUrl();
  const contents = cancelNoticeContents(channel);
  const template = compiledPerLanguage(channel, contents);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await selectRecipientData(tx.selectFrom('customers as c'), event.dealerId)
      .select((eb) => [
        suppressed(eb.ref('c.id'), channel).as('suppressed'),
        // the guest's own cancel is only asked for one who held a place
        (byGuest
          ? sql<boolean>`true`
          : sql<boolean>`exists (select 1 from marketing_event_registrations h
              where h.campaign_id = ${event.id} and h.customer_id = c.id
                and h.status = 'registered')`
        ).as('held_place'),
        sql<number | null>`(select h.calendar_steps from marketing_event_registrations h
          where h.campaign_id = ${event.id} and h.customer_id = c.id)`.as('calendar_steps'),
      ])
      .where('c.id', 'in', audience(tx, event.id, who))
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(pageSize)
      .execute()) as CancelRow[];
    if (rows.length === 0) break;
    const at = new Date();
    const messages: QueueMessageInput[] = [];
    for (const row of rows) {
      const language = row.preferred_language ?? event.defaultLanguage;
      const unsubscribe = unsubscribeLink(signer, base, { customerId: row.id, channel });
      const plain = messageContext(row, language, unsubscribe);
      const email = channel === 'email';
      const cancel: EventCancelContext = { byGuest, registered: email && row.held_place };
      const context = {
        ...plain,
        links: { ...plain.links, register: eventPageLink(signer, base, event.id, row.id) },
        event: {
          name: event.name,
          venue: event.venue,
          startsLocal: startsLocal(event.startsAt, event.timeZone, language, event.endsAt),
        },
        cancel,
      };
      const compiledTemplate = await template(language);
      const text = compiledTemplate.text(context);
      const notBefore = byGuest ? at : releaseFor(at, rule, row, groupZone);
      const sequence = guestSequence(event.sequence, row.calendar_steps);
      messages.push({
        customerId: row.id,
        dealerId: event.dealerId,
        channel,
        purpose: 'marketing',
        notice: true,
        recipient: email ? row.email : row.phone,
        subject: email ? compiledTemplate.subject(context) : null,
        body: email ? textWithUnsubscribe(text, unsubscribe) : text,
        html: email ? withUnsubscribeFooter(compiledTemplate.html(context), unsubscribe) : null,
        ...(cancel.registered && row.email
          ? {
              attachments: [
                eventCancellation(
                  {
                    id: event.id,
                    name: event.name,
                    venue: event.venue,
                    startsAt: event.startsAt,
                    endsAt: event.endsAt,
                    sequence,
                  },
                  row.id,
                  row.email,
                ),
              ],
            }
          : {}),
        // the guest's sequence moves with each cancel of his, so each is its own message
        idempotencyKey: `event:${event.id}:${row.id}:${byGuest ? 'cancel' : 'event-cancel'}:${sequence}`,
        source: { kind: 'event_cancel', id: event.id },
        notBefore,
        blockedBy:
          contactBlock({ suppressed: row.suppressed, recent: 0 }, rule, false) ??
          (notBefore >= event.startsAt ? 'too_late' : null),
      });
    }
    for (const result of await queueMessages(tx, messages)) counts[result.status] += 1;
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.id;
  }
  return counts;
}
