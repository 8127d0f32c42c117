import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible, dealerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { fieldError, NotFoundError } from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { leadBrandVisible } from '../leads/index.ts';
import { listFleet, resolveDealer, type FleetVehicleView } from './fleet.service.ts';
import type { BookingStatus, BuyingIntent } from './schema.ts';

export type BookingView = {
  id: string;
  dealerCode: string;
  vehicle: { id: string; model: string; plate: string | null };
  consultant: { id: string; name: string };
  /** null when the slot is visible (the dealer's calendar) but the customer is not */
  customer: { id: string; displayName: string } | null;
  leadId: string | null;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  licence: { number: string; category: string | null; expiresOn: string | null } | null;
  note: string | null;
  cancelReason: string | null;
  feedback: {
    rating: number;
    liked: string | null;
    concerns: string | null;
    intentToBuy: BuyingIntent;
  } | null;
};

/**
 * SQL: may the actor see who drives and for which lead? Not for a customer he cannot see nor,
 * for a brand-level actor, for another brand's lead: the slot then shows only as taken.
 */
function detailsVisible(
  actor: Actor,
  customerId: Expression<unknown>,
  leadId: Expression<unknown>,
): RawBuilder<boolean> {
  return sql<boolean>`(${customerVisible(actor, customerId)} and ${leadBrandVisible(actor, leadId)})`;
}

function bookingQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('test_drive_bookings as b')
    .innerJoin('test_drive_vehicles as v', 'v.id', 'b.vehicle_id')
    .innerJoin('dealers as d', 'd.id', 'b.dealer_id')
    .innerJoin('users as u', 'u.id', 'b.consultant_user_id')
    .innerJoin('customers as c', 'c.id', 'b.customer_id')
    .leftJoin('test_drive_feedback as f', 'f.booking_id', 'b.id')
    .where((eb) => dealerVisible(actor, eb.ref('b.dealer_id')))
    .select((eb) =>
      detailsVisible(actor, eb.ref('b.customer_id'), eb.ref('b.lead_id')).as('customer_visible'),
    )
    .select([
      'b.id',
      'd.code as dealer_code',
      'v.id as vehicle_id',
      'v.model',
      'v.plate',
      'u.id as consultant_id',
      'u.display_name as consultant_name',
      'b.customer_id',
      'c.display_name as customer_name',
      'b.lead_id',
      'b.starts_at',
      'b.ends_at',
      'b.status',
      'b.licence_number',
      'b.licence_category',
      'b.licence_expires_on',
      'b.note',
      'b.cancel_reason',
      'f.rating',
      'f.liked',
      'f.concerns',
      'f.intent_to_buy',
    ]);
}

type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingQuery>['executeTakeFirstOrThrow']>>;

function toView(row: BookingRow): BookingView {
  const visible = row.customer_visible;
  return {
    id: row.id,
    dealerCode: row.dealer_code,
    vehicle: { id: row.vehicle_id, model: row.model, plate: row.plate },
    consultant: { id: row.consultant_id, name: row.consultant_name },
    customer: visible ? { id: row.customer_id, displayName: row.customer_name } : null,
    leadId: visible ? row.lead_id : null,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    status: row.status,
    licence:
      visible && row.licence_number
        ? {
            number: row.licence_number,
            category: row.licence_category,
            expiresOn: row.licence_expires_on,
          }
        : null,
    note: visible ? row.note : null,
    cancelReason: visible ? row.cancel_reason : null,
    feedback:
      visible && row.rating !== null && row.intent_to_buy !== null
        ? {
            rating: row.rating,
            liked: row.liked,
            concerns: row.concerns,
            intentToBuy: row.intent_to_buy,
          }
        : null,
  };
}

/**
 * A dealer's test-drive calendar: its demo fleet and the bookings that touch [from, to).
 * Every slot is shown, so nobody double-books; the customer only to those who may see him.
 */
export async function testDriveCalendar(
  db: Db,
  actor: Actor,
  query: { dealerCode?: string; from: string; to: string },
): Promise<{ vehicles: FleetVehicleView[]; bookings: BookingView[] }> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw fieldError('to', 'must be after from');
  if (to.getTime() - from.getTime() > 42 * 86_400_000) throw fieldError('to', 'at most 6 weeks');
  const dealerId = await resolveDealer(db, actor, query.dealerCode);
  const [vehicles, rows] = await Promise.all([
    listFleet(db, actor, query.dealerCode, false),
    bookingQuery(db, actor)
      .where('b.dealer_id', '=', dealerId)
      .where('b.starts_at', '<', to)
      .where('b.ends_at', '>', from)
      .orderBy('b.starts_at')
      .execute(),
  ]);
  return { vehicles, bookings: rows.map(toView) };
}

export async function getBooking(db: Db, actor: Actor, bookingId: string): Promise<BookingView> {
  const row = await bookingQuery(db, actor)
    .where('b.id', '=', bookingId)
    .where((eb) => detailsVisible(actor, eb.ref('b.customer_id'), eb.ref('b.lead_id')))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Test drive');
  return toView(row);
}

/**
 * A customer's test drives at the dealers the actor sees, newest first; for a brand-level
 * actor not those serving another brand's lead.
 */
export async function customerBookings(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<BookingView[]> {
  await assertCustomerVisible(db, actor, customerId);
  const rows = await bookingQuery(db, actor)
    .where('b.customer_id', '=', customerId)
    .where((eb) => leadBrandVisible(actor, eb.ref('b.lead_id')))
    .orderBy('b.starts_at', 'desc')
    .limit(100)
    .execute();
  return rows.map(toView);
}
