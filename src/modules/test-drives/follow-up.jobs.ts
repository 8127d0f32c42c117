import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { createTask, openTasksJson } from '../activities/index.ts';
import { leadClosed } from '../leads/index.ts';
import { boughtSince } from '../vehicles/index.ts';

const day = 86_400_000;
/** A test-driver is followed this long: a drive usually means a purchase within a month. */
const followDays = 30;
/** ... with at most one planned follow-up a week. */
const cadenceDays = 7;

/**
 * Keeps test-drivers followed until they buy (seed 003 P5): a customer who came to a drive in
 * the last 30 days, has bought nothing since, is not marked lost (nor is the drive's lead), and
 * has no open task at all gets a follow-up call for the drive's consultant, at most once a week.
 */
export async function keepFollowingTestDrivers(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('test_drive_bookings as b')
    .innerJoin('test_drive_vehicles as v', 'v.id', 'b.vehicle_id')
    .innerJoin('customers as c', 'c.id', 'b.customer_id')
    .select(['b.id', 'b.customer_id', 'b.consultant_user_id', 'b.attendance_at', 'v.model'])
    .distinctOn('b.customer_id')
    .where('b.status', '=', 'came')
    .where('b.attendance_at', '>=', new Date(now.getTime() - followDays * day))
    .where('c.lifecycle_stage', '<>', 'lost')
    // the drive's lead is not lost (nor won), and he has bought nothing since the drive
    .where((eb) => eb.not(leadClosed(eb.ref('b.lead_id'))))
    .where((eb) => eb.not(boughtSince(eb.ref('b.customer_id'), eb.ref('b.attendance_at'))))
    // no drive of this customer had a follow-up planned within the week
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('test_drive_bookings as recent')
            .select('recent.id')
            .whereRef('recent.customer_id', '=', 'b.customer_id')
            .where(
              'recent.follow_up_planned_at',
              '>=',
              new Date(now.getTime() - cadenceDays * day),
            ),
        ),
      ),
    )
    .where(sql<boolean>`jsonb_array_length(${openTasksJson(sql.ref('b.customer_id'))}) = 0`)
    .orderBy('b.customer_id')
    .orderBy('b.attendance_at', 'desc')
    .limit(500)
    .execute();
  if (!due.length) return 0;
  const job = systemActor('job');
  let planned = 0;
  for (const row of due) {
    const days = Math.max(1, Math.round((now.getTime() - row.attendance_at!.getTime()) / day));
    const plannedNow = await withActor(db, job, async (tx) => {
      // claims the drive first, so that two server processes sweeping at once plan one call
      const claimed = await tx
        .updateTable('test_drive_bookings')
        .set({ follow_up_planned_at: now })
        .where('id', '=', row.id)
        .where((eb) =>
          eb.or([
            eb('follow_up_planned_at', 'is', null),
            eb('follow_up_planned_at', '<', new Date(now.getTime() - cadenceDays * day)),
          ]),
        )
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return false;
      await createTask(tx, job, {
        customerId: row.customer_id,
        assigneeUserId: row.consultant_user_id,
        kind: 'follow_up',
        title: `Test drive of the ${row.model} ${days} days ago: still deciding?`,
        description: 'Followed until the customer buys or is lost.',
        dueAt: now.toISOString(),
      });
      return true;
    });
    if (plannedNow) planned += 1;
  }
  return planned;
}

/** Runs the sweep in the server process every hour. */
export function registerTestDriveJobs(app: App): void {
  runPeriodically(app, {
    name: 'test-drive follow-up sweep',
    everyMs: 60 * 60_000,
    run: () => keepFollowingTestDrivers(app.db),
  });
}
