import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, scopeBrandId, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { assertCustomerVisible, linkCustomerToDealer } from '../customers/index.ts';
import { assertLeadOfCustomer, moveLeadStage } from '../leads/index.ts';
import {
  findDealerByCode,
  findDealerById,
  namedOrOwnDealer,
  type DealerRef,
} from '../org/index.ts';
import { checkVin } from '../vehicles/index.ts';
import { agreementForOrder } from './agreements.service.ts';
import type {
  CreateOrderInput,
  OrderListQuery,
  TradeInInput,
  UpdateOrderInput,
} from './order.schemas.ts';
import {
  findOrder,
  lockOrder,
  orderRows,
  toOrderView,
  type OrderFilter,
  type OrderView,
} from './order-view.ts';
import { priceOrder } from './pricing.ts';

type CatalogEntry = {
  makeName: string;
  modelName: string;
  series: string | null;
  trimId: string | null;
  trimName: string | null;
  basePriceMinor: number | null;
  baseCurrency: string | null;
  /** the catalogue make's brand of the group, null for a make the group does not sell */
  brandId: string | null;
};

async function catalogEntry(
  db: Db | Tx,
  modelId: string,
  trimId: string | null | undefined,
  problems: FieldProblem[],
): Promise<CatalogEntry | undefined> {
  const row = await db
    .selectFrom('catalog_models as m')
    .innerJoin('catalog_makes as k', 'k.id', 'm.make_id')
    .leftJoin('catalog_trims as t', (join) =>
      join.onRef('t.model_id', '=', 'm.id').on('t.id', '=', trimId ?? null),
    )
    .select([
      'k.name as make_name',
      'm.name as model_name',
      'm.series',
      't.id as trim_id',
      't.name as trim_name',
      't.base_price_minor',
      't.currency',
      'k.brand_id',
    ])
    .where('m.id', '=', modelId)
    .executeTakeFirst();
  if (!row) {
    problems.push({ path: 'modelId', message: 'not in the catalogue' });
    return undefined;
  }
  if (trimId && !row.trim_id)
    problems.push({ path: 'trimId', message: 'not a trim of this model' });
  return {
    makeName: row.make_name,
    modelName: row.model_name,
    series: row.series,
    trimId: row.trim_id,
    trimName: row.trim_name,
    basePriceMinor: row.base_price_minor,
    baseCurrency: row.currency?.trim() ?? null,
    brandId: row.brand_id,
  };
}

/** The selling dealer: the actor's own, or the one named by staff above dealers. */
async function sellingDealer(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
  problems: FieldProblem[],
): Promise<DealerRef | undefined> {
  return namedOrOwnDealer(db, actor, dealerCode, problems, 'name the selling dealer');
}

function tradeInColumns(tradeIn: TradeInInput | null | undefined, problems: FieldProblem[]) {
  let vin: string | null = null;
  if (tradeIn?.vin) {
    const check = checkVin(tradeIn.vin);
    if (check.valid) vin = check.vin;
    else problems.push({ path: 'tradeIn.vin', message: check.error });
  }
  return {
    trade_in_vin: vin,
    trade_in_make: tradeIn?.make ?? null,
    trade_in_model: tradeIn?.model ?? null,
    trade_in_year: tradeIn?.year ?? null,
    trade_in_mileage_km: tradeIn?.mileageKm ?? null,
    trade_in_appraisal_minor: tradeIn?.appraisalMinor ?? null,
  };
}

/** The list price given, or the trim's base price when it is in the order's currency. */
function listPrice(
  given: number | undefined,
  entry: CatalogEntry | undefined,
  currency: string,
  problems: FieldProblem[],
): number {
  if (given !== undefined) return given;
  if (entry?.basePriceMinor != null && entry.baseCurrency === currency) return entry.basePriceMinor;
  if (entry) problems.push({ path: 'listPriceMinor', message: 'give the list price' });
  return 0;
}

/**
 * Prices an order inside the write's transaction: a company's agreement for the year gives the
 * tier its yearly volume reaches, this order included.
 */
