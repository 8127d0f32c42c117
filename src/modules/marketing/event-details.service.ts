import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { wakeOutbox } from '../messaging/index.ts';
import { assertMayRun, loadRow, mayChange } from './campaigns.service.ts';
import { queueChangeNotices } from './event-change-notices.ts';
import { followNewTime } from './event-change-reminders.ts';
import type { EventDetailsInput } from './event-details.schemas.ts';
import { placesTaken, promoteFromWaitlist, readEvent } from './events.service.ts';
import type { EventChangeKind } from './schema.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * Changing a sent event's venue, start or places (a test-drive day moved to another site or
 * hour, places added). The content stays as it went out; `PUT /api/campaigns/:id` keeps
 * changing everything until the invitations go. Under the campaign row's lock, as registering
 * takes it, so no registration slips in between counting the places and changing them.
 */
export type EventDetails = {
  venue: string | null;
  startsAt: string;
  /** null: the event has a start only */
  endsAt: string | null;
  places: number;
};

export type EventChangeView = {
  id: string;
  /** 'cancel': the whole event was cancelled (0246); old and new are alike */
  kind: EventChangeKind;
  /** staff's reason (a cancel's) */
  reason: string | null;
  sequence: number;
  changedAt: string;
  changedBy: { id: string; name: string } | null;
  old: EventDetails;
  new: EventDetails;
  /** people moved up from the waitlist into new places */
  promoted: number;
  notices: { queued: number; blocked: number };
};

export type EventChangesView = {
  /** what the event is now */
  details: EventDetails;
  /** whether the reader may change it (`mayChange`, as the campaign's `mayEdit`) */
  mayEdit: boolean;
  /** newest first */
  changes: EventChangeView[];
};

async function sentEvent(db: Db, actor: Actor, campaignId: string) {
  const row = await loadRow(db, actor, campaignId);
  if (row.kind !== 'event' || !row.event_starts_at) throw new NotFoundError('Event');
  return row;
}

