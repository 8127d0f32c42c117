import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { addDays } from '../../lib/zoned-time.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { lifecycleEventsDue } from './lifecycle-planner.ts';
import { lifecycleEventTypes } from './schema.ts';

export const upcomingCareEventSchema = z
  .object({
    type: z.enum(lifecycleEventTypes),
    vehicleId: z.string().nullable(),
    vehicleName: z.string().nullable(),
    dueDate: z.string(),
    payload: z.record(z.string(), z.unknown()),
    planned: z.boolean().describe('already stored by a daily run (not only foreseen)'),
  })
  .meta({ id: 'UpcomingCareEvent' });

export type UpcomingCareEvent = z.output<typeof upcomingCareEventSchema>;

/**
 * A customer's care-programme events of the coming days, soonest first. The daily run plans
 * events only up to today, so the coming ones are foreseen by the planner's own query for this
 * customer; those a run already stored (and not yet emitted) are marked planned. 404 for a
 * customer outside the actor's scope.
 */
export async function upcomingCareEvents(
  db: Db,
  actor: Actor,
  customerId: string,
  days: number,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<UpcomingCareEvent[]> {
  await assertCustomerVisible(db, actor, customerId);
  const only = { customerId };
  const result = await sql<{
    event_type: UpcomingCareEvent['type'];
    vehicle_id: string | null;
    vehicle_name: string | null;
    due_date: string;
    payload: Record<string, unknown>;
    planned: boolean;
  }>`
    select e.event_type, e.vehicle_id, nullif(concat_ws(' ', v.make_name, v.model_name), '') as vehicle_name,
           e.due_date::text as due_date, e.payload, (s.id is not null) as planned
      from (${lifecycleEventsDue(today, addDays(today, days), only)}) e
      left join vehicles v on v.id = e.vehicle_id
      left join lifecycle_events s
        on s.event_type = e.event_type and s.customer_id = e.customer_id
       and s.occurrence_key = e.occurrence_key
     where e.customer_id = ${customerId}::uuid
       -- an event already emitted (its task made) is history, not a coming event
       and (s.id is null or s.emitted_at is null)
     order by e.due_date, e.event_type`.execute(db);
  return result.rows.map((row) => ({
    type: row.event_type,
    vehicleId: row.vehicle_id,
    vehicleName: row.vehicle_name,
    dueDate: row.due_date,
    payload: row.payload,
    planned: row.planned,
  }));
}
