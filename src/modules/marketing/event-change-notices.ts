import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Language } from '../customers/index.ts';
import { queueMessages, type QueueMessageInput } from '../messaging/index.ts';
import { groupDefaultZone } from '../org/index.ts';
import { contactBlock, contactRules, releaseFor, suppressed } from './contact-rules.service.ts';
import { changeNoticeContents } from './event-change-texts.ts';
import { careChannelOf } from './event-care-texts.ts';
import { eventCalendar, guestSequence } from './event-calendar.ts';
import { startsLocal } from './event-times.ts';
import { linkSignerFor, publicBaseUrl, unsubscribeLink, eventPageLink } from './links.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import type { CampaignChannel } from './schema.ts';
import { type EventChangeContext, compiledPerLanguage } from './templates.ts';
import { textWithUnsubscribe, withUnsubscribeFooter } from './unsubscribe.ts';

/**
 * The change notices of an event whose venue or time moved: to everyone holding a place or
 * waiting for one, and (`invited`) to everyone whose invitation went and who has not answered;
 * a cancelled registration is a "no" and gets nothing. On the channel the reminders use, in the
 * person's language, through the outbox like the reminders: consent for the channel (the outbox
 * reads it), do-not-contact and quiet hours. No frequency cap: it is news about his own
 * registration, not one more offer; marked a `notice` (0237), it does not count towards the
 * cap of later offers either. Written in the change's transaction, so a change that fails
 * sends nothing; the key (event, person, sequence) makes each change one notice a person.
 */
export type ChangedEvent = {
  id: string;
  name: string;
  channel: CampaignChannel;
  dealerId: string | null;
  defaultLanguage: Language;
  timeZone: string;
  sequence: number;
  /** endsAt null: the event has a start only (0226) */
  old: { venue: string | null; startsAt: Date; endsAt: Date | null };
  new: { venue: string | null; startsAt: Date; endsAt: Date | null };
};

type NoticeRow = RecipientRow & {
  suppressed: boolean;
  registered: boolean;
  calendar_steps: number | null;
};

const pageSize = 500;

/** Who is told: registered and waiting people, and the silent invitees when asked. */
function noticeAudience(tx: Tx, campaignId: string, invited: boolean) {
  const registrations = tx
    .selectFrom('marketing_event_registrations as r')
    .select('r.customer_id')
    .where('r.campaign_id', '=', campaignId)
    .where('r.status', 'in', ['registered', 'waitlisted'])
    // a walk-in is let in at the door: he never answered the invitation
    .where('r.walk_in', '=', false);
  if (!invited) return registrations;
  return registrations.union(
    tx
      .selectFrom('marketing_campaign_recipients as i')
      .select('i.customer_id')
      .where('i.campaign_id', '=', campaignId)
      // only those the invitation reached: a blocked one was never seen
      .where('i.status', '=', 'queued')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('marketing_event_registrations as d')
              .select(sql`1`.as('one'))
              .whereRef('d.campaign_id', '=', 'i.campaign_id')
              .whereRef('d.customer_id', '=', 'i.customer_id'),
          ),
        ),
      ),
  );
}

export async function queueChangeNotices(
  tx: Tx,
  event: ChangedEvent,
  options: { invited: boolean },
): Promise<{ queued: number; blocked: number }> {
  const channel = careChannelOf(event.channel);
  const rule = (await contactRules(tx))[channel];
  const groupZone = await groupDefaultZone(tx);
  const signer = await linkSignerFor(tx);
  const base = publicBaseUrl();
  const contents = changeNoticeContents(channel);
  const template = compiledPerLanguage(channel, contents);
  // what moved is the event's, the same for every person
  const timeChanged =
    event.old.startsAt.getTime() !== event.new.startsAt.getTime() ||
    event.old.endsAt?.getTime() !== event.new.endsAt?.getTime();
  const venueChanged = event.old.venue !== event.new.venue;
  const counts = { queued: 0, blocked: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await selectRecipientData(tx.selectFrom('customers as c'), event.dealerId)
      .select((eb) => [
        suppressed(eb.ref('c.id'), channel).as('suppressed'),
        sql<boolean>`exists (select 1 from marketing_event_registrations h
          where h.campaign_id = ${event.id} and h.customer_id = c.id
            and h.status = 'registered')`.as('registered'),
        sql<number | null>`(select h.calendar_steps from marketing_event_registrations h
          where h.campaign_id = ${event.id} and h.customer_id = c.id)`.as('calendar_steps'),
      ])
      .where('c.id', 'in', noticeAudience(tx, event.id, options.invited))
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(pageSize)
      .execute()) as NoticeRow[];
    if (rows.length === 0) break;
    const at = new Date();
    const messages: QueueMessageInput[] = [];
    for (const row of rows) {
      const language = row.preferred_language ?? event.defaultLanguage;
      const unsubscribe = unsubscribeLink(signer, base, { customerId: row.id, channel });
      const plain = messageContext(row, language, unsubscribe);
      const change: EventChangeContext = {
        timeChanged,
        venueChanged,
        oldStartsLocal: startsLocal(event.old.startsAt, event.timeZone, language, event.old.endsAt),
        newStartsLocal: startsLocal(event.new.startsAt, event.timeZone, language, event.new.endsAt),
        oldVenue: event.old.venue,
        newVenue: event.new.venue,
        registered: row.registered,
      };
      const context = {
        ...plain,
        links: { ...plain.links, register: eventPageLink(signer, base, event.id, row.id) },
        event: { name: event.name, venue: event.new.venue, startsLocal: change.newStartsLocal },
        change,
      };
      const compiledTemplate = await template(language);
      const text = compiledTemplate.text(context);
      const email = channel === 'email';
      const notBefore = releaseFor(at, rule, row, groupZone);
      messages.push({
        customerId: row.id,
        dealerId: event.dealerId,
        channel,
        purpose: 'marketing',
        // news about his own registration: the frequency cap does not count it (0237)
        notice: true,
        recipient: email ? row.email : row.phone,
        subject: email ? compiledTemplate.subject(context) : null,
        body: email ? textWithUnsubscribe(text, unsubscribe) : text,
        html: email ? withUnsubscribeFooter(compiledTemplate.html(context), unsubscribe) : null,
        // a guest holding a place gets his calendar entry again: same UID, the new SEQUENCE
        ...(email && row.registered
          ? {
              attachments: [
                eventCalendar(
                  {
                    ...event.new,
                    id: event.id,
                    name: event.name,
                    sequence: guestSequence(event.sequence, row.calendar_steps),
                  },
                  row.id,
                  context.links.register,
                ),
              ],
            }
          : {}),
        idempotencyKey: `event:${event.id}:${row.id}:change:${event.sequence}`,
        source: { kind: 'event_change', id: event.id },
        notBefore,
        blockedBy:
          contactBlock({ suppressed: row.suppressed, recent: 0 }, rule, false) ??
          // quiet hours holding it past the new start make it pointless
          (notBefore >= event.new.startsAt ? 'too_late' : null),
      });
    }
    for (const result of await queueMessages(tx, messages)) counts[result.status] += 1;
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.id;
  }
  return counts;
}