export async function eventChanges(
  db: Db,
  actor: Actor,
  campaignId: string,
): Promise<EventChangesView> {
  requireMarketing(actor);
  const row = await sentEvent(db, actor, campaignId);
  const changes = await db
    .selectFrom('marketing_event_changes as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .selectAll('h')
    .select('u.display_name')
    .where('h.campaign_id', '=', campaignId)
    .orderBy('h.changed_at', 'desc')
    .orderBy('h.sequence', 'desc')
    .execute();
  return {
    details: {
      venue: row.event_venue,
      startsAt: row.event_starts_at!.toISOString(),
      endsAt: row.event_ends_at?.toISOString() ?? null,
      places: row.event_capacity ?? 0,
    },
    mayEdit: mayChange(actor, row),
    changes: changes.map((h) => ({
      id: h.id,
      kind: h.kind,
      reason: h.reason,
      sequence: h.sequence,
      changedAt: h.changed_at.toISOString(),
      changedBy: h.changed_by ? { id: h.changed_by, name: h.display_name ?? '' } : null,
      old: {
        venue: h.old_venue,
        startsAt: h.old_starts_at.toISOString(),
        endsAt: h.old_ends_at?.toISOString() ?? null,
        places: h.old_capacity,
      },
      new: {
        venue: h.new_venue,
        startsAt: h.new_starts_at.toISOString(),
        endsAt: h.new_ends_at?.toISOString() ?? null,
        places: h.new_capacity,
      },
      promoted: h.promoted,
      notices: { queued: h.notices_queued, blocked: h.notices_blocked },
    })),
  };
}

const problem = (path: string, message: string, code: string, params?: Record<string, number>) =>
  new ValidationError([{ path, message, code, ...(params ? { params } : {}) }]);

export async function changeEventDetails(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: EventDetailsInput,
  now = new Date(),
): Promise<EventChangesView> {
  requireMarketing(actor, true);
  const row = await sentEvent(db, actor, campaignId);
  // seeing an event (a dealer sees the group's) is not running it
  assertMayRun(actor, row);
  if (row.status === 'draft' || row.status === 'scheduled') {
    throw new ConflictError('The invitations have not gone yet: change the whole campaign').because(
      'invitations_not_sent_change_campaign',
    );
  }
  if (row.status === 'cancelled')
    throw new ConflictError('The campaign is cancelled').because('campaign_cancelled');
  const startsAt = new Date(input.startsAt);
  if (startsAt <= now) throw problem('startsAt', 'a time in the future', 'in_past');
  // undefined: not given (the duration is kept); null: no end
  const givenEnd =
    input.endsAt === undefined || input.endsAt === null ? input.endsAt : new Date(input.endsAt);
  if (givenEnd && givenEnd <= startsAt) {
    throw problem('endsAt', 'after the start', 'end_before_start');
  }
  const queued = await withActor(db, actor, async (tx) => {
    // the campaign row's lock, as registering takes it
    const event = await readEvent(tx, campaignId, true);
    const oldStart = event.event_starts_at!;
    if (oldStart <= now) throw new ConflictError('The event has begun').because('event_begun');
    const taken = await placesTaken(tx, campaignId);
    if (input.places < taken) {
      throw problem('places', `at least the ${taken} people registered`, 'below_registered', {
        registered: taken,
      });
    }
    const oldEnd = event.event_ends_at;
    // moving the start alone keeps the duration
    const endsAt =
      givenEnd !== undefined
        ? givenEnd
        : oldEnd && new Date(startsAt.getTime() + oldEnd.getTime() - oldStart.getTime());
    const timeChanged =
      oldStart.getTime() !== startsAt.getTime() || oldEnd?.getTime() !== endsAt?.getTime();
    const venueChanged = event.event_venue !== input.venue;
    const placesChanged = event.event_capacity !== input.places;
    if (!timeChanged && !venueChanged && !placesChanged) return 0;
    // a calendar entry's SEQUENCE: only what the guests must hear about counts
    const sequence = event.event_sequence + (timeChanged || venueChanged ? 1 : 0);
    await tx
      .updateTable('marketing_campaigns')
      .set({
        event_venue: input.venue,
        event_starts_at: startsAt,
        event_ends_at: endsAt,
        event_capacity: input.places,
        event_sequence: sequence,
        updated_at: now,
      })
      .where('id', '=', campaignId)
      .execute();
    let promoted = 0;
    if (input.places > taken) {
      // new places go to the waitlist first, in its order (as a cancellation's place does)
      promoted = await promoteFromWaitlist(tx, campaignId, input.places - taken);
    }
    let notices = { queued: 0, blocked: 0 };
    if (timeChanged || venueChanged) {
      await followNewTime(
        tx,
        campaignId,
        {
          startsAt,
          reminderHours: event.event_reminder_hours,
          morningReminder: event.event_morning_reminder,
          feedback: event.event_feedback,
        },
        event.time_zone,
        now,
      );
      notices = await queueChangeNotices(
        tx,
        {
          id: campaignId,
          name: event.name,
          channel: event.channel,
          dealerId: event.dealer_id,
          defaultLanguage: event.default_language,
          timeZone: event.time_zone,
          sequence,
          old: { venue: event.event_venue, startsAt: oldStart, endsAt: oldEnd },
          new: { venue: input.venue, startsAt, endsAt },
        },
        { invited: input.notifyInvited },
      );
    }
    await tx
      .insertInto('marketing_event_changes')
      .values({
        campaign_id: campaignId,
        sequence,
        changed_by: actor.userId,
        changed_at: now,
        old_venue: event.event_venue,
        new_venue: input.venue,
        old_starts_at: oldStart,
        new_starts_at: startsAt,
        old_ends_at: oldEnd,
        new_ends_at: endsAt,
        old_capacity: event.event_capacity!,
        new_capacity: input.places,
        promoted,
        notices_queued: notices.queued,
        notices_blocked: notices.blocked,
      })
      .execute();
    return notices.queued;
  });
  // the guests hear of the new time or place now, not at the outbox's next tick
  if (queued > 0) wakeOutbox(db);
  return eventChanges(db, actor, campaignId);
}
