import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { wakeOutbox } from '../messaging/index.ts';
import { loadRow } from './campaigns.service.ts';
import { cancelPlace, readEvent, type CancelOutcome } from './events.service.ts';
import { requireMarketing } from './segments.service.ts';

export type StaffCancelReport = CancelOutcome & { status: 'cancelled' };

/**
 * Staff cancel one guest's registration from the event's guest list (a guest on the phone who
 * cannot come): the same path as his own cancel (`cancelPlace`: the place freed and given on,
 * his reminders held back, he is told), with who cancelled and why on the registration (0246,
 * audited). The same right as the list's other staff actions (attendance, walk-ins):
 * marketing:write, the event visible, the customer in the reader's scope; a customer outside
 * it is as unknown as one not registered (404). Before the start only and not for a cancelled
 * event (409), as moving or cancelling the event; under the campaign row's lock, as every
 * change of the places.
 */
export async function cancelGuestRegistration(
  db: Db,
  actor: Actor,
  campaignId: string,
  customerId: string,
  input: { reason: string | null },
  now = new Date(),
): Promise<StaffCancelReport> {
  requireMarketing(actor, true);
  const campaign = await loadRow(db, actor, campaignId);
  if (campaign.kind !== 'event' || !campaign.event_starts_at) throw new NotFoundError('Event');
  await assertCustomerVisible(db, actor, customerId);
  const report = await withActor(db, actor, async (tx) => {
    const event = await readEvent(tx, campaignId, true);
    if (event.status === 'cancelled')
      throw new ConflictError('The event is cancelled').because('event_cancelled');
    if (event.event_starts_at! <= now)
      throw new ConflictError('The event has begun').because('event_begun');
    const outcome = await cancelPlace(
      tx,
      event,
      customerId,
      { staff: { userId: actor.userId, reason: input.reason } },
      now,
    );
    if (!outcome) throw new NotFoundError('Registration');
    return { status: 'cancelled' as const, ...outcome };
  });
  if (report.notices.queued > 0) wakeOutbox(db);
  return report;
}
