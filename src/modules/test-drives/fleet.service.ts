import type { Actor, Tx } from '../../auth/index.ts';
import { can, dealerInScope, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  fieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../lib/errors.ts';
import { dealerIdForCode } from '../org/index.ts';
import { checkVin } from '../vehicles/index.ts';
import type { FleetVehicleChanges, FleetVehicleInput } from './test-drive.schemas.ts';

export type FleetVehicleView = {
  id: string;
  dealerCode: string;
  /** null for an older car whose brand the migration could not tell */
  brandCode: string | null;
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

/** The brand of a demo car: one the car's dealer sells (400 naming `brandCode` otherwise). */
async function brandSoldBy(db: Db | Tx, dealerId: string, brandCode: string): Promise<string> {
  const brand = await db
    .selectFrom('brands as b')
    .leftJoin('dealer_brands as db', (join) =>
      join.onRef('db.brand_id', '=', 'b.id').on('db.dealer_id', '=', dealerId),
    )
    .select(['b.id', 'db.dealer_id as soldBy'])
    .where((eb) => eb(eb.fn('upper', ['b.code']), '=', brandCode.toUpperCase()))
    .executeTakeFirst();
  if (!brand) {
    throw new ValidationError([
      { path: 'brandCode', message: `no brand ${brandCode}`, code: 'unknown' },
    ]);
  }
  if (!brand.soldBy) {
    throw new ValidationError([
      {
        path: 'brandCode',
        message: `the dealer does not sell ${brandCode}`,
        code: 'brand_not_sold_by_dealer',
      },
    ]);
  }
  return brand.id;
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
  const brandId = await brandSoldBy(db, dealerId, input.brandCode);
  const vin = checkVin(input.vin);
  if (!vin.valid) throw fieldError('vin', vin.error);
  return withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('test_drive_vehicles')
      .values({
        dealer_id: dealerId,
        brand_id: brandId,
        model: input.model,
        vin: vin.vin,
        plate: input.plate ?? null,
      })
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
    const car = await tx
      .selectFrom('test_drive_vehicles as v')
      .select('v.dealer_id')
      .where('v.id', '=', vehicleId)
      .where((eb) => dealerVisible(actor, eb.ref('v.dealer_id')))
      .executeTakeFirst();
    if (!car) throw new NotFoundError('Test-drive vehicle');
    const brandId =
      input.brandCode !== undefined
        ? await brandSoldBy(tx, car.dealer_id, input.brandCode)
        : undefined;
    const updated = await tx
      .updateTable('test_drive_vehicles as v')
      .set({
        ...(brandId !== undefined ? { brand_id: brandId } : {}),
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
    .leftJoin('brands as b', 'b.id', 'v.brand_id')
    .select([
      'v.id',
      'd.code as dealerCode',
      'b.code as brandCode',
      'v.model',
      'v.vin',
      'v.plate',
      'v.active',
    ])
    .where('v.dealer_id', '=', dealerId);
  if (!includeInactive) query = query.where('v.active', '=', true);
  return query.orderBy('v.model').orderBy('v.plate').execute();
}
