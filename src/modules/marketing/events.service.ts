import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { customerVisible, systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { wakeOutbox } from '../messaging/index.ts';
import { dealerZone } from '../org/index.ts';
import { loadRow } from './campaigns.service.ts';
import { assertMayMark, eventAttendanceRule, markableStatus } from './event-attendance.ts';
import {
  holdBackReminders,
  queueCancelNotices,
  type CancelledEvent,
} from './event-cancel-notices.ts';
import type { Language } from '../customers/index.ts';
import type { CampaignChannel, CampaignStatus, RegistrationStatus } from './schema.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * Event campaigns (seed 001's show): registration through the person's signed link, a waitlist
 * beyond the capacity, promotion from the waitlist when a place frees up, attendance.
 *
 * Places are counted and given under a row lock on the campaign, so two people registering at
 * the same moment for the last place cannot both get it. Only what changes the places takes the
 * lock (registering, cancelling, a walk-in); the person's page reads without it, so opening
 * the link never waits behind, nor holds up, a registration.
 */
export type EventPlace = {
  status: RegistrationStatus;
  /** 1-based place on the waitlist; null when registered or cancelled */
  waitlistPosition: number | null;
  /** timeZone: the dealer's (else the group's), so the page shows the showroom's clock */
  event: {
    name: string;
    venue: string | null;
    startsAt: string;
    /** null: a start only (0226) */
    endsAt: string | null;
    timeZone: string;
    /** staff cancelled the event (event-cancel.service.ts): the page offers nothing */
    cancelled: boolean;
  };
};

export type EventRow = {
  id: string;
  name: string;
  kind: string;
  status: CampaignStatus;
  channel: CampaignChannel;
  dealer_id: string | null;
  default_language: Language;
  event_venue: string | null;
  event_starts_at: Date | null;
  event_ends_at: Date | null;
  event_capacity: number | null;
  event_sequence: number;
  event_reminder_hours: number | null;
  event_morning_reminder: boolean;
  event_feedback: boolean;
  time_zone: string;
};

/**
 * The event; `lock`: the campaign row's lock, taken by every change of the places (registering,
 * cancelling, a walk-in, changing the event's details).
 */
export async function readEvent(db: Db, campaignId: string, lock: boolean): Promise<EventRow> {
  const row = await db
    .selectFrom('marketing_campaigns')
    .select([
      'id',
      'name',
      'kind',
      'status',
      'channel',
      'dealer_id',
      'default_language',
      'event_venue',
      'event_starts_at',
      'event_ends_at',
      'event_capacity',
      'event_sequence',
      'event_reminder_hours',
      'event_morning_reminder',
      'event_feedback',
    ])
    .select((eb) => dealerZone(eb.ref('dealer_id')).as('time_zone'))
    .where('id', '=', campaignId)
    .$if(lock, (query) => query.forUpdate())
    .executeTakeFirst();
  if (!row || row.kind !== 'event' || !row.event_starts_at) throw new NotFoundError('Event');
  return row;
}

async function placeOf(tx: Db, event: EventRow, customerId: string): Promise<EventPlace | null> {
  const row = await tx
    .selectFrom('marketing_event_registrations as r')
    .select([
      'r.status',
      sql<number | null>`case when r.status = 'waitlisted' then (
        select count(*)::int from marketing_event_registrations w
         where w.campaign_id = r.campaign_id and w.status = 'waitlisted'
           and (w.registered_at, w.customer_id) <= (r.registered_at, r.customer_id)) end`.as(
        'position',
      ),
    ])
    .where('r.campaign_id', '=', event.id)
    .where('r.customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    status: row.status,
    waitlistPosition: row.position,
    event: eventView(event),
  };
}

function eventView(event: EventRow): EventPlace['event'] {
  return {
    name: event.name,
    venue: event.event_venue,
    startsAt: event.event_starts_at!.toISOString(),
    endsAt: event.event_ends_at?.toISOString() ?? null,
    timeZone: event.time_zone,
    cancelled: event.status === 'cancelled',
  };
}

