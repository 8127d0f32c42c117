import type { Tx } from '../../auth/index.ts';
import { holdBackReminders } from './event-cancel-notices.ts';
import { careTimes, type CareSettings } from './event-times.ts';

/**
 * Reminders after an event's venue or time moved. The care job computes when they fall due from
 * the event's start at every pass, so one not written yet follows the new time by itself. What
 * is already written is settled here, in the change's transaction:
 * - one still waiting in the outbox (quiet hours held it) says the old details: it is held back
 *   (blocked, `event_changed`); the change notice says the new ones;
 * - a kind that falls due again after now under the new time (the event moved later) loses its
 *   record, so the job reminds again at the new time; the care job's key carries the event's
 *   sequence, so the outbox does not take the new reminder for the old one.
 * A kind already due under the new time keeps its record: the notice has just told them.
 */
export async function followNewTime(
  tx: Tx,
  campaignId: string,
  settings: CareSettings,
  timeZone: string,
  now: Date,
): Promise<{ heldBack: number; rescheduled: number }> {
  const heldBack = await holdBackReminders(tx, campaignId, 'event_changed');
  const times = careTimes(settings, timeZone);
  const again = (['reminder', 'morning'] as const).filter((kind) => {
    const due = times[kind];
    return due !== null && due > now;
  });
  if (again.length === 0) return { heldBack, rescheduled: 0 };
  const dropped = await tx
    .deleteFrom('marketing_event_messages')
    .where('campaign_id', '=', campaignId)
    .where('kind', 'in', again)
    .executeTakeFirst();
  return { heldBack, rescheduled: Number(dropped.numDeletedRows) };
}
