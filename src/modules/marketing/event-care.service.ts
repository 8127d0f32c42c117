import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Language } from '../customers/index.ts';
import { dealerZone } from '../org/index.ts';
import { careContents } from './event-care-texts.ts';
import { careTimes, feedbackCatchUpMs, startsLocal, type CareTimes } from './event-times.ts';
import { expiresIn, linkSignerFor, publicBaseUrl, unsubscribeDays } from './links.ts';
import type { EventMessageKind } from './schema.ts';
import { sendTemplatedMessage } from './send-one.ts';
import type { MessageContext } from './templates.ts';

/**
 * Event care (seed 001: reminders before the show, feedback after it), one pass of the
 * periodic job. Each pass looks at what is due *now*, so a pass after downtime catches up;
 * what was written is recorded per registration and kind (marketing_event_messages) in the
 * same transaction as the outbox message, whose idempotency key (campaign, person, kind) is the
 * second wall: a rerun, a restart or two servers never send twice. Every message goes through
 * sendTemplatedMessage, so consent, do-not-contact, frequency caps and quiet hours are those
 * of campaign messages.
 */
export type CareReport = Record<EventMessageKind, number>;

type CareEvent = {
  id: string;
  name: string;
  channel: string;
  dealer_id: string | null;
  event_venue: string | null;
  event_starts_at: Date;
  event_reminder_hours: number | null;
  event_morning_reminder: boolean;
  event_feedback: boolean;
  default_language: Language;
  time_zone: string;
};

/** the longest reminder lead the settings allow (0195's check), in hours */
const maxReminderHours = 720;

/** Events whose care may be due: not cancelled, starting soon or just over. */
async function eventsInCare(db: Db, now: Date): Promise<CareEvent[]> {
  const rows = await db
    .selectFrom('marketing_campaigns as m')
    .select([
      'm.id',
      'm.name',
      'm.channel',
      'm.dealer_id',
      'm.event_venue',
      'm.event_starts_at',
      'm.event_reminder_hours',
      'm.event_morning_reminder',
      'm.event_feedback',
      'm.default_language',
    ])
    // a group or brand event has no showroom of its own: the group's zone
    .select((eb) => dealerZone(eb.ref('m.dealer_id')).as('time_zone'))
    .where('m.kind', '=', 'event')
    .where('m.status', '<>', 'cancelled')
    .where('m.event_starts_at', '>', new Date(now.getTime() - feedbackCatchUpMs - 2 * 86_400_000))
    .where('m.event_starts_at', '<', new Date(now.getTime() + maxReminderHours * 3_600_000))
    .execute();
  return rows as CareEvent[];
}

type Due = { kind: EventMessageKind; dueAt: Date };

/** What is due now for an event; a late pass sends only the latest reminder, not both. */
export function dueKinds(times: CareTimes, startsAt: Date, now: Date): Due[] {
  const due: Due[] = [];
  const beforeStart = now < startsAt;
  if (beforeStart && times.morning && times.morning <= now) {
    due.push({ kind: 'morning', dueAt: times.morning });
  } else if (beforeStart && times.reminder && times.reminder <= now) {
    due.push({ kind: 'reminder', dueAt: times.reminder });
  }
  if (
    times.feedback &&
    times.feedback <= now &&
    now.getTime() < times.feedback.getTime() + feedbackCatchUpMs
  ) {
    due.push({ kind: 'feedback', dueAt: times.feedback });
  }
  return due;
}

/**
 * Who gets a kind now: reminders go to people holding a place (registered, not walk-ins, not
 * yet there) who registered before it fell due (a later registration has just seen the
 * confirmation); the feedback request to everybody who came, walk-ins included.
 */
async function recipientsOf(db: Db, event: CareEvent, due: Due): Promise<string[]> {
  let query = db
    .selectFrom('marketing_event_registrations as r')
    .select('r.customer_id')
    .where('r.campaign_id', '=', event.id)
    .where('r.status', '=', 'registered')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('marketing_event_messages as x')
            .select(sql`1`.as('one'))
            .whereRef('x.campaign_id', '=', 'r.campaign_id')
            .whereRef('x.customer_id', '=', 'r.customer_id')
            // after the morning one, the earlier reminder is pointless
            .where('x.kind', 'in', due.kind === 'reminder' ? ['reminder', 'morning'] : [due.kind]),
        ),
      ),
    );
  query =
    due.kind === 'feedback'
      ? query.where('r.attended_at', 'is not', null)
      : query
          .where('r.walk_in', '=', false)
          .where('r.attended_at', 'is', null)
          .where('r.registered_at', '<', due.dueAt);
  const rows = await query.orderBy('r.customer_id').execute();
  return rows.map((row) => row.customer_id);
}

export async function runEventCare(db: Db, now = new Date()): Promise<CareReport> {
  const report: CareReport = { reminder: 0, morning: 0, feedback: 0 };
  const events = await eventsInCare(db, now);
  if (events.length === 0) return report;
  const signer = await linkSignerFor(db);
  const base = publicBaseUrl();
  for (const event of events) {
    const times = careTimes(
      {
        startsAt: event.event_starts_at,
        reminderHours: event.event_reminder_hours,
        morningReminder: event.event_morning_reminder,
        feedback: event.event_feedback,
      },
      event.time_zone,
    );
    // calls and letters have no outbox channel: their events are reminded by e-mail
    const channel = event.channel === 'sms' ? 'sms' : 'email';
    for (const due of dueKinds(times, event.event_starts_at, now)) {
      const contents = careContents(due.kind, channel);
      for (const customerId of await recipientsOf(db, event, due)) {
        const link = (k: 'event' | 'feedback') =>
          signer.sign({ k, c: event.id, p: customerId, e: expiresIn(unsubscribeDays) });
        const decorate = (context: MessageContext, language: Language): MessageContext => ({
          ...context,
          links: {
            ...context.links,
            register: `${base}/m/e?t=${link('event')}`,
            ...(due.kind === 'feedback' ? { feedback: `${base}/m/f?t=${link('feedback')}` } : {}),
          },
          event: {
            name: event.name,
            venue: event.event_venue,
            startsLocal: startsLocal(event.event_starts_at, event.time_zone, language),
          },
        });
        await withActor(db, systemActor('job'), async (tx) => {
          const message = await sendTemplatedMessage(tx, {
            customerId,
            channel,
            contents,
            defaultLanguage: event.default_language,
            dealerId: event.dealer_id,
            idempotencyKey: `event:${event.id}:${customerId}:${due.kind}`,
            source: { kind: 'event_care', id: event.id },
            purpose: due.kind === 'feedback' ? 'surveys' : 'marketing',
            decorate,
            ...(due.kind === 'feedback' ? {} : { notAfter: event.event_starts_at }),
          });
          const written = await tx
            .insertInto('marketing_event_messages')
            .values({
              campaign_id: event.id,
              customer_id: customerId,
              kind: due.kind,
              message_id: message.id,
              status: message.status,
              blocked_reason: message.status === 'blocked' ? message.reason : null,
            })
            .onConflict((oc) => oc.columns(['campaign_id', 'customer_id', 'kind']).doNothing())
            .returning('kind')
            .execute();
          report[due.kind] += written.length;
        });
      }
    }
  }
  return report;
}
