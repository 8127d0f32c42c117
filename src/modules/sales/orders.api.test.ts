import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog, withCheckDigit } from '../vehicles/index.ts';
import { claimDomainEvents, markDomainEventsProcessed } from './index.ts';

type Model = { modelId: string; trimId: string; priceMinor: number; series: string | null };

async function catalogModel(world: TestWorld): Promise<Model> {
  await seedCatalog(world.database.db, systemActor('test'));
  const row = await world.database.db
    .selectFrom('catalog_trims as t')
    .innerJoin('catalog_models as m', 'm.id', 't.model_id')
    .select(['m.id as model_id', 't.id as trim_id', 't.base_price_minor', 'm.series'])
    .where('t.currency', '=', 'RUB')
    .where('t.base_price_minor', 'is not', null)
    .orderBy('m.name')
    .orderBy('t.name')
    .executeTakeFirstOrThrow();
  return {
    modelId: row.model_id,
    trimId: row.trim_id,
    priceMinor: row.base_price_minor!,
    series: row.series,
  };
}

const daysAhead = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const inTwoWeeks = daysAhead(14);
const inThreeWeeks = daysAhead(21);

describe('a consultant sells a car: order, confirmation, delivery with a trade-in', () => {
  let world: TestWorld;
  let model: Model;
  let customerId: string;
  let orderId: string;
  const vin = withCheckDigit('LB37624S0PX000101');
  const tradeInVin = withCheckDigit('XTA21099071234567');

  beforeAll(async () => {
    world = await createTestWorld();
    model = await catalogModel(world);
    const created = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Анна',
      lastName: 'Смирнова',
      phones: [{ number: '+7 916 555 22 33' }],
      dealerCode: 'A',
    });
    customerId = created.body.id;
  });
  afterAll(async () => world.close());

  it('writes a draft order priced from the trim, with the trade-in and its appraisal', async () => {
    const api = apiAs(world, 'consultantA1');
    const answer = await api.post('/api/orders', {
      customerId,
      modelId: model.modelId,
      trimId: model.trimId,
      colour: 'Silver',
      discountMinor: 50_000_00,
      tradeIn: {
        vin: tradeInVin,
        make: 'Lada',
        model: '2109',
        year: 2007,
        mileageKm: 180_000,
        appraisalMinor: 150_000_00,
      },
      plannedDeliveryDate: inTwoWeeks,
    });
    expect(answer.status).toBe(201);
    orderId = answer.body.id;
    const order = await api.get(`/api/orders/${orderId}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      status: 'draft',
      customer: { id: customerId, displayName: 'Смирнова Анна' },
      dealerCode: 'A',
      consultant: { id: world.users.consultantA1.id },
      trim: { id: model.trimId },
      colour: 'Silver',
      price: {
        currency: 'RUB',
        listMinor: model.priceMinor,
        discountMinor: 50_000_00,
        agreementDiscountMinor: 0,
        finalMinor: model.priceMinor - 50_000_00,
      },
      tradeIn: { vin: tradeInVin, make: 'Lada', appraisalMinor: 150_000_00, vehicleId: null },
      plannedDeliveryDate: inTwoWeeks,
    });
    const list = await api.get(`/api/orders?customerId=${customerId}`);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([orderId]);
  });

  it('refuses a discount above the list price and an unreadable trade-in VIN, naming fields', async () => {
    const api = apiAs(world, 'consultantA1');
    const tooMuch = await api.post('/api/orders', {
      customerId,
      modelId: model.modelId,
      listPriceMinor: 100_00,
      discountMinor: 100_01,
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.fields[0].path).toBe('discountMinor');
    const badVin = await api.post('/api/orders', {
      customerId,
      modelId: model.modelId,
      listPriceMinor: 100_00,
      tradeIn: { vin: 'NOT-A-VIN', make: 'Lada' },
    });
    expect(badVin.status).toBe(400);
    expect(badVin.body.error.fields[0].path).toBe('tradeIn.vin');
    const total = await api.get(`/api/orders?customerId=${customerId}`);
    expect(total.body.total).toBe(1);
  });

  it("will not hang an order on another person's lead, and writes nothing", async () => {
    const api = apiAs(world, 'consultantA1');
    const other = await api.post('/api/leads', {
      source: 'own_prospecting',
      person: { firstName: 'Олег', lastName: 'Чужов', phones: [{ number: '+7 916 555 22 44' }] },
    });
    expect(other.status).toBe(201);
    const answer = await api.post('/api/orders', {
      customerId,
      leadId: other.body.leadId,
      modelId: model.modelId,
      trimId: model.trimId,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0]).toMatchObject({ path: 'leadId' });
    const lead = await api.get(`/api/leads/${other.body.leadId}`);
    expect(lead.body.stage).toBe('new');
    const total = await api.get(`/api/orders?customerId=${customerId}`);
    expect(total.body.total).toBe(1);
  });

  it('does not deliver a draft: the order must be confirmed first', async () => {
    const answer = await apiAs(world, 'consultantA1').post(`/api/orders/${orderId}/deliver`, {
      vin,
    });
    expect(answer.status).toBe(409);
  });

  it('confirms the order, after which the price is fixed', async () => {
    const api = apiAs(world, 'consultantA1');
    expect((await api.patch(`/api/orders/${orderId}`, { status: 'confirmed' })).status).toBe(204);
    const priced = await api.patch(`/api/orders/${orderId}`, { discountMinor: 1 });
    expect(priced.status).toBe(409);
    expect(priced.body.error.fields[0].path).toBe('discountMinor');
    const moved = await api.patch(`/api/orders/${orderId}`, { plannedDeliveryDate: inThreeWeeks });
    expect(moved.status).toBe(204);
    const order = await api.get(`/api/orders/${orderId}`);
    expect(order.body).toMatchObject({ status: 'confirmed', plannedDeliveryDate: inThreeWeeks });
  });

  it('rejects a bad VIN at delivery and leaves everything as it was', async () => {
    const api = apiAs(world, 'consultantA1');
    const wrongDigit = `${vin.slice(0, 8)}${vin[8] === '0' ? '1' : '0'}${vin.slice(9)}`;
    const answer = await api.post(`/api/orders/${orderId}/deliver`, { vin: wrongDigit });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('vin');
    const order = await api.get(`/api/orders/${orderId}`);
    expect(order.body.status).toBe('confirmed');
    const events = await world.database.db.selectFrom('domain_events').selectAll().execute();
    expect(events).toEqual([]);
    const customer = await api.get(`/api/customers/${customerId}`);
    expect(customer.body.lifecycleStage ?? customer.body.profile?.lifecycleStage).toBe('prospect');
  });

  it('delivers: vehicle, ownership, purchase, owner stage, trade-in taken, event in the outbox', async () => {
    const api = apiAs(world, 'consultantA1');
    const answer = await api.post(`/api/orders/${orderId}/deliver`, { vin, plate: 'а123вс77' });
    expect(answer.status).toBe(200);
    const { vehicleId, tradeInVehicleId } = answer.body;
    expect(tradeInVehicleId).toEqual(expect.any(String));

    const order = await api.get(`/api/orders/${orderId}`);
    expect(order.body).toMatchObject({
      status: 'delivered',
      vehicleId,
      tradeIn: { vehicleId: tradeInVehicleId },
    });
    expect(order.body.deliveredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const vehicle = await api.get(`/api/vehicles/${vehicleId}`);
    expect(vehicle.status).toBe(200);
    expect(JSON.stringify(vehicle.body)).toContain(vin);

    const db = world.database.db;
    const purchase = await db
      .selectFrom('vehicle_purchases')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .executeTakeFirstOrThrow();
    expect(purchase).toMatchObject({
      customer_id: customerId,
      dealer_id: world.dealers.A.id,
      price_minor: model.priceMinor,
      discount_minor: 50_000_00,
      consultant_user_id: world.users.consultantA1.id,
    });
    const stage = await db
      .selectFrom('customers')
      .select('lifecycle_stage')
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    expect(stage.lifecycle_stage).toBe('owner');

    // the trade-in stays with the dealer: no current owner, the customer's ownership ended
    const tradeIn = await db
      .selectFrom('vehicles')
      .select(['customer_id', 'vin'])
      .where('id', '=', tradeInVehicleId)
      .executeTakeFirstOrThrow();
    expect(tradeIn).toEqual({ customer_id: null, vin: tradeInVin });
    const ownership = await db
      .selectFrom('vehicle_ownerships')
      .select(['customer_id', 'to_date'])
      .where('vehicle_id', '=', tradeInVehicleId)
      .execute();
    expect(ownership).toEqual([{ customer_id: customerId, to_date: order.body.deliveredOn }]);

    const events = await db.selectFrom('domain_events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'vehicle.delivered',
      customer_id: customerId,
      processed_at: null,
      payload: {
        orderId,
        vehicleId,
        vin,
        dealerCode: 'A',
        modelId: model.modelId,
        series: model.series,
        tradeInVehicleId,
      },
    });
  });

  it('a consumer claims the delivery event once and marks it processed', async () => {
    const db = world.database.db;
    const first = await withActor(db, systemActor('job'), async (tx) => {
      const events = await claimDomainEvents(tx, 'vehicle.delivered');
      await markDomainEventsProcessed(
        tx,
        events.map((event) => event.id),
      );
      return events;
    });
    expect(first.map((event) => event.payload.orderId)).toEqual([orderId]);
    expect(first[0]!.customerId).toBe(customerId);
    const again = await withActor(db, systemActor('job'), (tx) =>
      claimDomainEvents(tx, 'vehicle.delivered'),
    );
    expect(again).toEqual([]);
  });

  it('cannot deliver or cancel the same order twice', async () => {
    const api = apiAs(world, 'consultantA1');
    const again = await api.post(`/api/orders/${orderId}/deliver`, {
      vin: withCheckDigit('LB37624S0PX000102'),
    });
    expect(again.status).toBe(409);
    const cancel = await api.post(`/api/orders/${orderId}/cancel`, { reason: 'changed mind' });
    expect(cancel.status).toBe(409);
  });

  it('reprices a draft when its list price or discount changes', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/orders', {
      customerId,
      modelId: model.modelId,
      listPriceMinor: 2_000_000_00,
    });
    const changed = await api.patch(`/api/orders/${created.body.id}`, {
      listPriceMinor: 2_100_000_00,
      discountMinor: 70_000_00,
      colour: 'Blue',
    });
    expect(changed.status).toBe(204);
    const order = await api.get(`/api/orders/${created.body.id}`);
    expect(order.body).toMatchObject({
      status: 'draft',
      colour: 'Blue',
      price: { listMinor: 2_100_000_00, discountMinor: 70_000_00, finalMinor: 2_030_000_00 },
    });
    const past = await api.patch(`/api/orders/${created.body.id}`, {
      plannedDeliveryDate: '2020-01-01',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('plannedDeliveryDate');
    await api.post(`/api/orders/${created.body.id}/cancel`, { reason: 'Duplicate' });
  });

  it('cancels an order with its reason, and a reason is required', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/orders', {
      customerId,
      modelId: model.modelId,
      listPriceMinor: 2_000_000_00,
    });
    const noReason = await api.post(`/api/orders/${created.body.id}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    const done = await api.post(`/api/orders/${created.body.id}/cancel`, {
      reason: 'Bought a competitor model',
    });
    expect(done.status).toBe(204);
    const order = await api.get(`/api/orders/${created.body.id}`);
    expect(order.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Bought a competitor model',
    });
  });

  it('a service advisor, who does not sell cars, may read orders but not write them', async () => {
    const advisor = apiAs(world, 'advisorA');
    expect((await advisor.get(`/api/orders/${orderId}`)).status).toBe(200);
    const write = await advisor.post('/api/orders', {
      customerId,
      modelId: model.modelId,
      listPriceMinor: 1,
    });
    expect(write.status).toBe(403);
  });
});
