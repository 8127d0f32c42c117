import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { wakeOutbox } from '../messaging/index.ts';
import { assertMayRun, loadRow } from './campaigns.service.ts';
import { holdBackReminders, queueCancelNotices } from './event-cancel-notices.ts';
import { cancelledEvent, readEvent } from './events.service.ts';
import { requireMarketing } from './segments.service.ts';

export type EventCancelReport = {
  status: 'cancelled';
  /** the guests' cancellation notices written (queued) and kept blocked (consent, rules) */
  notices: { queued: number; blocked: number };
};

/**
 * Staff cancel a sent event before it begins: the campaign becomes `cancelled` (the care job
 * skips it, registering and moving it answer 409), its change counter moves on (the guests'
 * CANCEL files must be newer than their last file), reminders still waiting are held back and
 * everyone registered or waiting is told (event-cancel-notices.ts). Under the campaign row's
 * lock, as registering takes it, so nobody registers in between. The same right as every other
 * change of the campaign: another dealer gets 404, a dealer looking at the group's event 403.
 * The cancel, with staff's reason, who and the notices, goes into the event's change history
 * (0246) beside its moves; the campaign's audit trail has it mixed with every other change.
 */
export async function cancelEvent(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: { reason: string | null } = { reason: null },
  now = new Date(),
): Promise<EventCancelReport> {
  requireMarketing(actor, true);
  const row = await loadRow(db, actor, campaignId);
  if (row.kind !== 'event' || !row.event_starts_at) throw new NotFoundError('Event');
  assertMayRun(actor, row);
  if (row.status === 'draft' || row.status === 'scheduled') {
    throw new ConflictError('The invitations have not gone yet: change or keep the draft').because(
      'invitations_not_sent',
    );
  }
  const report = await withActor(db, actor, async (tx) => {
    const event = await readEvent(tx, campaignId, true);
    if (event.status === 'cancelled')
      throw new ConflictError('The event is already cancelled').because('event_cancelled_already');
    if (event.event_starts_at! <= now)
      throw new ConflictError('The event has begun').because('event_begun');
    const sequence = event.event_sequence + 1;
    await tx
      .updateTable('marketing_campaigns')
      .set({ status: 'cancelled', event_sequence: sequence, updated_at: now })
      .where('id', '=', campaignId)
      .execute();
    await holdBackReminders(tx, campaignId, 'event_cancelled');
    const notices = await queueCancelNotices(tx, cancelledEvent(event, sequence), {
      everyone: true,
    });
    const details = {
      venue: event.event_venue,
      startsAt: event.event_starts_at!,
      endsAt: event.event_ends_at,
      capacity: event.event_capacity!,
    };
    await tx
      .insertInto('marketing_event_changes')
      .values({
        campaign_id: campaignId,
        kind: 'cancel',
        sequence,
        changed_by: actor.userId,
        changed_at: now,
        reason: input.reason,
        // what the event was: nothing of it changed but its being on
        old_venue: details.venue,
        new_venue: details.venue,
        old_starts_at: details.startsAt,
        new_starts_at: details.startsAt,
        old_ends_at: details.endsAt,
        new_ends_at: details.endsAt,
        old_capacity: details.capacity,
        new_capacity: details.capacity,
        notices_queued: notices.queued,
        notices_blocked: notices.blocked,
      })
      .execute();
    return { status: 'cancelled' as const, notices };
  });
  if (report.notices.queued > 0) wakeOutbox(db);
  return report;
}
