import { sql, type Selectable } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../lib/errors.ts';
import { localDate, latestDateOnEarth } from '../../lib/zoned-time.ts';
import { moveLeadStage } from '../leads/index.ts';
import { findDealerByCode } from '../org/index.ts';
import { checkVin, createVehicle, endOwnership, findVehicleByVin } from '../vehicles/index.ts';
import { emitDomainEvent } from './domain-events.ts';
import type { DeliverOrderInput } from './order.schemas.ts';
import { findOrder, lockOrder } from './order-view.ts';
import type { SalesTables } from './schema.ts';

type OrderRow = Selectable<SalesTables['orders']>;

export type Delivery = { vehicleId: string; tradeInVehicleId: string | null; warnings: string[] };

/**
 * The trade-in leaves the customer on the delivery day and stays with the dealer: a vehicle
 * already registered to him has its ownership ended; an unknown one is registered first, owned
 * since the order was written (the earliest day we know he had it).
 */
async function takeTradeIn(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  deliveredOn: string,
): Promise<string | null> {
  if (!order.trade_in_vin || !order.trade_in_make) return null;
  const known = await findVehicleByVin(tx, order.trade_in_vin);
  let vehicleId: string;
  if (known) {
    if (known.customerId !== order.customer_id)
      throw new ConflictError('The trade-in VIN belongs to a vehicle of another owner', [
        { path: 'tradeIn.vin', message: 'registered to someone else' },
      ]).because('trade_in_of_other_owner');
    vehicleId = known.id;
  } else {
    const created = await createVehicle(tx, actor, {
      customerId: order.customer_id,
      vin: order.trade_in_vin,
      makeName: order.trade_in_make,
      modelName: order.trade_in_model,
      modelYear: order.trade_in_year,
      odometerKm: order.trade_in_mileage_km,
      fromDate: order.created_at.toISOString().slice(0, 10),
    });
    vehicleId = created.id;
  }
  await endOwnership(tx, actor, vehicleId, order.customer_id, deliveredOn);
  return vehicleId;
}

/**
 * Hands the ordered car to the customer, all in one transaction: the vehicle and its ownership
 * and purchase (vehicles module, which checks the VIN and makes the person an owner), the
 * trade-in taken in, the lead (if any) delivered, the order closed and `vehicle.delivered`
 * written to the outbox.
 */
export async function deliverOrder(
  db: Db,
  actor: Actor,
  orderId: string,
  input: DeliverOrderInput,
): Promise<Delivery> {
  if (!can(actor, 'orders:write')) throw new ForbiddenError();
  const visible = await findOrder(db, actor, orderId);
  // The dealer's own today, as the vehicles module takes it for the purchase it writes: at
  // 07:00 in Beijing UTC's date is still yesterday's.
  const dealer = await findDealerByCode(db, visible.dealer_code);
  const today = dealer ? localDate(new Date(), dealer.timezone) : latestDateOnEarth();
  const deliveredOn = input.deliveredOn ?? today;
  if (deliveredOn > today)
    throw new ValidationError([{ path: 'deliveredOn', message: 'lies in the future' }]);
  if (deliveredOn < visible.created_at.toISOString().slice(0, 10))
    throw new ValidationError([{ path: 'deliveredOn', message: 'before the order was written' }]);

  return withActor(db, actor, async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (order.status !== 'confirmed')
      throw new ConflictError(
        order.status === 'draft'
          ? 'Confirm the order before delivering it'
          : `The order is ${order.status} already`,
      ).because(order.status === 'draft' ? 'order_not_confirmed' : 'order_status_already', {
        status: order.status,
      });
    const vehicle = await createVehicle(tx, actor, {
      customerId: order.customer_id,
      vin: input.vin,
      modelId: order.model_id,
      trimId: order.trim_id,
      colour: order.colour,
      plate: input.plate,
      odometerKm: input.odometerKm,
      purchase: {
        date: deliveredOn,
        dealerCode: visible.dealer_code,
        consultantUserId: order.consultant_user_id,
        condition: 'new',
        priceMinor: order.list_price_minor,
        discountMinor: order.discount_minor,
        currency: order.currency.trim(),
        odometerKm: input.odometerKm,
      },
    });
    // createVehicle refused the VIN unless it was valid
    const check = checkVin(input.vin);
    const vin = check.valid ? check.vin : input.vin;
    const tradeInVehicleId = await takeTradeIn(tx, actor, order, deliveredOn);
    await tx
      .updateTable('orders')
      .set({
        status: 'delivered',
        delivered_on: deliveredOn,
        delivered_at: sql<Date>`now()`,
        vehicle_id: vehicle.id,
        trade_in_vehicle_id: tradeInVehicleId,
      })
      .where('id', '=', orderId)
      .execute();
    if (order.lead_id) await moveLeadStage(tx, actor, order.lead_id, 'delivered');
    await emitDomainEvent(tx, {
      type: 'vehicle.delivered',
      customerId: order.customer_id,
      payload: {
        orderId,
        vehicleId: vehicle.id,
        vin,
        dealerId: order.dealer_id,
        dealerCode: visible.dealer_code,
        modelId: order.model_id,
        makeName: order.make_name,
        modelName: order.model_name,
        series: order.series,
        deliveredOn,
        finalPriceMinor: order.final_price_minor,
        currency: order.currency.trim(),
        leadId: order.lead_id,
        tradeInVehicleId,
      },
    });
    return { vehicleId: vehicle.id, tradeInVehicleId, warnings: vehicle.warnings };
  });
}
