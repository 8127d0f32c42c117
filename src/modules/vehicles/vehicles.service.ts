import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { assertCustomerVisible, linkCustomerToDealer } from '../customers/index.ts';
import { namedDealerInScope, type DealerRef } from '../org/index.ts';
import type { CreateVehicleInput, OwnershipChangeInput } from './vehicle.schemas.ts';
import { checkVin } from './vin.ts';
import { vehicleVisible } from './visibility.ts';
import { addDays, localDate } from '../../lib/zoned-time.ts';

export type CreatedVehicle = { id: string; warnings: string[] };

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function modelDetails(
  db: Db,
  modelId: string | null | undefined,
  trimId: string | null | undefined,
) {
  if (!modelId) return undefined;
  return db
    .selectFrom('catalog_models as m')
    .innerJoin('catalog_makes as k', 'k.id', 'm.make_id')
    .leftJoin('catalog_trims as t', (join) =>
      join.onRef('t.model_id', '=', 'm.id').on('t.id', '=', trimId ?? null),
    )
    .select([
      'm.id as model_id',
      'm.name as model_name',
      'm.series',
      'k.id as make_id',
      'k.name as make_name',
      't.id as trim_id',
      't.name as trim_name',
      't.body',
      't.engine',
    ])
    .where('m.id', '=', modelId)
    .executeTakeFirst();
}

/**
 * Registers a vehicle for a customer the actor can see: VIN checked and decoded, ownership
 * started, and the purchase recorded when given (which also relates the customer to the
 * selling dealer as an owner).
 */
export async function createVehicle(
  db: Db,
  actor: Actor,
  input: CreateVehicleInput,
): Promise<CreatedVehicle> {
  if (!can(actor, 'vehicles:write')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, input.customerId);
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];

  let vin: string | null = null;
  let decoded: { maker?: string; country?: string; modelYear?: number } = {};
  if (input.vin) {
    const check = checkVin(input.vin);
    if (!check.valid) problems.push({ path: 'vin', message: check.error, code: 'invalid_vin' });
    else {
      vin = check.vin;
      decoded = { maker: check.maker, country: check.country, modelYear: check.modelYear };
      if (check.warning) warnings.push(`vin: ${check.warning}`);
    }
  }
  const model = await modelDetails(db, input.modelId, input.trimId);
  if (input.modelId && !model) problems.push({ path: 'modelId', message: 'not in the catalogue' });
  if (input.trimId && model && !model.trim_id)
    problems.push({ path: 'trimId', message: 'not a trim of this model' });
  const makeName = model?.make_name ?? input.makeName ?? decoded.maker;
  if (!makeName)
    problems.push({
      path: 'makeName',
      message: 'give the make, a catalogue model or a VIN we can read',
    });

  let dealer: DealerRef | undefined;
  if (input.purchase) {
    dealer =
      (await namedDealerInScope(
        db,
        actor,
        input.purchase.dealerCode,
        problems,
        'purchase.dealerCode',
      )) ?? undefined;
    if (
      (input.purchase.discountMinor ?? 0) > (input.purchase.priceMinor ?? Number.MAX_SAFE_INTEGER)
    ) {
      problems.push({
        path: 'purchase.discountMinor',
        message: 'larger than the price',
        code: 'discount_above_price',
      });
    }
    // the dealer's calendar day, not the server's: just after midnight in Moscow it is still
    // yesterday in UTC, and a car sold "today" there is not sold in the future
    if (input.purchase.date > (dealer ? localDate(new Date(), dealer.timezone) : today()))
      problems.push({ path: 'purchase.date', message: 'lies in the future', code: 'in_future' });
  }
  if (vin) {
    const taken = await db
      .selectFrom('vehicles')
      .select('id')
      .where('vin', '=', vin)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError('A vehicle with this VIN is registered already', [
        { path: 'vin', message: 'taken', code: 'taken' },
      ]).because('vin_taken');
  }
  if (problems.length) throw new ValidationError(problems);

  const fromDate = input.fromDate ?? input.purchase?.date ?? today();
  const role = input.role ?? 'owner';
  const id = await withActor(db, actor, async (tx) => {
    const { id } = await tx
      .insertInto('vehicles')
      .values({
        vin,
        customer_id: input.customerId,
        make_id: model?.make_id ?? null,
        model_id: model?.model_id ?? null,
        trim_id: model?.trim_id ?? null,
        make_name: makeName!,
        model_name: model?.model_name ?? input.modelName ?? null,
        series: model?.series ?? input.series ?? null,
        body: model?.body ?? input.body ?? null,
        engine: model?.engine ?? input.engine ?? null,
        trim_name: model?.trim_name ?? null,
        colour: input.colour ?? null,
        model_year: input.modelYear ?? decoded.modelYear ?? null,
        wmi_maker: decoded.maker ?? null,
        wmi_country: decoded.country ?? null,
        plate: input.plate?.toUpperCase() ?? null,
        first_registration: input.firstRegistration ?? null,
        odometer_km: input.odometerKm ?? input.purchase?.odometerKm ?? null,
        odometer_read_at:
          input.odometerKm != null
            ? today()
            : input.purchase?.odometerKm != null
              ? input.purchase.date
              : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('vehicle_ownerships')
      .values({ vehicle_id: id, customer_id: input.customerId, role, from_date: fromDate })
      .execute();
    if (input.purchase && dealer) {
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: id,
          customer_id: input.customerId,
          dealer_id: dealer.id,
          consultant_user_id: input.purchase.consultantUserId ?? null,
          purchase_date: input.purchase.date,
          condition: input.purchase.condition ?? 'new',
          price_minor: input.purchase.priceMinor ?? null,
          discount_minor: input.purchase.discountMinor ?? 0,
          currency: (input.purchase.currency ?? dealer.currency).toUpperCase(),
          odometer_km: input.purchase.odometerKm ?? null,
        })
        .execute();
      await linkCustomerToDealer(tx, input.customerId, dealer.id, 'owner');
    }
    if (role === 'owner') await markOwner(tx, input.customerId);
    return id;
  });
  return { id, warnings };
}