/** What the person's page shows: the event and his place (null: not registered yet). */
export async function eventPlace(
  db: Db,
  campaignId: string,
  customerId: string,
): Promise<{ event: EventPlace['event']; place: EventPlace | null }> {
  const event = await readEvent(db, campaignId, false);
  return { event: eventView(event), place: await placeOf(db, event, customerId) };
}

/** Places held by registration; walk-ins never held one, so they do not fill the event. */
export async function placesTaken(tx: Db, campaignId: string): Promise<number> {
  const { n } = await tx
    .selectFrom('marketing_event_registrations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'registered')
    .where('walk_in', '=', false)
    .executeTakeFirstOrThrow();
  return n;
}

/** Give `places` freed or added places to the waitlist, in its order; answers how many moved. */
export async function promoteFromWaitlist(
  tx: Db,
  campaignId: string,
  places: number,
): Promise<number> {
  const moved = await sql`update marketing_event_registrations set status = 'registered'
    where campaign_id = ${campaignId} and customer_id in (
      select customer_id from marketing_event_registrations
       where campaign_id = ${campaignId} and status = 'waitlisted'
       order by registered_at, customer_id limit ${places})`.execute(tx);
  return Number(moved.numAffectedRows ?? 0);
}

/**
 * Register the person: a place while there is one, else the back of the waitlist. Registering
 * again is a no-op; after a cancellation it queues again from now. Closed once the event began.
 */
export async function registerForEvent(
  db: Db,
  campaignId: string,
  customerId: string,
  now = new Date(),
): Promise<EventPlace> {
  return withActor(db, systemActor('api'), async (tx) => {
    const event = await readEvent(tx, campaignId, true);
    if (event.event_starts_at! <= now)
      throw new ConflictError('The event has begun').because('event_begun');
    if (event.status === 'cancelled')
      throw new ConflictError('The event is cancelled').because('event_cancelled');
    const existing = await placeOf(tx, event, customerId);
    if (existing && existing.status !== 'cancelled') return existing;
    const status: RegistrationStatus =
      (await placesTaken(tx, campaignId)) < event.event_capacity! ? 'registered' : 'waitlisted';
    await tx
      .insertInto('marketing_event_registrations')
      .values({ campaign_id: campaignId, customer_id: customerId, status, registered_at: now })
      .onConflict((oc) =>
        oc.columns(['campaign_id', 'customer_id']).doUpdateSet({
          status,
          registered_at: now,
          cancelled_at: null,
          cancelled_by: null,
          cancel_reason: null,
          attended_at: null,
          attendance_by: null,
          walk_in: false,
          // his next calendar file must pass the CANCEL file he got (0238)
          calendar_steps: sql<number>`marketing_event_registrations.calendar_steps + 1`,
        }),
      )
      .execute();
    return (await placeOf(tx, event, customerId))!;
  });
}

/** The event as its cancellation notices need it; `sequence` after the cancel (the event's own). */
export function cancelledEvent(event: EventRow, sequence = event.event_sequence): CancelledEvent {
  return {
    id: event.id,
    name: event.name,
    channel: event.channel,
    dealerId: event.dealer_id,
    defaultLanguage: event.default_language,
    timeZone: event.time_zone,
    venue: event.event_venue,
    startsAt: event.event_starts_at!,
    endsAt: event.event_ends_at,
    sequence,
  };
}

/** Who cancels a registration: the guest from his page, or staff for him (with a reason). */
export type Canceller =
  { guest: true } | { staff: { userId: string | null; reason: string | null } };

export type CancelOutcome = {
  /** he held a place of the capacity (registered, not a walk-in) */
  heldPlace: boolean;
  /** people moved up from the waitlist into his place (0 or 1) */
  promoted: number;
  /** his cancellation notice: queued, or kept blocked (consent, rules); none for some cancels */
  notices: { queued: number; blocked: number };
};

/**
 * One registration cancelled, in the caller's transaction, `event` read under the campaign
 * row's lock: the guest's own cancel and staff's go the same way. A freed place goes to the
 * first on the waitlist, his reminders still waiting are held back, and he is told
 * (event-cancel-notices.ts): after his own cancel by e-mail only if he held a place (the file
 * that takes the entry out of his calendar); after staff's, holding or waiting, on the
 * reminders' channel. A walk-in never held a place: nobody moves up and nobody is told. Null:
 * no registration to cancel (none, or cancelled already).
 */
export async function cancelPlace(
  tx: Tx,
  event: EventRow,
  customerId: string,
  by: Canceller,
  now: Date,
): Promise<CancelOutcome | null> {
  const existing = await tx
    .selectFrom('marketing_event_registrations')
    .select(['status', 'walk_in'])
    .where('campaign_id', '=', event.id)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!existing || existing.status === 'cancelled') return null;
  const staff = 'staff' in by ? by.staff : null;
  await tx
    .updateTable('marketing_event_registrations')
    .set({
      status: 'cancelled',
      cancelled_at: now,
      cancelled_by: staff?.userId ?? null,
      cancel_reason: staff?.reason ?? null,
      attended_at: null,
      walk_in: false,
      // the CANCEL file's SEQUENCE is above his last file's (0238)
      calendar_steps: sql<number>`calendar_steps + 1`,
    })
    .where('campaign_id', '=', event.id)
    .where('customer_id', '=', customerId)
    .execute();
  const heldPlace = existing.status === 'registered' && !existing.walk_in;
  const outcome: CancelOutcome = { heldPlace, promoted: 0, notices: { queued: 0, blocked: 0 } };
  // a walk-in's place was never one of the capacity: nobody moves up when he leaves
  if (existing.walk_in) return outcome;
  if (heldPlace) outcome.promoted = await promoteFromWaitlist(tx, event.id, 1);
  await holdBackReminders(tx, event.id, 'registration_cancelled', customerId);
  // his own page has just told one who was waiting; staff's cancel he has not seen
  if (!heldPlace && !staff) return outcome;
  outcome.notices = await queueCancelNotices(tx, cancelledEvent(event), {
    guest: customerId,
    byStaff: staff !== null,
    heldPlace,
  });
  return outcome;
}