async function priceInTx(
  tx: Tx,
  order: { id?: string; customerId: string; dealer: DealerRef },
  listMinor: number,
  extraMinor: number,
) {
  const agreement = await agreementForOrder(tx, order.customerId, order.dealer.timezone, order.id);
  const price = priceOrder(listMinor, agreement?.tier?.discountBp ?? 0, extraMinor);
  if (!price) {
    throw new ValidationError([
      { path: 'discountMinor', message: 'the discounts exceed the list price' },
    ]);
  }
  return {
    agreement_id: agreement?.id ?? null,
    list_price_minor: price.listMinor,
    agreement_discount_minor: price.agreementDiscountMinor,
    discount_minor: price.discountMinor,
    final_price_minor: price.finalMinor,
  };
}

function checkPlannedDate(date: string | null | undefined, problems: FieldProblem[]): void {
  // a day of grace: the dealer's today may still be yesterday in UTC
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  if (date && date < yesterday)
    problems.push({ path: 'plannedDeliveryDate', message: 'lies in the past' });
}

export async function createOrder(
  db: Db,
  actor: Actor,
  input: CreateOrderInput,
): Promise<{ id: string }> {
  if (!can(actor, 'orders:write')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, input.customerId);
  if (input.leadId) await assertLeadOfCustomer(db, actor, input.leadId, input.customerId);
  const problems: FieldProblem[] = [];
  const dealer = await sellingDealer(db, actor, input.dealerCode, problems);
  const entry = await catalogEntry(db, input.modelId, input.trimId, problems);
  // a brand-level seller would not see an order for another brand's car (orderVisible)
  const ownBrand = scopeBrandId(actor);
  if (entry && ownBrand && entry.brandId !== ownBrand) {
    problems.push({ path: 'modelId', message: 'not a model of your brand' });
  }
  const currency = input.currency ?? dealer?.currency ?? '';
  const listMinor = listPrice(input.listPriceMinor, entry, currency, problems);
  const tradeIn = tradeInColumns(input.tradeIn, problems);
  checkPlannedDate(input.plannedDeliveryDate, problems);
  if (problems.length || !dealer || !entry) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const price = await priceInTx(
      tx,
      { customerId: input.customerId, dealer },
      listMinor,
      input.discountMinor ?? 0,
    );
    const { id } = await tx
      .insertInto('orders')
      .values({
        customer_id: input.customerId,
        dealer_id: dealer.id,
        lead_id: input.leadId ?? null,
        consultant_user_id: actor.dealerId === dealer.id ? actor.userId : null,
        model_id: input.modelId,
        trim_id: entry.trimId,
        make_name: entry.makeName,
        model_name: entry.modelName,
        series: entry.series,
        trim_name: entry.trimName,
        colour: input.colour ?? null,
        currency,
        ...price,
        ...tradeIn,
        planned_delivery_date: input.plannedDeliveryDate ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // an order at a dealer the customer had no link with makes him that dealer's customer
    await linkCustomerToDealer(tx, input.customerId, dealer.id, 'sales');
    // the opportunity reaches the "order" stage with its order (404 if the lead is not ours)
    if (input.leadId) await moveLeadStage(tx, actor, input.leadId, 'order');
    return { id };
  });
}

export async function getOrder(db: Db, actor: Actor, id: string): Promise<OrderView> {
  return toOrderView(await findOrder(db, actor, id));
}

/** The list's query as a filter: a dealer code that names no dealer is a 400 naming it. */
export async function orderFilterOf(
  db: Db,
  query: Omit<OrderListQuery, 'limit' | 'offset'>,
): Promise<OrderFilter> {
  const problems: FieldProblem[] = [];
  let dealerId: string | undefined;
  if (query.dealerCode) {
    dealerId = (await findDealerByCode(db, query.dealerCode))?.id;
    if (!dealerId)
      problems.push({
        path: 'dealerCode',
        message: `no dealer ${query.dealerCode}`,
        code: 'unknown_dealer',
      });
  }
  if (problems.length) throw new ValidationError(problems);
  return { customerId: query.customerId, dealerId, status: query.status };
}

