import type { Actor, Tx } from '../../auth/index.ts';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { createTask } from '../activities/index.ts';
import { moveLeadStage } from '../leads/index.ts';
import { loadBooking, requireFieldWork } from './bookings.service.ts';
import type { FeedbackInput } from './test-drive.schemas.ts';

const hour = 3_600_000;

/**
 * Records whether the customer came, and plans the consultant's next step: a call the day
 * after a drive (a test drive usually means a purchase within a month, seed 003 P5), or a
 * call to book again after a no-show. All in one transaction.
 */
export async function recordAttendance(
  db: Db,
  actor: Actor,
  bookingId: string,
  status: 'came' | 'no_show',
): Promise<{ taskId: string }> {
  requireFieldWork(actor);
  return withActor(db, actor, async (tx) => {
    const booking = await loadBooking(tx, actor, bookingId, true);
    if (booking.status !== 'booked') {
      throw new ValidationError([
        { path: 'status', message: `the test drive is ${booking.status}` },
      ]);
    }
    if (booking.starts_at.getTime() > Date.now() + hour) {
      throw new ValidationError([{ path: 'status', message: 'the test drive has not begun yet' }]);
    }
    await tx
      .updateTable('test_drive_bookings')
      .set({
        status,
        attendance_at: new Date(),
        attendance_by: actor.userId,
        follow_up_planned_at: new Date(),
      })
      .where('id', '=', bookingId)
      .execute();
    if (status === 'came' && booking.lead_id) await leadToTestDrive(tx, actor, booking.lead_id);
    // The follow-up is the rule's, not the recorder's (a receptionist may record a visit for
    // any consultant), so it is created by the system; it runs last because it re-labels the
    // transaction's audit actor.
    const task = await createTask(
      tx,
      { ...systemActor('job'), requestId: actor.requestId },
      {
        customerId: booking.customer_id,
        assigneeUserId: booking.consultant_user_id,
        kind: 'call',
        priority: status === 'came' ? 'high' : 'normal',
        title:
          status === 'came' ? 'Call after the test drive' : 'Missed test drive: call to book again',
        description:
          status === 'came'
            ? 'Ask for impressions, answer concerns, propose an offer.'
            : 'The customer did not come to the booked test drive.',
        dueAt: new Date(Date.now() + (status === 'came' ? 24 * hour : 2 * hour)).toISOString(),
      },
    );
    return { taskId: task.id };
  });
}

/**
 * The drive moves its lead to the "test drive" stage. A lead the actor may not work, or one
 * that is closed already, stays where it is: attendance is recorded either way. The leads
 * module refuses such moves before writing anything, so the transaction stays sound.
 */
async function leadToTestDrive(tx: Tx, actor: Actor, leadId: string): Promise<void> {
  try {
    await moveLeadStage(tx, actor, leadId, 'test_drive', { note: 'test drive attended' });
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
  }
}

/** The short feedback form after a drive the customer came to; sent again, it is replaced. */
export async function recordFeedback(
  db: Db,
  actor: Actor,
  bookingId: string,
  input: FeedbackInput,
): Promise<void> {
  requireFieldWork(actor);
  await withActor(db, actor, async (tx) => {
    const booking = await loadBooking(tx, actor, bookingId);
    if (booking.status !== 'came') {
      throw new ValidationError([
        { path: 'status', message: 'feedback is taken after a test drive the customer came to' },
      ]);
    }
    const values = {
      rating: input.rating,
      liked: input.liked ?? null,
      concerns: input.concerns ?? null,
      intent_to_buy: input.intentToBuy,
      recorded_by: actor.userId,
    };
    await tx
      .insertInto('test_drive_feedback')
      .values({ booking_id: bookingId, customer_id: booking.customer_id, ...values })
      .onConflict((oc) => oc.column('booking_id').doUpdateSet(values))
      .execute();
  });
}
