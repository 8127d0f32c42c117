import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { findJourney } from './journeys.service.ts';

export const enrollmentStatuses = ['active', 'completed', 'exited', 'converted'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

export type JourneyPeopleFilter = {
  status?: EnrollmentStatus;
  /** people whose run stands at this step now (active runs only) */
  stepId?: string;
  /** the entry time and run id of the last row already shown: the page continues after it */
  after?: { enteredAt: Date; id: string };
  limit: number;
};

export type JourneyPerson = {
  enrollmentId: string;
  customerId: string;
  displayName: string;
  dealerCode: string | null;
  status: EnrollmentStatus;
  stepId: string | null;
  waiting: boolean;
  wakeAt: Date | null;
  exitReason: string | null;
  enteredAt: Date;
  finishedAt: Date | null;
  lastStep: { stepId: string; outcome: string; at: Date } | null;
};

/** Counting (of the first page's filter) stops here: a manager needs "more than 10,000", not the exact figure. */
export const peopleCountCap = 10_000;

/**
 * The people in a journey, newest entries first, a page at a time: where each one stands
 * (step, waiting until when) or how his run ended, and the last thing a step did for him.
 * Only customers the actor may see are listed or counted, whatever the journey's owner.
 */
export async function journeyPeople(
  db: Db,
  actor: Actor,
  journeyId: string,
  filter: JourneyPeopleFilter,
): Promise<{ items: JourneyPerson[]; total: number | null; totalCapped: boolean }> {
  await findJourney(db, actor, journeyId);
  const conditions = [
    sql`e.journey_id = ${journeyId}`,
    customerVisible(actor, sql.ref('e.customer_id')),
  ];
  if (filter.status) conditions.push(sql`e.status = ${filter.status}`);
  if (filter.stepId) conditions.push(sql`e.status = 'active' and e.step_id = ${filter.stepId}`);
  const where = sql.join(conditions, sql` and `);
  const after = filter.after
    ? sql`and (e.entered_at, e.id) < (${filter.after.enteredAt}, ${filter.after.id}::uuid)`
    : sql``;

  const [page, counted] = await Promise.all([
    sql<{
      id: string;
      customer_id: string;
      display_name: string;
      dealer_code: string | null;
      status: EnrollmentStatus;
      step_id: string | null;
      waiting: boolean;
      wake_at: Date;
      exit_reason: string | null;
      entered_at: Date;
      finished_at: Date | null;
      last_step_id: string | null;
      last_outcome: string | null;
      last_at: Date | null;
    }>`
      select e.id, e.customer_id, c.display_name, d.code as dealer_code, e.status, e.step_id,
             e.waiting, e.wake_at, e.exit_reason, e.entered_at, e.finished_at,
             l.step_id as last_step_id, l.outcome as last_outcome, l.at as last_at
        from journey_enrollments e
        join customers c on c.id = e.customer_id
        left join dealers d on d.id = e.dealer_id
        left join lateral (
          select s.step_id, s.outcome, s.at from journey_step_log s
           where s.enrollment_id = e.id order by s.at desc, s.step_id limit 1
        ) l on true
       where ${where} ${after}
       order by e.entered_at desc, e.id desc
       limit ${filter.limit}`.execute(db),
    // counted for the first page only: the next pages continue a list whose size is known
    filter.after
      ? null
      : sql<{ n: number }>`
      select count(*)::int as n from (
        select 1 from journey_enrollments e where ${where} limit ${peopleCountCap + 1}
      ) capped`.execute(db),
  ]);
  const total = counted ? (counted.rows[0]?.n ?? 0) : null;
  return {
    items: page.rows.map((row) => ({
      enrollmentId: row.id,
      customerId: row.customer_id,
      displayName: row.display_name,
      dealerCode: row.dealer_code,
      status: row.status,
      stepId: row.status === 'active' ? row.step_id : null,
      waiting: row.status === 'active' && row.waiting,
      wakeAt: row.status === 'active' ? row.wake_at : null,
      exitReason: row.exit_reason,
      enteredAt: row.entered_at,
      finishedAt: row.finished_at,
      lastStep:
        row.last_step_id && row.last_outcome && row.last_at
          ? { stepId: row.last_step_id, outcome: row.last_outcome, at: row.last_at }
          : null,
    })),
    total: total === null ? null : Math.min(total, peopleCountCap),
    totalCapped: total !== null && total > peopleCountCap,
  };
}
