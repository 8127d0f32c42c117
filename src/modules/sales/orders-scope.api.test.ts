import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { linkCustomerToDealer } from '../customers/index.ts';
import { seedCatalog, withCheckDigit } from '../vehicles/index.ts';

/**
 * Orders follow the customer scope, and a dealer's orders stay with that dealer: dealer A's
 * order is read, listed, changed, delivered and cancelled by nobody outside A's scope, even
 * when the customer is dealer B's customer too.
 */
const sees: Record<TestUserKey, boolean> = {
  admin: true,
  crmGroup: true,
  callCenterGroup: true,
  stewardGroup: true,
  analystGroup: true,
  brandX: true,
  analystX: true,
  regionR1: true,
  managerA: true,
  crmA: true,
  advisorA: true,
  callCenterA: true,
  consultantA1: true,
  brandY: false,
  regionR2: false,
  stewardR2: false,
  consultantA2: false,
  managerB: false,
  advisorB: false,
  consultantB1: false,
  managerC: false,
  consultantC1: false,
};

describe('who sees dealer A’s order for a customer shared with dealer B', () => {
  let world: TestWorld;
  let orderId: string;
  let customerId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    await seedCatalog(world.database.db, systemActor('test'));
    const model = await world.database.db
      .selectFrom('catalog_models')
      .select(['id', 'make_id'])
      .executeTakeFirstOrThrow();
    const modelId = model.id;
    // dealer A sells brand X: its car's make is brand X's (brand users see their brand's orders)
    const brandX = await world.database.db
      .selectFrom('brands')
      .select('id')
      .where('code', '=', 'X')
      .executeTakeFirstOrThrow();
    await world.database.db
      .updateTable('catalog_makes')
      .set({ brand_id: brandX.id })
      .where('id', '=', model.make_id)
      .execute();
    const customer = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      lastName: 'Общий',
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    // dealer B services him: he is B's customer as well
    await withActor(world.database.db, systemActor('test'), (tx) =>
      linkCustomerToDealer(tx, customerId, world.dealers.B.id, 'service'),
    );
    const order = await apiAs(world, 'consultantA1').post('/api/orders', {
      customerId,
      modelId,
      listPriceMinor: 1_000_000_00,
    });
    orderId = order.body.id;
  });
  afterAll(async () => world.close());

  it('reads and lists it exactly within scope (404 elsewhere, never a hint)', async () => {
    for (const [user, expected] of Object.entries(sees) as [TestUserKey, boolean][]) {
      const api = apiAs(world, user);
      const one = await api.get(`/api/orders/${orderId}`);
      expect([user, one.status]).toEqual([user, expected ? 200 : 404]);
      const list = await api.get('/api/orders');
      expect([user, list.body.total]).toEqual([user, expected ? 1 : 0]);
      const byCustomer = await api.get(`/api/orders?customerId=${customerId}`);
      expect([user, byCustomer.body.items.length]).toEqual([user, expected ? 1 : 0]);
    }
  });

  it('dealer B’s people cannot change, deliver or cancel it', async () => {
    for (const user of ['managerB', 'consultantB1', 'consultantA2'] as const) {
      const api = apiAs(world, user);
      expect((await api.patch(`/api/orders/${orderId}`, { colour: 'Red' })).status).toBe(404);
      expect((await api.post(`/api/orders/${orderId}/cancel`, { reason: 'x' })).status).toBe(404);
      const deliver = await api.post(`/api/orders/${orderId}/deliver`, {
        vin: withCheckDigit('LB37624S0PX000301'),
      });
      expect(deliver.status).toBe(404);
    }
    const order = await apiAs(world, 'consultantA1').get(`/api/orders/${orderId}`);
    expect(order.body).toMatchObject({ status: 'draft', colour: null });
  });

  it('dealer B cannot write an order for dealer A, nor for a customer it cannot see', async () => {
    const modelId = (
      await world.database.db.selectFrom('catalog_models').select('id').executeTakeFirstOrThrow()
    ).id;
    const forA = await apiAs(world, 'managerB').post('/api/orders', {
      customerId,
      dealerCode: 'A',
      modelId,
      listPriceMinor: 1,
    });
    expect(forA.status).toBe(403);
    const invisible = await apiAs(world, 'managerC').post('/api/orders', {
      customerId,
      modelId,
      listPriceMinor: 1,
    });
    expect(invisible.status).toBe(404);
  });

  it('names the selling dealer by field: an unknown code, none named above dealers', async () => {
    const modelId = (
      await world.database.db.selectFrom('catalog_models').select('id').executeTakeFirstOrThrow()
    ).id;
    const order = (dealerCode?: string) =>
      apiAs(world, 'crmGroup').post('/api/orders', {
        customerId,
        modelId,
        listPriceMinor: 1,
        ...(dealerCode ? { dealerCode } : {}),
      });
    const unknown = await order('ZZ');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([
      expect.objectContaining({ path: 'dealerCode', code: 'unknown_dealer' }),
    ]);
    const none = await order();
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual([
      expect.objectContaining({ path: 'dealerCode', message: 'name the selling dealer' }),
    ]);
    // a code in lower case is the dealer's
    expect((await order('a')).status).toBe(201);
  });

  it('lists every sales route in the OpenAPI document', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(answer.statusCode, answer.body.slice(0, 600)).toBe(200);
    const document = answer.json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/orders',
        'GET /api/orders',
        'GET /api/orders/{id}',
        'PATCH /api/orders/{id}',
        'POST /api/orders/{id}/deliver',
        'POST /api/orders/{id}/cancel',
        'GET /api/price-list',
        'POST /api/agreements',
        'GET /api/agreements',
        'GET /api/agreements/{id}',
        'POST /api/conquest-plans',
        'GET /api/conquest-plans',
        'GET /api/conquest-plans/{id}',
        'POST /api/stock-arrivals',
        'GET /api/stock-arrivals',
      ]),
    );
  });
});
