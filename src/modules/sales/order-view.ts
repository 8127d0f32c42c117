import { sql, type Expression, type RawBuilder, type Selectable } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { brandRowVisible, customerVisible, dealerVisible, scopeBrandId } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { OrderStatus, SalesTables } from './schema.ts';

type OrderRow = Selectable<SalesTables['orders']>;

/**
 * An order is visible when its customer is (the one scope rule of auth/scope.ts) and it was
 * sold by one of the actor's dealers: a customer shared by two dealers does not show one
 * dealer's prices to the other. A brand-level actor's dealers may sell other brands too: of
 * their orders only those for a car of his brand (the catalogue make's brand) are his, by the
 * rule leads follow (brandRowVisible), so a make of no brand of the group is not his either.
 */
export function orderVisible(
  actor: Actor,
  customerId: Expression<unknown>,
  dealerId: Expression<unknown>,
  modelId: Expression<unknown>,
): RawBuilder<boolean> {
  const seen = sql<boolean>`(${customerVisible(actor, customerId)} and ${dealerVisible(actor, dealerId)})`;
  if (!scopeBrandId(actor)) return seen;
  return sql<boolean>`(${seen} and ${modelOfActorBrand(actor, modelId)})`;
}

/**
 * SQL: the catalogue model (an order's) is a car of the actor's brand (its make's brand,
 * brandRowVisible); always true for actors not confined to a brand. orderVisible's brand part,
 * used alone where the dealer is already fixed (a conquest plan's deliveries).
 */
export function modelOfActorBrand(actor: Actor, modelId: Expression<unknown>): RawBuilder<boolean> {
  if (!scopeBrandId(actor)) return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from catalog_models order_model
      join catalog_makes order_make on order_make.id = order_model.make_id
     where order_model.id = ${modelId}
       and ${brandRowVisible(actor, sql.ref('order_make.brand_id'))})`;
}

function visibleOrders(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .innerJoin('dealers as d', 'd.id', 'o.dealer_id')
    .leftJoin('users as u', 'u.id', 'o.consultant_user_id')
    .where((eb) =>
      orderVisible(actor, eb.ref('o.customer_id'), eb.ref('o.dealer_id'), eb.ref('o.model_id')),
    );
}

type JoinedOrder = OrderRow & {
  customer_name: string;
  customer_kind: 'person' | 'company';
  dealer_code: string;
  consultant_name: string | null;
};

const joinedColumns = [
  'c.display_name as customer_name',
  'c.kind as customer_kind',
  'd.code as dealer_code',
  'u.display_name as consultant_name',
] as const;

function selectOrder(db: Db | Tx, actor: Actor) {
  return visibleOrders(db, actor).selectAll('o').select(joinedColumns);
}

/** The order, or 404 when it does not exist or lies outside the actor's scope. */
export async function findOrder(db: Db | Tx, actor: Actor, id: string): Promise<JoinedOrder> {
  const row = await selectOrder(db, actor).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Order');
  return row;
}

/** Locks the order for a status change, so that two deliveries cannot both pass the checks. */
export async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  return tx
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export type OrderView = ReturnType<typeof toOrderView>;

export function toOrderView(row: JoinedOrder) {
  return {
    id: row.id,
    status: row.status as OrderStatus,
    customer: { id: row.customer_id, displayName: row.customer_name, kind: row.customer_kind },
    dealerCode: row.dealer_code,
    leadId: row.lead_id,
    consultant: row.consultant_user_id
      ? { id: row.consultant_user_id, name: row.consultant_name ?? '' }
      : null,
    model: {
      id: row.model_id,
      makeName: row.make_name,
      modelName: row.model_name,
      series: row.series,
    },
    trim: row.trim_id ? { id: row.trim_id, name: row.trim_name ?? '' } : null,
    colour: row.colour,
    price: {
      currency: row.currency.trim(),
      listMinor: row.list_price_minor,
      discountMinor: row.discount_minor,
      agreementDiscountMinor: row.agreement_discount_minor,
      finalMinor: row.final_price_minor,
    },
    agreementId: row.agreement_id,
    tradeIn: row.trade_in_make
      ? {
          vin: row.trade_in_vin,
          make: row.trade_in_make,
          model: row.trade_in_model,
          year: row.trade_in_year,
          mileageKm: row.trade_in_mileage_km,
          appraisalMinor: row.trade_in_appraisal_minor,
          vehicleId: row.trade_in_vehicle_id,
        }
      : null,
    plannedDeliveryDate: row.planned_delivery_date,
    vehicleId: row.vehicle_id,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    deliveredOn: row.delivered_on,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
  };
}

export type OrderFilter = {
  customerId?: string | undefined;
  dealerId?: string | undefined;
  status?: OrderStatus | undefined;
};

/** The orders list's filters over the orders in scope: the list and the export share it. */
export function filteredOrders(db: Db, actor: Actor, filter: OrderFilter) {
  let query = visibleOrders(db, actor);
  if (filter.customerId) query = query.where('o.customer_id', '=', filter.customerId);
  if (filter.dealerId) query = query.where('o.dealer_id', '=', filter.dealerId);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  return query;
}

export async function orderRows(
  db: Db,
  actor: Actor,
  filter: OrderFilter & { limit: number; offset: number },
): Promise<{ items: OrderView[]; total: number }> {
  const query = filteredOrders(db, actor, filter);
  const [rows, count] = await Promise.all([
    query
      .selectAll('o')
      .select(joinedColumns)
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toOrderView), total: Number(count.total) };
}
