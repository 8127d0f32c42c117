import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog, withCheckDigit } from '../vehicles/index.ts';
import { yearIn } from './agreements.service.ts';

describe('a fleet company buys under its annual agreement', () => {
  let world: TestWorld;
  let companyId: string;
  let modelId: string;
  let agreementId: string;
  const year = yearIn('Europe/Moscow');
  const listPriceMinor = 2_000_000_00;

  beforeAll(async () => {
    world = await createTestWorld();
    await seedCatalog(world.database.db, systemActor('test'));
    modelId = (
      await world.database.db
        .selectFrom('catalog_models')
        .select('id')
        .orderBy('name')
        .executeTakeFirstOrThrow()
    ).id;
    const company = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'company',
      companyName: 'ООО Таксопарк Север',
      categories: ['fleet', 'taxi'],
      dealerCode: 'A',
    });
    expect(company.status).toBe(201);
    companyId = company.body.id;
  });
  afterAll(async () => world.close());

  it('the dealer manager sets the year’s tiers; a consultant may not', async () => {
    const body = {
      companyId,
      year,
      tiers: [
        { minVehicles: 1, discountBp: 200 },
        { minVehicles: 3, discountBp: 500 },
      ],
      note: 'Frame agreement 2026',
    };
    expect((await apiAs(world, 'consultantA1').post('/api/agreements', body)).status).toBe(403);
    const saved = await apiAs(world, 'managerA').post('/api/agreements', body);
    expect(saved.status).toBe(201);
    agreementId = saved.body.id;
  });

  it('refuses tiers where a bigger volume gets a smaller discount, and persons', async () => {
    const api = apiAs(world, 'managerA');
    const falling = await api.post('/api/agreements', {
      companyId,
      year: year + 1,
      tiers: [
        { minVehicles: 1, discountBp: 500 },
        { minVehicles: 10, discountBp: 300 },
      ],
    });
    expect(falling.status).toBe(400);
    expect(falling.body.error.fields[0].path).toBe('tiers.1.discountBp');
    const person = await api.post('/api/customers', {
      kind: 'person',
      lastName: 'Иванов',
      dealerCode: 'A',
    });
    const withPerson = await api.post('/api/agreements', {
      companyId: person.body.id,
      year,
      tiers: [{ minVehicles: 1, discountBp: 100 }],
    });
    expect(withPerson.status).toBe(400);
    expect(withPerson.body.error.fields[0].path).toBe('companyId');
  });

  it('prices each order with the tier the company’s yearly volume reaches', async () => {
    const api = apiAs(world, 'consultantA1');
    const discounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await api.post('/api/orders', {
        customerId: companyId,
        modelId,
        listPriceMinor,
        discountMinor: 1_000_00,
      });
      expect(created.status).toBe(201);
      const order = await api.get(`/api/orders/${created.body.id}`);
      expect(order.body.agreementId).toBe(agreementId);
      discounts.push(order.body.price.agreementDiscountMinor);
      expect(order.body.price.discountMinor).toBe(
        order.body.price.agreementDiscountMinor + 1_000_00,
      );
      expect(order.body.price.finalMinor).toBe(listPriceMinor - order.body.price.discountMinor);
    }
    // 2% for the first and second vehicle, 5% from the third
    expect(discounts).toEqual([40_000_00, 40_000_00, 100_000_00]);

    const agreement = await apiAs(world, 'managerA').get(`/api/agreements/${agreementId}`);
    expect(agreement.body).toMatchObject({
      year,
      volume: 3,
      currentTier: { minVehicles: 3, discountBp: 500 },
      company: { id: companyId, categories: ['fleet', 'taxi'] },
    });
  });

  it('orders written at the same moment count each other', async () => {
    const manager = apiAs(world, 'managerA');
    const fleet = await manager.post('/api/customers', {
      kind: 'company',
      companyName: 'АО Лизинг Восток',
      categories: ['leasing'],
      dealerCode: 'A',
    });
    await manager.post('/api/agreements', {
      companyId: fleet.body.id,
      year,
      tiers: [
        { minVehicles: 1, discountBp: 100 },
        { minVehicles: 3, discountBp: 300 },
      ],
    });
    const api = apiAs(world, 'consultantA1');
    const created = await Promise.all(
      [1, 2, 3].map(() =>
        api.post('/api/orders', { customerId: fleet.body.id, modelId, listPriceMinor }),
      ),
    );
    const discounts = await Promise.all(
      created.map(
        async (answer) =>
          (await api.get(`/api/orders/${answer.body.id}`)).body.price.agreementDiscountMinor,
      ),
    );
    expect(discounts.sort((a, b) => a - b)).toEqual([20_000_00, 20_000_00, 60_000_00]);
  });

  it('a cancelled order no longer counts towards the volume', async () => {
    const api = apiAs(world, 'consultantA1');
    const list = await api.get(`/api/orders?customerId=${companyId}`);
    await api.post(`/api/orders/${list.body.items[0].id}/cancel`, { reason: 'Budget cut' });
    const agreement = await api.get(`/api/agreements/${agreementId}`);
    expect(agreement.body).toMatchObject({ volume: 2, currentTier: { discountBp: 200 } });
  });

  it('is a "new" customer until it bought in the last calendar year, then "existing"', async () => {
    const api = apiAs(world, 'managerA');
    expect((await api.get(`/api/agreements/${agreementId}`)).body.customerStatus).toBe('new');
    const bought = await api.post('/api/vehicles', {
      customerId: companyId,
      vin: withCheckDigit('LB37624S0PX000201'),
      modelId,
      purchase: { date: `${year - 1}-06-15`, dealerCode: 'A', priceMinor: 1_500_000_00 },
    });
    expect(bought.status).toBe(201);
    expect((await api.get(`/api/agreements/${agreementId}`)).body.customerStatus).toBe('existing');
  });

  it('another dealer’s manager does not see the company’s agreement', async () => {
    const api = apiAs(world, 'managerB');
    expect((await api.get(`/api/agreements/${agreementId}`)).status).toBe(404);
    expect((await api.get('/api/agreements')).body.items).toEqual([]);
    const foreign = await api.post('/api/agreements', {
      companyId,
      year,
      tiers: [{ minVehicles: 1, discountBp: 9000 }],
    });
    expect(foreign.status).toBe(404);
  });
});
