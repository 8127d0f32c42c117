import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

type Item = {
  customer: { id: string };
  lifetimeValueMinor: number;
  currency: string;
  lifetimeValue: { currency: string; amountMinor: number }[];
};

/**
 * Dealer A's call centre works through the lapsed owners page by page: it knows how many there
 * are, calls whoever owns the car today (not the first buyer of a resold car), and never sees
 * roubles and yuan added together (the audit of issue 4).
 */
describe('the lapsed-owner worklist tells the truth', () => {
  let world: TestWorld;
  let serial = 900;
  const asOf = '2025-06-01';
  const cars: Record<string, { customerId: string; vehicleId: string }> = {};

  async function customer(name: string): Promise<string> {
    const answer = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: name,
      lastName: 'Owner',
      phones: [{ number: `+7 916 ${serial} 33 44` }],
      dealerCode: 'A',
    });
    expect(answer.status).toBe(201);
    return answer.body.id;
  }

  async function sold(name: string, date: string, priceMinor: number, currency = 'RUB') {
    const customerId = await customer(name);
    const vehicle = await apiAs(world, 'managerA').post('/api/vehicles', {
      customerId,
      vin: withCheckDigit(`LB37624S0PX000${++serial}`),
      makeName: 'Geely',
      purchase: { date, dealerCode: 'A', condition: 'new', priceMinor, currency },
    });
    expect(vehicle.status).toBe(201);
    cars[name] = { customerId, vehicleId: vehicle.body.id };
  }

  async function serviced(name: string, visitDate: string, totalMinor: number) {
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId: cars[name]!.vehicleId,
      visitDate,
      visitType: 'maintenance',
      totalMinor,
      currency: 'RUB',
    });
    expect(answer.status).toBe(201);
  }

  const ids = (items: Item[]) => items.map((item) => item.customer.id);

  beforeAll(async () => {
    world = await createTestWorld();
    await sold('Rich', '2022-05-01', 4_000_000_00);
    await serviced('Rich', '2023-02-01', 40_000_00);
    await sold('Modest', '2022-06-01', 1_500_000_00);
    await serviced('Modest', '2023-03-01', 15_000_00);
    // bought in yuan, serviced in roubles: two figures, never one sum
    await sold('Yuan', '2022-07-01', 200_000_00, 'CNY');
    await serviced('Yuan', '2023-04-01', 30_000_00);
    // serviced by its buyer in year 1, resold on 1 January 2024; the new owner came once
    await sold('Resold', '2022-04-01', 3_000_000_00);
    await serviced('Resold', '2023-01-15', 10_000_00);
    const newOwner = await customer('NewOwner');
    const handed = await apiAs(world, 'managerA').post(
      `/api/vehicles/${cars.Resold!.vehicleId}/ownership`,
      { customerId: newOwner, fromDate: '2024-01-01' },
    );
    expect(handed.status).toBe(204);
    cars.NewOwner = { customerId: newOwner, vehicleId: cars.Resold!.vehicleId };
    await serviced('NewOwner', '2024-03-01', 5_000_00);
  });
  afterAll(async () => world.close());

  it('pages with a real total, in scope and with the same filters', async () => {
    const manager = apiAs(world, 'managerA');
    const first = await manager.get(`/api/service/lapsed-owners?asOf=${asOf}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(4);
    expect(ids(first.body.items)).toEqual([cars.Rich!.customerId, cars.Modest!.customerId]);
    const second = await manager.get(`/api/service/lapsed-owners?asOf=${asOf}&limit=2&offset=2`);
    expect(second.body.total).toBe(4);
    expect(ids(second.body.items)).toEqual([cars.Yuan!.customerId, cars.NewOwner!.customerId]);
    // past the end: no rows, still the total
    const beyond = await manager.get(`/api/service/lapsed-owners?asOf=${asOf}&offset=10`);
    expect(beyond.body).toEqual({ items: [], total: 4 });
    const otherDealer = await manager.get(`/api/service/lapsed-owners?asOf=${asOf}&dealerCode=B`);
    expect(otherDealer.body).toEqual({ items: [], total: 0 });
  });

  it('lists the resold car under its new owner, judged on his own visits and spend', async () => {
    const answer = await apiAs(world, 'managerA').get(`/api/service/lapsed-owners?asOf=${asOf}`);
    const items: Item[] = answer.body.items;
    expect(ids(items)).not.toContain(cars.Resold!.customerId);
    expect(items.find((item) => item.customer.id === cars.NewOwner!.customerId)).toMatchObject({
      purchaseDate: '2022-04-01',
      lastVisitDate: '2024-03-01',
      // his visit only: the first buyer's price and visit are not his
      lifetimeValueMinor: 5_000_00,
      currency: 'RUB',
      lifetimeValue: [{ currency: 'RUB', amountMinor: 5_000_00 }],
    });
  });

  it('keeps roubles and yuan apart in the lifetime value', async () => {
    const answer = await apiAs(world, 'managerA').get(`/api/service/lapsed-owners?asOf=${asOf}`);
    const items: Item[] = answer.body.items;
    expect(items.find((item) => item.customer.id === cars.Yuan!.customerId)).toMatchObject({
      lifetimeValueMinor: 30_000_00,
      currency: 'RUB',
      lifetimeValue: [
        { currency: 'RUB', amountMinor: 30_000_00 },
        { currency: 'CNY', amountMinor: 200_000_00 },
      ],
    });
    expect(items[0]).toMatchObject({
      lifetimeValueMinor: 4_040_000_00,
      lifetimeValue: [{ currency: 'RUB', amountMinor: 4_040_000_00 }],
    });
  });

  it('counts the summary on the same owners as the worklist', async () => {
    const answer = await apiAs(world, 'managerA').get(`/api/service/retention?asOf=${asOf}`);
    expect(answer.body.dealers).toEqual([
      {
        dealerCode: 'A',
        soldVehicles: 4,
        servicedInYear1: 4,
        // the worklist's total
        lapsed: 4,
        loyalty: [
          { year: 1, vehicles: 4, serviced: 4, share: 1 },
          // the resold car is in its new owner's first year of the two: not in years 2 and 3
          { year: 2, vehicles: 3, serviced: 0, share: 0 },
          { year: 3, vehicles: 2, serviced: 0, share: 0 },
        ],
      },
    ]);
  });

  it('calls the new owner of a resold car, never its first buyer, with money per currency', async () => {
    const answer = await apiAs(world, 'managerA').post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.Resold!.customerId, cars.NewOwner!.customerId, cars.Yuan!.customerId],
      assigneeUserId: world.users.callCenterA.id,
      dueAt: '2025-06-03T10:00:00+03:00',
      asOf,
    });
    expect(answer.status).toBe(201);
    expect(answer.body.notLapsed).toEqual([cars.Resold!.customerId]);
    const created = answer.body.created as { customerId: string; taskId: string }[];
    expect(created.map((row) => row.customerId).sort()).toEqual(
      [cars.NewOwner!.customerId, cars.Yuan!.customerId].sort(),
    );
    const descriptions = await world.database.db
      .selectFrom('tasks')
      .select(['customer_id', 'description'])
      .where(
        'id',
        'in',
        created.map((row) => row.taskId),
      )
      .execute();
    const byCustomer = new Map(descriptions.map((row) => [row.customer_id, row.description]));
    expect(byCustomer.get(cars.NewOwner!.customerId)).toContain('lifetime value: 5000.00 RUB');
    expect(byCustomer.get(cars.Yuan!.customerId)).toContain(
      'lifetime value: 30000.00 RUB + 200000.00 CNY',
    );
  });

  it('shows dealer B none of dealer A’s lapsed owners', async () => {
    const b = apiAs(world, 'managerB');
    const list = await b.get(`/api/service/lapsed-owners?asOf=${asOf}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], total: 0 });
    expect((await b.get(`/api/service/retention?asOf=${asOf}`)).body.dealers).toEqual([]);
    expect((await b.get(`/api/customers/${cars.NewOwner!.customerId}`)).status).toBe(404);
    const tasks = await b.post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.NewOwner!.customerId],
      dueAt: '2025-06-03T10:00:00+03:00',
      asOf,
    });
    expect(tasks.body).toEqual({
      created: [],
      skipped: [],
      notLapsed: [cars.NewOwner!.customerId],
    });
  });
});
