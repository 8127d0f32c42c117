import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { assertCustomerVisible, linkCustomerToDealer } from '../customers/index.ts';
import { assertInvitableByDealer, assertLeadOfCustomer, leadBrandVisible } from '../leads/index.ts';
import { isActiveUserOf } from '../org/index.ts';
import type { BookingInput, RescheduleInput } from './test-drive.schemas.ts';

// Namespaces of the advisory locks that serialise bookings of one car / one consultant.
const vehicleLock = 120;
const consultantLock = 121;

export function requireFieldWork(actor: Actor): void {
  if (!can(actor, 'activities:write')) throw new ForbiddenError('You may not book test drives');
}

/**
 * Refuses a slot that overlaps a live booking of the same car or the same consultant.
 * Callers hold the car's and the consultant's advisory locks (taken in that order, so two
 * bookings never wait on each other in a cycle); under them the check and the insert that
 * follows are atomic, on PostgreSQL and on PGlite alike.
 */
async function assertSlotFree(
  tx: Tx,
  slot: {
    vehicleId: string;
    consultantUserId: string;
    startsAt: Date;
    endsAt: Date;
    /** the booking being moved, which may overlap its own old time */
    movingId?: string;
  },
): Promise<void> {
  await sql`select pg_advisory_xact_lock(${vehicleLock}, hashtext(${slot.vehicleId}))`.execute(tx);
  await sql`select pg_advisory_xact_lock(${consultantLock}, hashtext(${slot.consultantUserId}))`.execute(
    tx,
  );
  const clashes = await tx
    .selectFrom('test_drive_bookings as b')
    .select(['b.vehicle_id', 'b.consultant_user_id', 'b.starts_at', 'b.ends_at'])
    .where('b.status', 'in', ['booked', 'came'])
    .where((eb) =>
      eb.or([
        eb('b.vehicle_id', '=', slot.vehicleId),
        eb('b.consultant_user_id', '=', slot.consultantUserId),
      ]),
    )
    .where('b.starts_at', '<', slot.endsAt)
    .where('b.ends_at', '>', slot.startsAt)
    .$if(Boolean(slot.movingId), (qb) => qb.where('b.id', '!=', slot.movingId!))
    .execute();
  const problems: FieldProblem[] = [];
  const car = clashes.find((row) => row.vehicle_id === slot.vehicleId);
  if (car) {
    problems.push({
      path: 'vehicleId',
      message: `the car is booked from ${car.starts_at.toISOString()} to ${car.ends_at.toISOString()}`,
    });
  }
  const person = clashes.find((row) => row.consultant_user_id === slot.consultantUserId);
  if (person) {
    problems.push({
      path: 'consultantUserId',
      message: `the consultant has a test drive from ${person.starts_at.toISOString()} to ${person.ends_at.toISOString()}`,
    });
  }
  if (problems.length)
    throw new ConflictError('The time is taken', problems).because('test_drive_time_taken');
}

function checkTimes(input: Pick<BookingInput, 'startsAt' | 'endsAt' | 'licence'>): {
  startsAt: Date;
  endsAt: Date;
} {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const problems: FieldProblem[] = [];
  if (endsAt <= startsAt) problems.push({ path: 'endsAt', message: 'must be after startsAt' });
  else if (endsAt.getTime() - startsAt.getTime() > 12 * 3_600_000) {
    problems.push({ path: 'endsAt', message: 'a test drive lasts at most 12 hours' });
  }
  if (startsAt.getTime() < Date.now() - 5 * 60_000) {
    problems.push({ path: 'startsAt', message: 'lies in the past' });
  }
  if (input.licence && input.licence.expiresOn < input.startsAt.slice(0, 10)) {
    problems.push({ path: 'licence.expiresOn', message: 'the licence expires before the drive' });
  }
  if (problems.length) throw new ValidationError(problems);
  return { startsAt, endsAt };
}

/**
 * Books a car of a dealer's demo fleet for a customer. The customer becomes a prospect of
 * that dealer (so its people see him), in the same transaction as the booking.
 */
