import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Goal } from './journey.schemas.ts';
import type { Journey } from './journey-row.ts';

/** A run that reached its goal after this long past its last step is not counted for it. */
export const conversionWindowDays = 30;

/** SQL: the goal happened for the person of run `e` since he entered. */
function goalReached(goal: Goal): RawBuilder<boolean> {
  switch (goal.type) {
    case 'service_visit':
      return sql<boolean>`exists (select 1 from service_visits s
        where s.customer_id = e.customer_id and s.created_at >= e.entered_at)`;
    case 'order':
      return sql<boolean>`exists (select 1 from orders o
        where o.customer_id = e.customer_id and o.created_at >= e.entered_at)`;
    case 'lead':
      return sql<boolean>`exists (select 1 from leads l
        where l.customer_id = e.customer_id and l.created_at >= e.entered_at)`;
    case 'test_drive':
      return sql<boolean>`exists (select 1 from test_drive_bookings t
        where t.customer_id = e.customer_id and t.created_at >= e.entered_at
          and t.status <> 'cancelled')`;
  }
}

/**
 * Goal-based exit (issue 5): a person whose goal happened (a service visit booked, an order
 * signed) leaves the journey at once, counted as converted — no reminder after he came. A run
 * that finished its steps within the window is counted as converted too, for the statistics.
 */
export async function goalExits(tx: Tx, journey: Journey, now: Date): Promise<number> {
  if (!journey.goal) return 0;
  const result = await sql`update journey_enrollments e
       set status = 'converted', exit_reason = 'goal', finished_at = coalesce(e.finished_at, ${now}::timestamptz)
     where e.journey_id = ${journey.id}
       and (e.status = 'active'
            or (e.status = 'completed'
                and e.finished_at > ${now}::timestamptz - ${conversionWindowDays}::int * interval '1 day'))
       and ${goalReached(journey.goal)}`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
