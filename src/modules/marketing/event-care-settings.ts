import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { assertMayRun, loadRow } from './campaigns.service.ts';
import { requireMarketing } from './segments.service.ts';

/** An event's care settings and what the care job did, for the campaign page. */
export type EventCareSettings = {
  /** hours before the start; null: no reminder */
  reminderHoursBefore: number | null;
  morningReminder: boolean;
  feedback: boolean;
};

export type EventCareView = EventCareSettings & {
  /** messages written per kind: queued (on the way or sent) and blocked (consent, rules) */
  reminders: { queued: number; blocked: number };
  morningReminders: { queued: number; blocked: number };
  feedbackRequests: { queued: number; blocked: number };
  /** the attendees' 1-5 answers: average (null: none yet) and how many */
  rating: { average: number | null; count: number };
};

async function eventRow(db: Db, actor: Actor, campaignId: string) {
  const campaign = await loadRow(db, actor, campaignId);
  if (campaign.kind !== 'event') throw new NotFoundError('Event');
  return campaign;
}

/** Counts over the people of the actor's scope, like the registrations list. */
export async function eventCare(db: Db, actor: Actor, campaignId: string): Promise<EventCareView> {
  requireMarketing(actor);
  // the campaign row loadRow read (scope-checked) holds the settings: no second read
  const settings = await eventRow(db, actor, campaignId);
  const messages = await db
    .selectFrom('marketing_event_messages as x')
    .select(['x.kind', 'x.status', sql<number>`count(*)::int`.as('n')])
    .where('x.campaign_id', '=', campaignId)
    .where(customerVisible(actor, sql.ref('x.customer_id')))
    .groupBy(['x.kind', 'x.status'])
    .execute();
  const rating = await db
    .selectFrom('marketing_event_registrations as r')
    .select([
      sql<string | null>`round(avg(r.feedback_rating), 2)`.as('average'),
      sql<number>`count(r.feedback_rating)::int`.as('count'),
    ])
    .where('r.campaign_id', '=', campaignId)
    .where(customerVisible(actor, sql.ref('r.customer_id')))
    .executeTakeFirstOrThrow();
  const counted = (kind: string) => ({
    queued: messages.find((m) => m.kind === kind && m.status === 'queued')?.n ?? 0,
    blocked: messages.find((m) => m.kind === kind && m.status === 'blocked')?.n ?? 0,
  });
  return {
    reminderHoursBefore: settings.event_reminder_hours,
    morningReminder: settings.event_morning_reminder,
    feedback: settings.event_feedback,
    reminders: counted('reminder'),
    morningReminders: counted('morning'),
    feedbackRequests: counted('feedback'),
    rating: {
      average: rating.average === null ? null : Number(rating.average),
      count: rating.count,
    },
  };
}

/** Changes apply to what is not yet due: what went out stays out. */
export async function saveEventCare(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: EventCareSettings,
): Promise<EventCareView> {
  requireMarketing(actor, true);
  // seeing an event (a dealer sees the group's) is not running it
  const event = await eventRow(db, actor, campaignId);
  assertMayRun(actor, event);
  // a cancelled event has no care left to plan: its reminders were held back (event-cancel)
  if (event.status === 'cancelled')
    throw new ConflictError('The event is cancelled').because('event_cancelled');
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('marketing_campaigns')
      .set({
        event_reminder_hours: input.reminderHoursBefore,
        event_morning_reminder: input.morningReminder,
        event_feedback: input.feedback,
        updated_at: new Date(),
      })
      .where('id', '=', campaignId)
      .execute(),
  );
  return eventCare(db, actor, campaignId);
}
