import type { Actor, Tx } from '../../auth/index.ts';
import { can, dealerInScope, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, fieldError, ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { dealerIdForCode } from '../org/index.ts';
import { checkVin } from '../vehicles/index.ts';
import type { FleetVehicleChanges, FleetVehicleInput } from './test-drive.schemas.ts';

export type FleetVehicleView = {
  id: string;
  dealerCode: string;
  model: string;
  vin: string;
  plate: string | null;
  active: boolean;
};

/**
 * The dealer an actor works on: the one named (which must be in his scope, else it is
 * reported as unknown so that other dealers' codes are not confirmed) or his own.
 */
export async function resolveDealer(
  db: Db | Tx,
  actor: Actor,
  dealerCode: string | undefined,
  field = 'dealerCode',
): Promise<string> {
  if (!dealerCode) {
    if (!actor.dealerId) throw fieldError(field, 'required for users not attached to a dealer');
    return actor.dealerId;
  }
  const dealer = await dealerIdForCode(db, dealerCode, field);
  if (!dealerInScope(actor, dealer.id))
    throw fieldError(field, `no dealer with code ${dealerCode}`);
  return dealer.id;
}

function requireFleetWriter(actor: Actor): void {
  if (!can(actor, 'vehicles:write')) throw new ForbiddenError('You may not manage the demo fleet');
}

export async function addFleetVehicle(
  db: Db,
  actor: Actor,
  input: FleetVehicleInput,
): Promise<{ id: string }> {
  requireFleetWriter(actor);
  const dealerId = await resolveDealer(db, actor, input.dealerCode);
  const vin = checkVin(input.vin);
  if (!vin.valid) throw fieldError('vin', vin.error);
  return withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('test_drive_vehicles')
      .values({ dealer_id: dealerId, model: input.model, vin: vin.vin, plate: input.plate ?? null })
      .onConflict((oc) => oc.columns(['dealer_id', 'vin']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new ConflictError('This car is in the demo fleet already', [
        { path: 'vin', message: 'already in the fleet' },
      ]).because('demo_car_in_fleet');
    return row;
  });
}

export async function updateFleetVehicle(
  db: Db,
  actor: Actor,
  vehicleId: string,
  input: FleetVehicleChanges,
): Promise<void> {
  requireFleetWriter(actor);
  await withActor(db, actor, async (tx) => {
    const updated = await tx
      .updateTable('test_drive_vehicles as v')
      .set({
        ...(input.model !== undefined ? { model: input.model } : {}),
        ...(input.plate !== undefined ? { plate: input.plate ?? null } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      })
      .where('v.id', '=', vehicleId)
      .where((eb) => dealerVisible(actor, eb.ref('v.dealer_id')))
      .returning('v.id')
      .executeTakeFirst();
    if (!updated) throw new NotFoundError('Test-drive vehicle');
  });
}

export async function listFleet(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
  includeInactive: boolean,
): Promise<FleetVehicleView[]> {
  const dealerId = await resolveDealer(db, actor, dealerCode);
  let query = db
    .selectFrom('test_drive_vehicles as v')
    .innerJoin('dealers as d', 'd.id', 'v.dealer_id')
    .select(['v.id', 'd.code as dealerCode', 'v.model', 'v.vin', 'v.plate', 'v.active'])
    .where('v.dealer_id', '=', dealerId);
  if (!includeInactive) query = query.where('v.active', '=', true);
  return query.orderBy('v.model').orderBy('v.plate').execute();
}
