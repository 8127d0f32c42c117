import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * Dealer A's service manager looks through the week's repair orders: only the repairs, with
 * the CSI the owners gave on the after-visit calls. Dealer B's advisor finds none of them, and
 * a visit type the list does not know is refused naming the field.
 */
describe('the list of a dealer’s repair orders with their CSI scores', () => {
  let world: TestWorld;

  const visit = async (vehicleId: string, visitType: string, day: string, csi?: number) => {
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: day,
      visitType,
      totalMinor: 10_000_00,
    });
    expect(answer.status).toBe(201);
    if (csi !== undefined) {
      const call = await apiAs(world, 'advisorA').post(
        `/api/service/visits/${answer.body.id}/follow-up`,
        { csiScore: csi },
      );
      expect(call.status).toBe(204);
    }
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Анна',
      lastName: 'Круглова',
      phones: [{ number: '+7 916 555 42 70' }],
      dealerCode: 'A',
    });
    const car = async (vin: string) =>
      (
        await manager.post('/api/vehicles', {
          customerId: customer.body.id,
          vin: withCheckDigit(vin),
          makeName: 'Geely',
          modelName: 'Monjaro',
          purchase: { date: '2024-03-01', dealerCode: 'A', condition: 'new' },
        })
      ).body.id as string;
    const first = await car('LB37624S0PX000501');
    const second = await car('LB37624S0PX000502');
    await visit(first, 'maintenance', '2025-03-02', 10);
    await visit(first, 'repair', '2025-06-10', 6);
    await visit(second, 'repair', '2025-07-01', 9);
    await visit(second, 'repair', '2025-08-15');
  });
  afterAll(async () => world.close());

  it('filters by visit type and averages the CSI of all matching visits, not just the page', async () => {
    const list = await apiAs(world, 'managerA').get('/api/service/visits?visitType=repair');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((item: { visitDate: string }) => item.visitDate)).toEqual([
      '2025-08-15',
      '2025-07-01',
      '2025-06-10',
    ]);
    expect(list.body.csi).toEqual({ scored: 2, average: 7.5 });
    const all = await apiAs(world, 'managerA').get('/api/service/visits?limit=1');
    expect(all.body.items).toHaveLength(1);
    expect(all.body.total).toBe(4);
    // the scores are of all that match, not of the page
    expect(all.body.csi).toEqual({ scored: 3, average: 8.3 });
  });

  it('shows dealer B’s advisor neither the visits nor their scores', async () => {
    const list = await apiAs(world, 'advisorB').get('/api/service/visits?visitType=repair');
    expect(list.body).toEqual({ items: [], total: 0, csi: { scored: 0, average: null } });
  });

  it('refuses an unknown visit type, naming the field', async () => {
    const list = await apiAs(world, 'managerA').get('/api/service/visits?visitType=oil');
    expect(list.status).toBe(400);
    expect(JSON.stringify(list.body.error)).toContain('visitType');
  });
});