/** The guest cancels his registration from his page (`/m/e`); see `cancelPlace`. */
export async function cancelRegistration(
  db: Db,
  campaignId: string,
  customerId: string,
  now = new Date(),
): Promise<EventPlace | null> {
  const { place, queued } = await withActor(db, systemActor('api'), async (tx) => {
    const event = await readEvent(tx, campaignId, true);
    const outcome = await cancelPlace(tx, event, customerId, { guest: true }, now);
    return { place: await placeOf(tx, event, customerId), queued: outcome?.notices.queued ?? 0 };
  });
  if (queued > 0) wakeOutbox(db);
  return place;
}

export type RegistrationView = {
  customerId: string;
  displayName: string;
  status: RegistrationStatus;
  registeredAt: string;
  attendedAt: string | null;
  /** came without registering: marked at the door */
  walkIn: boolean;
  /** the 1-5 answer to the feedback request, if given */
  feedbackRating: number | null;
  cancelledAt: string | null;
  /** staff who cancelled it (0246); null: the guest himself, or not cancelled */
  cancelledBy: { id: string; name: string } | null;
  /** staff's reason, for the record */
  cancelReason: string | null;
};

/**
 * The event's list for staff: counts and the people of their scope, in queue order, with
 * whether the reader may mark attendance now (the rule the attendance route checks).
 */
