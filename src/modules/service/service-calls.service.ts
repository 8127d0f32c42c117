import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { namedDealerInScope } from '../org/index.ts';
import type { NewServiceCall, ServiceCallView } from './service-calls.schemas.ts';

const roadsideReasons = new Set([
  'breakdown',
  'accident',
  'flat_tyre',
  'battery',
  'lockout',
  'fuel',
  'towing',
]);
const roadsideOutcomes = new Set([
  'repaired_on_site',
  'towed_to_dealer',
  'towed_elsewhere',
  'replacement_car',
  'cancelled',
  'unresolved',
]);

/** The dealer a call concerns: the one named, else the caller's own, else the car's last one. */
async function dealerOfCall(
  db: Db,
  actor: Actor,
  input: NewServiceCall,
  problems: FieldProblem[],
): Promise<string | null> {
  const named = await namedDealerInScope(db, actor, input.dealerCode, problems);
  if (named !== undefined) return named?.id ?? null;
  if (actor.dealerId) return actor.dealerId;
  if (!input.vehicleId) return null;
  const last = await db
    .selectFrom('service_visits')
    .select('dealer_id')
    .where('vehicle_id', '=', input.vehicleId)
    .orderBy('visit_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.dealer_id ?? null;
}

/**
 * Logs an owner's roadside-assistance or information-hotline call and plans its care-programme
 * event (`roadside_assistance_call` / `hotline_call`, due the day of the call) for the daily run
 * and its task rule. The customer must be in the caller's scope (else 404), the car his.
 */
export async function logServiceCall(
  db: Db,
  actor: Actor,
  input: NewServiceCall,
): Promise<{ id: string; eventId: string | null }> {
  if (!can(actor, 'service_calls:write')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, input.customerId);
  const problems: FieldProblem[] = [];
  if (input.vehicleId) {
    const vehicle = await db
      .selectFrom('vehicles')
      .select('customer_id')
      .where('id', '=', input.vehicleId)
      .executeTakeFirst();
    if (!vehicle || vehicle.customer_id !== input.customerId)
      problems.push({
        path: 'vehicleId',
        message: 'not a car of this customer',
        code: 'not_owned',
      });
  }
  if (input.callType === 'roadside') {
    if (!input.vehicleId)
      problems.push({
        path: 'vehicleId',
        message: 'name the car that needs help',
        code: 'required',
      });
    if (!roadsideReasons.has(input.reason) && input.reason !== 'other')
      problems.push({ path: 'reason', message: 'not a roadside reason', code: 'wrong_call_type' });
    if (!roadsideOutcomes.has(input.outcome))
      problems.push({
        path: 'outcome',
        message: 'not a roadside outcome',
        code: 'wrong_call_type',
      });
  } else {
    if (roadsideReasons.has(input.reason))
      problems.push({
        path: 'reason',
        message: 'a roadside reason: log a roadside call',
        code: 'wrong_call_type',
      });
    if (roadsideOutcomes.has(input.outcome) && input.outcome !== 'unresolved')
      problems.push({ path: 'outcome', message: 'not a hotline outcome', code: 'wrong_call_type' });
  }
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date();
  if (occurredAt.getTime() > Date.now() + 5 * 60_000)
    problems.push({ path: 'occurredAt', message: 'lies in the future', code: 'in_future' });
  const dealerId = await dealerOfCall(db, actor, input, problems);
  if (problems.length) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const { id } = await tx
      .insertInto('service_calls')
      .values({
        customer_id: input.customerId,
        vehicle_id: input.vehicleId ?? null,
        dealer_id: dealerId,
        call_type: input.callType,
        channel: input.channel,
        reason: input.reason,
        location: input.location || null,
        outcome: input.outcome,
        note: input.note || null,
        occurred_at: occurredAt,
        user_id: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // the care programme's event of the call; the key makes it one per call
    const event = await tx
      .insertInto('lifecycle_events')
      .values({
        event_type: input.callType === 'roadside' ? 'roadside_assistance_call' : 'hotline_call',
        customer_id: input.customerId,
        vehicle_id: input.vehicleId ?? null,
        dealer_id: dealerId,
        due_date: sql<string>`(${occurredAt}::timestamptz)::date`,
        payload: JSON.stringify({
          callId: id,
          reason: input.reason,
          outcome: input.outcome,
          ...(input.location ? { location: input.location } : {}),
        }),
        occurrence_key: `call:${id}`,
      })
      .onConflict((oc) => oc.columns(['event_type', 'customer_id', 'occurrence_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return { id, eventId: event?.id ?? null };
  });
}

/** A customer's calls the actor may see, newest first (404 for a customer outside his scope). */
export async function listServiceCalls(
  db: Db,
  actor: Actor,
  query: { customerId: string; limit: number },
): Promise<ServiceCallView[]> {
  await assertCustomerVisible(db, actor, query.customerId);
  const rows = await db
    .selectFrom('service_calls as c')
    .leftJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .leftJoin('dealers as d', 'd.id', 'c.dealer_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('lifecycle_events as e', (join) =>
      join
        .onRef('e.customer_id', '=', 'c.customer_id')
        .on('e.occurrence_key', '=', sql<string>`'call:' || c.id`),
    )
    .select([
      'c.id',
      'c.customer_id',
      'c.vehicle_id',
      'v.vin',
      sql<string>`concat_ws(' ', v.make_name, v.model_name, v.plate)`.as('vehicle_name'),
      'd.code as dealer_code',
      'c.call_type',
      'c.channel',
      'c.reason',
      'c.location',
      'c.outcome',
      'c.note',
      'c.occurred_at',
      'u.display_name as user_name',
      'e.id as event_id',
    ])
    .where('c.customer_id', '=', query.customerId)
    .where((eb) => customerVisible(actor, eb.ref('c.customer_id')))
    // a call about another dealer's matter stays with that dealer; calls for no dealer are shared
    .where((eb) =>
      eb.or([eb('c.dealer_id', 'is', null), dealerVisible(actor, eb.ref('c.dealer_id'))]),
    )
    .orderBy('c.occurred_at', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    vehicle: row.vehicle_id
      ? { id: row.vehicle_id, vin: row.vin ?? null, name: row.vehicle_name }
      : null,
    dealerCode: row.dealer_code,
    callType: row.call_type,
    channel: row.channel,
    reason: row.reason,
    location: row.location,
    outcome: row.outcome,
    note: row.note,
    occurredAt: row.occurred_at.toISOString(),
    userName: row.user_name,
    eventId: row.event_id,
  }));
}
