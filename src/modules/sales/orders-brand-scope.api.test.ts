import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { brandCrmUser, type BrandCall, type BrandReader } from '../../testing/brand-crm-user.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog } from '../vehicles/index.ts';

/**
 * Dealer B sells brands X and Y. An order is for a car of a catalogue make, and the make names
 * its brand: the brand X manager sees B's orders for X cars, never those for Y cars (404 to
 * reading and writing), and an order for a make of no brand stays with B's staff and those above
 * the brands, as leads naming no brand do.
 */
type OrderKey = 'x' | 'y' | 'none';
type Reader = BrandReader;

const expected: Partial<Record<Reader, OrderKey[]>> = {
  brandX: ['x'],
  analystX: ['x'],
  crmX: ['x'],
  brandY: ['y'],
  admin: ['none', 'x', 'y'],
  regionR1: ['none', 'x', 'y'],
  managerB: ['none', 'x', 'y'],
};

describe('brand-level users see only orders for their brand’s cars at a two-brand dealer', () => {
  let world: TestWorld;
  let customerId: string;
  const ids = {} as Record<OrderKey, string>;
  const models = {} as Record<OrderKey, string>;

  let call: BrandCall;
  const keyOf = (id: string) => (Object.keys(ids) as OrderKey[]).find((key) => ids[key] === id);

  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    await seedCatalog(db, systemActor('test'));
    const brands = await db.selectFrom('brands').select(['id', 'code']).execute();
    const brandId = (code: string) => brands.find((brand) => brand.code === code)!.id;
    const makes = await db.selectFrom('catalog_makes').select('id').orderBy('name').execute();
    expect(makes.length).toBeGreaterThanOrEqual(3);
    // the group sells two of the catalogue's makes as its brands X and Y; the third is no brand
    const makeOf: Record<OrderKey, string> = {
      x: makes[0]!.id,
      y: makes[1]!.id,
      none: makes[2]!.id,
    };
    await db.updateTable('catalog_makes').set({ brand_id: null }).execute();
    await db
      .updateTable('catalog_makes')
      .set({ brand_id: brandId('X') })
      .where('id', '=', makeOf.x)
      .execute();
    await db
      .updateTable('catalog_makes')
      .set({ brand_id: brandId('Y') })
      .where('id', '=', makeOf.y)
      .execute();
    call = await brandCrmUser(world);
    const customer = await apiAs(world, 'managerB').post('/api/customers', {
      kind: 'person',
      lastName: 'Покупатель',
      dealerCode: 'B',
    });
    expect(customer.status).toBe(201);
    customerId = customer.body.id;
    for (const key of Object.keys(makeOf) as OrderKey[]) {
      const model = await db
        .selectFrom('catalog_models')
        .select('id')
        .where('make_id', '=', makeOf[key])
        .executeTakeFirstOrThrow();
      models[key] = model.id;
      const order = await apiAs(world, 'managerB').post('/api/orders', {
        customerId,
        modelId: model.id,
        listPriceMinor: 2_000_000_00,
      });
      expect(order.status).toBe(201);
      ids[key] = order.body.id;
    }
  });
  afterAll(async () => world.close());

  it.each(Object.keys(expected) as Reader[])(
    '%s lists and opens exactly his orders',
    async (user) => {
      const visible = expected[user]!;
      const list = await call(user, 'GET', '/api/orders?dealerCode=B');
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => keyOf(item.id)).sort()).toEqual(visible);
      expect(list.body.total).toBe(visible.length);
      const ofCustomer = await call(user, 'GET', `/api/orders?customerId=${customerId}`);
      expect(ofCustomer.body.total).toBe(visible.length);
      for (const key of Object.keys(ids) as OrderKey[]) {
        const one = await call(user, 'GET', `/api/orders/${ids[key]}`);
        expect(one.status, `${user} reading ${key}`).toBe(visible.includes(key) ? 200 : 404);
      }
    },
  );

  it('the brands’ orders at B add up to B’s orders for branded cars', async () => {
    const totalOf = async (user: Reader) =>
      (await call(user, 'GET', '/api/orders?dealerCode=B')).body.total as number;
    expect((await totalOf('brandX')) + (await totalOf('brandY'))).toBe(
      (await totalOf('managerB')) - 1,
    );
  });

  it('a brand’s CRM manager cannot change or cancel an order for another brand’s car (404)', async () => {
    for (const key of ['y', 'none'] as const) {
      const order = `/api/orders/${ids[key]}`;
      expect((await call('crmX', 'PATCH', order, { colour: 'Red' })).status).toBe(404);
      expect((await call('crmX', 'POST', `${order}/cancel`, { reason: 'x' })).status).toBe(404);
    }
    const untouched = await apiAs(world, 'managerB').get(`/api/orders/${ids.y}`);
    expect(untouched.body).toMatchObject({ status: 'draft', colour: null });
    const own = await call('crmX', 'PATCH', `/api/orders/${ids.x}`, { colour: 'Red' });
    expect(own.status).toBe(204);
  });

  it('a brand’s CRM manager cannot open an order for another brand’s car (400 naming modelId)', async () => {
    for (const key of ['y', 'none'] as const) {
      const refused = await call('crmX', 'POST', '/api/orders', {
        customerId,
        dealerCode: 'B',
        modelId: models[key],
        listPriceMinor: 2_000_000_00,
      });
      expect(refused.status, key).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('modelId');
    }
    const before = (await call('managerB', 'GET', `/api/orders?customerId=${customerId}`)).body;
    const own = await call('crmX', 'POST', '/api/orders', {
      customerId,
      dealerCode: 'B',
      modelId: models.x,
      listPriceMinor: 2_000_000_00,
    });
    expect(own.status).toBe(201);
    const after = (await call('managerB', 'GET', `/api/orders?customerId=${customerId}`)).body;
    expect(after.total).toBe(before.total + 1);
  });
});
