import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * Dealer A's after-sales manager looks at who stopped coming: owners who serviced here in their
 * first year and then no more, the most valuable first, and the loyalty of years 1 to 3.
 */
describe('retention per dealer and the lapsed-owner worklist', () => {
  let world: TestWorld;
  let serial = 700;
  const cars: Record<string, { customerId: string; vehicleId: string }> = {};

  async function sold(name: string, date: string, priceMinor: number) {
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: name,
      lastName: 'Owner',
      phones: [{ number: `+7 916 ${serial} 56 78` }],
      dealerCode: 'A',
    });
    const vehicle = await manager.post('/api/vehicles', {
      customerId: customer.body.id,
      vin: withCheckDigit(`LB37624S0PX000${++serial}`),
      makeName: 'Geely',
      purchase: { date, dealerCode: 'A', condition: 'new', priceMinor },
    });
    expect(vehicle.status).toBe(201);
    cars[name] = { customerId: customer.body.id, vehicleId: vehicle.body.id };
  }

  async function serviced(name: string, visitDate: string, totalMinor: number) {
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId: cars[name]!.vehicleId,
      visitDate,
      visitType: 'maintenance',
      totalMinor,
    });
    expect(answer.status).toBe(201);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    // bought in 2022: serviced in years 1, 2 and 3, and still coming
    await sold('Loyal', '2022-03-01', 2_000_000_00);
    await serviced('Loyal', '2023-01-10', 20_000_00);
    await serviced('Loyal', '2024-01-10', 25_000_00);
    await serviced('Loyal', '2025-01-10', 30_000_00);
    // serviced in year 1 only, nothing since 2023: lapsed; the dearer car first
    await sold('LapsedRich', '2022-05-01', 4_000_000_00);
    await serviced('LapsedRich', '2023-02-01', 40_000_00);
    await sold('LapsedModest', '2022-06-01', 1_500_000_00);
    await serviced('LapsedModest', '2023-03-01', 15_000_00);
    // never serviced here: not "lapsed" (never retained), but counts in the loyalty base
    await sold('Never', '2022-07-01', 1_800_000_00);
  });
  afterAll(async () => world.close());

  it('counts lapsed owners and the loyalty of years 1, 2 and 3', async () => {
    const answer = await apiAs(world, 'managerA').get('/api/service/retention?asOf=2025-06-01');
    expect(answer.status).toBe(200);
    expect(answer.body.dealers).toEqual([
      {
        dealerCode: 'A',
        soldVehicles: 4,
        servicedInYear1: 3,
        lapsed: 2,
        loyalty: [
          { year: 1, vehicles: 4, serviced: 3, share: 0.75 },
          { year: 2, vehicles: 4, serviced: 1, share: 0.25 },
          // the cars of March, May and 1 June 2022 have lived their 3rd year by June 2025
          { year: 3, vehicles: 3, serviced: 1, share: 0.333 },
        ],
      },
    ]);
  });

  it('lists the lapsed owners for the call centre, most valuable first', async () => {
    const answer = await apiAs(world, 'managerA').get('/api/service/lapsed-owners?asOf=2025-06-01');
    expect(answer.body.items.map((item: { customer: { id: string } }) => item.customer.id)).toEqual(
      [cars.LapsedRich!.customerId, cars.LapsedModest!.customerId],
    );
    expect(answer.body.items[0]).toMatchObject({
      dealerCode: 'A',
      lastVisitDate: '2023-02-01',
      lifetimeValueMinor: 4_000_000_00 + 40_000_00,
      currency: 'RUB',
    });
  });

  it('shows dealer B none of it', async () => {
    const b = apiAs(world, 'managerB');
    expect((await b.get('/api/service/retention?asOf=2025-06-01')).body.dealers).toEqual([]);
    expect((await b.get('/api/service/lapsed-owners?asOf=2025-06-01')).body.items).toEqual([]);
  });
});