export async function bookTestDrive(
  db: Db,
  actor: Actor,
  input: BookingInput,
): Promise<{ id: string }> {
  requireFieldWork(actor);
  const { startsAt, endsAt } = checkTimes(input);
  await assertCustomerVisible(db, actor, input.customerId);
  if (input.leadId) await assertLeadOfCustomer(db, actor, input.leadId, input.customerId);
  const vehicle = await db
    .selectFrom('test_drive_vehicles as v')
    .select(['v.id', 'v.dealer_id', 'v.brand_id', 'v.active'])
    .where('v.id', '=', input.vehicleId)
    .where((eb) => dealerVisible(actor, eb.ref('v.dealer_id')))
    .executeTakeFirst();
  if (!vehicle) throw new NotFoundError('Test-drive vehicle');
  if (!vehicle.active) {
    throw new ValidationError([{ path: 'vehicleId', message: 'the car is out of the demo fleet' }]);
  }
  const consultantUserId = input.consultantUserId ?? actor.userId;
  if (!consultantUserId || !(await isActiveUserOf(db, consultantUserId, vehicle.dealer_id))) {
    throw new ValidationError([
      { path: 'consultantUserId', message: "not an active user of the car's dealer" },
    ]);
  }
  return withActor(db, actor, async (tx) => {
    await assertSlotFree(tx, { vehicleId: vehicle.id, consultantUserId, startsAt, endsAt });
    // one owning dealer per brand: another dealer's prospect is invited only after a hand-over
    await assertInvitableByDealer(tx, {
      customerId: input.customerId,
      dealerId: vehicle.dealer_id,
      leadId: input.leadId,
      brandId: vehicle.brand_id,
    });
    await linkCustomerToDealer(tx, input.customerId, vehicle.dealer_id, 'prospect');
    return tx
      .insertInto('test_drive_bookings')
      .values({
        dealer_id: vehicle.dealer_id,
        customer_id: input.customerId,
        vehicle_id: vehicle.id,
        consultant_user_id: consultantUserId,
        lead_id: input.leadId ?? null,
        starts_at: startsAt,
        ends_at: endsAt,
        licence_number: input.licence?.number ?? null,
        licence_category: input.licence?.category ?? null,
        licence_expires_on: input.licence?.expiresOn ?? null,
        note: input.note ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }).catch((error: unknown) => {
    if ((error as { constraint?: string }).constraint === 'test_drive_bookings_lead_fk') {
      throw new ValidationError([{ path: 'leadId', message: 'no such lead' }]);
    }
    throw error;
  });
}

/**
 * A booking the actor may work on: at one of his dealers, about a customer he sees and, for a
 * brand-level actor, not serving another brand's lead. Anything else is 404, as if it did not exist. `forUpdate` locks it for a status change.
 */
export async function loadBooking(tx: Db | Tx, actor: Actor, bookingId: string, forUpdate = false) {
  const booking = await tx
    .selectFrom('test_drive_bookings as b')
    .selectAll('b')
    .where('b.id', '=', bookingId)
    .where((eb) => dealerVisible(actor, eb.ref('b.dealer_id')))
    .where((eb) => customerVisible(actor, eb.ref('b.customer_id')))
    .where((eb) => leadBrandVisible(actor, eb.ref('b.lead_id')))
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!booking) throw new NotFoundError('Test drive');
  return booking;
}

export async function cancelBooking(
  db: Db,
  actor: Actor,
  bookingId: string,
  reason: string,
): Promise<void> {
  requireFieldWork(actor);
  await withActor(db, actor, async (tx) => {
    const booking = await loadBooking(tx, actor, bookingId, true);
    if (booking.status !== 'booked') {
      throw new ValidationError([
        { path: 'status', message: `the test drive is ${booking.status}` },
      ]);
    }
    await tx
      .updateTable('test_drive_bookings')
      .set({ status: 'cancelled', cancel_reason: reason })
      .where('id', '=', bookingId)
      .execute();
  });
}

/**
 * Moves a booked drive to another time, and on request to another car of the same dealer or
 * another consultant, under the same conflict checks as a new booking.
 */
export async function rescheduleBooking(
  db: Db,
  actor: Actor,
  bookingId: string,
  input: RescheduleInput,
): Promise<void> {
  requireFieldWork(actor);
  const { startsAt, endsAt } = checkTimes(input);
  await withActor(db, actor, async (tx) => {
    const booking = await loadBooking(tx, actor, bookingId, true);
    if (booking.status !== 'booked') {
      throw new ValidationError([
        { path: 'status', message: `the test drive is ${booking.status}` },
      ]);
    }
    const vehicleId = input.vehicleId ?? booking.vehicle_id;
    const consultantUserId = input.consultantUserId ?? booking.consultant_user_id;
    const problems: FieldProblem[] = [];
    let newCarBrand: string | null | undefined;
    if (vehicleId !== booking.vehicle_id) {
      const car = await tx
        .selectFrom('test_drive_vehicles')
        .select(['id', 'brand_id'])
        .where('id', '=', vehicleId)
        .where('dealer_id', '=', booking.dealer_id)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!car) problems.push({ path: 'vehicleId', message: "not a car of the dealer's fleet" });
      newCarBrand = car?.brand_id;
    }
    if (
      consultantUserId !== booking.consultant_user_id &&
      !(await isActiveUserOf(tx, consultantUserId, booking.dealer_id))
    ) {
      problems.push({
        path: 'consultantUserId',
        message: "not an active user of the car's dealer",
      });
    }
    if (problems.length) throw new ValidationError(problems);
    // another car may be of another brand: the owner rule judges the drive by it again
    if (newCarBrand) {
      await assertInvitableByDealer(tx, {
        customerId: booking.customer_id,
        dealerId: booking.dealer_id,
        leadId: booking.lead_id,
        brandId: newCarBrand,
      });
    }
    await assertSlotFree(tx, {
      vehicleId,
      consultantUserId,
      startsAt,
      endsAt,
      movingId: bookingId,
    });
    await tx
      .updateTable('test_drive_bookings')
      .set({
        starts_at: startsAt,
        ends_at: endsAt,
        vehicle_id: vehicleId,
        consultant_user_id: consultantUserId,
      })
      .where('id', '=', bookingId)
      .execute();
  });
}