/** A prospect who owns a car of ours is an owner now; the lifecycle never goes back silently. */
async function markOwner(tx: Tx, customerId: string): Promise<void> {
  await tx
    .updateTable('customers')
    .set({ lifecycle_stage: 'owner' })
    .where('id', '=', customerId)
    .where('lifecycle_stage', 'in', ['prospect', 'customer'])
    .execute();
}

/** Hands a vehicle to a new owner (or driver): the previous ownership ends the day before. */
export async function changeOwnership(
  db: Db,
  actor: Actor,
  vehicleId: string,
  input: OwnershipChangeInput,
): Promise<void> {
  if (!can(actor, 'vehicles:write')) throw new ForbiddenError();
  await assertVehicleVisible(db, actor, vehicleId);
  await assertCustomerVisible(db, actor, input.customerId);
  const role = input.role ?? 'owner';
  const open = await db
    .selectFrom('vehicle_ownerships')
    .select(['id', 'from_date'])
    .where('vehicle_id', '=', vehicleId)
    .where('role', '=', role)
    .where('to_date', 'is', null)
    .execute();
  if (open.some((row) => row.from_date >= input.fromDate)) {
    throw new ValidationError([
      { path: 'fromDate', message: 'must be after the start of the current ownership' },
    ]);
  }
  await withActor(db, actor, async (tx) => {
    await tx
      .updateTable('vehicle_ownerships')
      .set({ to_date: addDays(input.fromDate, -1) })
      .where('vehicle_id', '=', vehicleId)
      .where('role', '=', role)
      .where('to_date', 'is', null)
      .execute();
    await tx
      .insertInto('vehicle_ownerships')
      .values({
        vehicle_id: vehicleId,
        customer_id: input.customerId,
        role,
        from_date: input.fromDate,
      })
      .execute();
    if (role === 'owner') {
      await tx
        .updateTable('vehicles')
        .set({ customer_id: input.customerId })
        .where('id', '=', vehicleId)
        .execute();
      await markOwner(tx, input.customerId);
    }
  });
}

/** 404 unless the actor may see the vehicle (see visibility.ts), like customers. */
export async function assertVehicleVisible(
  db: Db | Tx,
  actor: Actor,
  vehicleId: string,
): Promise<void> {
  const row = await db
    .selectFrom('vehicles as v')
    .select('v.id')
    .where('v.id', '=', vehicleId)
    .where((eb) => vehicleVisible(actor, eb.ref('v.customer_id')))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Vehicle');
}

/**
 * Ends a customer's ownership of a vehicle on a date without a new owner, e.g. a trade-in that
 * the dealer takes into stock: the vehicle then has no current owner until it is sold again.
 */
export async function endOwnership(
  db: Db,
  actor: Actor,
  vehicleId: string,
  customerId: string,
  toDate: string,
): Promise<void> {
  if (!can(actor, 'vehicles:write')) throw new ForbiddenError();
  await assertVehicleVisible(db, actor, vehicleId);
  await withActor(db, actor, async (tx) => {
    await tx
      .updateTable('vehicle_ownerships')
      .set({ to_date: toDate })
      .where('vehicle_id', '=', vehicleId)
      .where('customer_id', '=', customerId)
      .where('to_date', 'is', null)
      .where('from_date', '<=', toDate)
      .execute();
    await tx
      .updateTable('vehicles')
      .set({ customer_id: null })
      .where('id', '=', vehicleId)
      .where('customer_id', '=', customerId)
      .execute();
  });
}

/** The vehicle with this VIN and its current owner, if it is registered. */
export async function findVehicleByVin(
  db: Db | Tx,
  vin: string,
): Promise<{ id: string; customerId: string | null } | undefined> {
  const row = await db
    .selectFrom('vehicles')
    .select(['id', 'customer_id'])
    .where('vin', '=', vin)
    .executeTakeFirst();
  return row && { id: row.id, customerId: row.customer_id };
}

/** Purchase dates of the given customers between two dates (inclusive), oldest first. */
export async function purchaseDates(
  db: Db | Tx,
  customerIds: readonly string[],
  from: string,
  to: string,
): Promise<{ customerId: string; date: string }[]> {
  if (!customerIds.length) return [];
  const rows = await db
    .selectFrom('vehicle_purchases')
    .select(['customer_id', 'purchase_date'])
    .where('customer_id', 'in', customerIds)
    .where('purchase_date', '>=', from)
    .where('purchase_date', '<=', to)
    .orderBy('purchase_date')
    .execute();
  return rows.map((row) => ({ customerId: row.customer_id, date: row.purchase_date }));
}