export async function listOrders(
  db: Db,
  actor: Actor,
  query: OrderListQuery,
): Promise<{ items: OrderView[]; total: number }> {
  const filter = await orderFilterOf(db, query);
  return orderRows(db, actor, { ...filter, limit: query.limit, offset: query.offset });
}

// status: confirming a confirmed order again is harmless
const editableWhenConfirmed = new Set(['plannedDeliveryDate', 'colour', 'status']);

export async function updateOrder(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateOrderInput,
): Promise<void> {
  if (!can(actor, 'orders:write')) throw new ForbiddenError();
  await findOrder(db, actor, id);
  await withActor(db, actor, async (tx) => {
    const order = await lockOrder(tx, id);
    const changed = Object.keys(input).filter(
      (key) => input[key as keyof UpdateOrderInput] !== undefined,
    );
    if (order.status === 'delivered' || order.status === 'cancelled')
      throw new ConflictError(`The order is ${order.status} and can no longer change`).because(
        'order_closed',
        { status: order.status },
      );
    if (order.status === 'confirmed') {
      const locked = changed.filter((key) => !editableWhenConfirmed.has(key));
      if (locked.length)
        throw new ConflictError(
          'A confirmed order changes only its colour and planned delivery date',
          locked.map((path) => ({ path, message: 'fixed once the order is confirmed' })),
        ).because('order_confirmed_locked');
    }
    const problems: FieldProblem[] = [];
    const dealer = (await findDealerById(tx, order.dealer_id))!;
    let trim: Partial<{ trim_id: string | null; trim_name: string | null }> = {};
    let catalogPrice: number | undefined;
    if (input.trimId !== undefined) {
      const entry = await catalogEntry(tx, order.model_id, input.trimId, problems);
      trim = { trim_id: entry?.trimId ?? null, trim_name: entry?.trimName ?? null };
      if (entry?.basePriceMinor != null && entry.baseCurrency === order.currency)
        catalogPrice = entry.basePriceMinor;
    }
    const tradeIn = input.tradeIn !== undefined ? tradeInColumns(input.tradeIn, problems) : {};
    checkPlannedDate(input.plannedDeliveryDate, problems);
    if (problems.length) throw new ValidationError(problems);
    const repriced =
      order.status === 'draft' &&
      (input.listPriceMinor !== undefined ||
        input.discountMinor !== undefined ||
        catalogPrice !== undefined)
        ? await priceInTx(
            tx,
            { id, customerId: order.customer_id, dealer },
            input.listPriceMinor ?? catalogPrice ?? order.list_price_minor,
            input.discountMinor ?? order.discount_minor - order.agreement_discount_minor,
          )
        : {};
    await tx
      .updateTable('orders')
      .set({
        ...trim,
        ...tradeIn,
        ...repriced,
        ...(input.colour !== undefined ? { colour: input.colour } : {}),
        ...(input.plannedDeliveryDate !== undefined
          ? { planned_delivery_date: input.plannedDeliveryDate }
          : {}),
        ...(input.status === 'confirmed' && order.status === 'draft'
          ? { status: 'confirmed' as const, confirmed_at: sql<Date>`now()` }
          : {}),
      })
      .where('id', '=', id)
      .execute();
  });
}

export async function cancelOrder(db: Db, actor: Actor, id: string, reason: string): Promise<void> {
  if (!can(actor, 'orders:write')) throw new ForbiddenError();
  await findOrder(db, actor, id);
  await withActor(db, actor, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order.status === 'delivered' || order.status === 'cancelled')
      throw new ConflictError(`The order is ${order.status} already`).because(
        'order_status_already',
        { status: order.status },
      );
    await tx
      .updateTable('orders')
      .set({ status: 'cancelled', cancel_reason: reason, cancelled_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  });
}
