import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Language } from '../customers/index.ts';
import { careChannelOf } from './event-care-texts.ts';
import { eventCalendar } from './event-calendar.ts';
import { changeNoticeContents } from './event-change-texts.ts';
import { startsLocal } from './event-times.ts';
import { queueGuestNotices } from './guest-notices.ts';
import type { CampaignChannel } from './schema.ts';
import type { EventChangeContext } from './templates.ts';

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
  // what moved is the event's, the same for every person
  const timeChanged =
    event.old.startsAt.getTime() !== event.new.startsAt.getTime() ||
    event.old.endsAt?.getTime() !== event.new.endsAt?.getTime();
  const venueChanged = event.old.venue !== event.new.venue;
  return queueGuestNotices(tx, {
    event,
    channel,
    contents: changeNoticeContents(channel),
    audience: noticeAudience(tx, event.id, options.invited),
    quietHours: true,
    // quiet hours holding it past the new start make it pointless
    startsAt: event.new.startsAt,
    source: { kind: 'event_change', id: event.id },
    notice: (row, language, page, sequence) => {
      const change: EventChangeContext = {
        timeChanged,
        venueChanged,
        oldStartsLocal: startsLocal(event.old.startsAt, event.timeZone, language, event.old.endsAt),
        newStartsLocal: startsLocal(event.new.startsAt, event.timeZone, language, event.new.endsAt),
        oldVenue: event.old.venue,
        newVenue: event.new.venue,
        registered: row.registered,
      };
      return {
        context: {
          event: { name: event.name, venue: event.new.venue, startsLocal: change.newStartsLocal },
          change,
        },
        // a guest holding a place gets his calendar entry again: same UID, the new SEQUENCE
        attachment: row.registered
          ? eventCalendar({ ...event.new, id: event.id, name: event.name, sequence }, row.id, page)
          : null,
        idempotencyKey: `event:${event.id}:${row.id}:change:${event.sequence}`,
      };
    },
  });
}