export async function eventRegistrations(
  db: Db,
  actor: Actor,
  campaignId: string,
  now = new Date(),
) {
  requireMarketing(actor);
  const campaign = await loadRow(db, actor, campaignId);
  if (campaign.kind !== 'event') throw new NotFoundError('Event');
  const attendance = await eventAttendanceRule(db, actor, campaign, now);
  const rows = await db
    .selectFrom('marketing_event_registrations as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('users as u', 'u.id', 'r.cancelled_by')
    .select([
      'r.customer_id',
      'c.display_name',
      'r.status',
      'r.registered_at',
      'r.attended_at',
      'r.walk_in',
      'r.feedback_rating',
      'r.cancelled_at',
      'r.cancelled_by',
      'r.cancel_reason',
      'u.display_name as cancelled_by_name',
    ])
    .where('r.campaign_id', '=', campaignId)
    .where(customerVisible(actor, sql.ref('r.customer_id')))
    .orderBy(sql`case r.status when 'registered' then 0 when 'waitlisted' then 1 else 2 end`)
    .orderBy('r.registered_at')
    .orderBy('r.customer_id')
    .execute();
  const count = (status: RegistrationStatus) =>
    rows.filter((r) => r.status === status && !r.walk_in).length;
  const walkIns = rows.filter((r) => r.walk_in).length;
  const capacity = campaign.event_capacity ?? 0;
  return {
    capacity,
    /** places taken by registration; walk-ins are counted apart */
    registered: count('registered'),
    walkIns,
    /** people expected or there beyond the places: walk-ins may overfill the room */
    overCapacity: Math.max(0, count('registered') + walkIns - capacity),
    waitlisted: count('waitlisted'),
    cancelled: count('cancelled'),
    attended: rows.filter((r) => r.attended_at !== null).length,
    attendance,
    items: rows.map((row): RegistrationView => ({
      customerId: row.customer_id,
      displayName: row.display_name,
      status: row.status,
      registeredAt: row.registered_at.toISOString(),
      attendedAt: row.attended_at?.toISOString() ?? null,
      walkIn: row.walk_in,
      feedbackRating: row.feedback_rating,
      cancelledAt: row.cancelled_at?.toISOString() ?? null,
      cancelledBy: row.cancelled_by
        ? { id: row.cancelled_by, name: row.cancelled_by_name ?? '' }
        : null,
      cancelReason: row.cancel_reason,
    })),
  };
}

/**
 * Mark who came (or undo it): registered people of the user's scope only, in one statement,
 * from the event's day (event-attendance.ts). Answers how many rows changed; people not
 * registered are left alone and not counted.
 */
export async function markAttendance(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: { customerIds: string[]; attended: boolean },
  now = new Date(),
): Promise<{ updated: number }> {
  requireMarketing(actor, true);
  const campaign = await loadRow(db, actor, campaignId);
  if (campaign.kind !== 'event') throw new NotFoundError('Event');
  if (input.attended) assertMayMark(await eventAttendanceRule(db, actor, campaign, now));
  const result = await withActor(db, actor, async (tx) => {
    if (!input.attended) {
      // a walk-in is only a registration because he came: undoing it removes him
      await tx
        .deleteFrom('marketing_event_registrations as r')
        .where('r.campaign_id', '=', campaignId)
        .where('r.walk_in', '=', true)
        .where('r.customer_id', 'in', input.customerIds)
        .where(customerVisible(actor, sql.ref('r.customer_id')))
        .execute();
    }
    return tx
      .updateTable('marketing_event_registrations as r')
      .set({
        attended_at: input.attended ? now : null,
        attendance_by: input.attended ? actor.userId : null,
      })
      .where('r.campaign_id', '=', campaignId)
      .where('r.status', '=', markableStatus)
      .where('r.customer_id', 'in', input.customerIds)
      .where(customerVisible(actor, sql.ref('r.customer_id')))
      .executeTakeFirst();
  });
  return { updated: Number(result.numUpdatedRows) };
}
