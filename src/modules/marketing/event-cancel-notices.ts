import type { Tx } from '../../auth/index.ts';
import type { Language } from '../customers/index.ts';
import { holdBackQueuedMessages } from '../messaging/index.ts';
import { cancelNoticeContents } from './event-cancel-texts.ts';
import { careChannelOf } from './event-care-texts.ts';
import { eventCancellation } from './event-calendar.ts';
import { startsLocal } from './event-times.ts';
import { queueGuestNotices } from './guest-notices.ts';
import type { CampaignChannel } from './schema.ts';
import type { EventCancelContext } from './templates.ts';

/**
 * Cancellation notices of an event, written in the cancelling transaction:
 * - `guest`: a guest who held a place cancelled it through his page. By e-mail only (an SMS
 *   event's guest has no calendar entry to remove, and his page has just said it), sent at
 *   once: it answers what he did a moment ago, so quiet hours do not hold it.
 * - `guest` with `byStaff`: staff cancelled his registration, holding or waiting (0246). He
 *   has seen nothing of it, so on the reminders' channel, within quiet hours, as the event's.
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

type Who =
  | {
      guest: string;
      byStaff: boolean;
      /** he held a place before this cancel (his registration reads cancelled by now) */
      heldPlace: boolean;
    }
  | { everyone: true };

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
  reason: 'registration_cancelled' | 'event_cancelled' | 'event_changed',
  guest?: string,
): Promise<number> {
  const waiting = await tx
    .selectFrom('marketing_event_messages')
    .select('message_id')
    .where('campaign_id', '=', campaignId)
    .where('kind', 'in', ['reminder', 'morning'])
    .where('message_id', 'is not', null)
    .$if(guest !== undefined, (query) => query.where('customer_id', '=', guest!))
    .execute();
  // the outbox is messaging's: it blocks its own rows, and says which were still waiting
  const held = await holdBackQueuedMessages(
    tx,
    waiting.map((row) => row.message_id!),
    reason,
  );
  if (held.length === 0) return 0;
  await tx
    .updateTable('marketing_event_messages')
    .set({ status: 'blocked', blocked_reason: reason })
    .where('campaign_id', '=', campaignId)
    .where('message_id', 'in', held)
    .execute();
  return held.length;
}

export async function queueCancelNotices(
  tx: Tx,
  event: CancelledEvent,
  who: Who,
): Promise<{ queued: number; blocked: number }> {
  const one = 'guest' in who;
  const byStaff = one && who.byStaff;
  const byGuest = one && !who.byStaff;
  const channel = careChannelOf(event.channel);
  if (byGuest && channel !== 'email') return { queued: 0, blocked: 0 };
  const email = channel === 'email';
  return queueGuestNotices(tx, {
    event,
    channel,
    contents: cancelNoticeContents(channel),
    audience: audience(tx, event.id, who),
    // one guest's registration reads cancelled already: whether he held a place is given
    allRegistered: one && who.heldPlace,
    quietHours: !byGuest,
    startsAt: event.startsAt,
    source: { kind: 'event_cancel', id: event.id },
    notice: (row, language, _page, sequence) => {
      const cancel: EventCancelContext = { byGuest, byStaff, registered: email && row.registered };
      return {
        context: {
          event: {
            name: event.name,
            venue: event.venue,
            startsLocal: startsLocal(event.startsAt, event.timeZone, language, event.endsAt),
          },
          cancel,
        },
        attachment:
          cancel.registered && row.email
            ? eventCancellation(
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
              )
            : null,
        // the guest's sequence moves with each cancel of his (own or staff's): each its own message
        idempotencyKey: `event:${event.id}:${row.id}:${one ? 'cancel' : 'event-cancel'}:${sequence}`,
      };
    },
  });
}
