import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { seedCatalog } from '../vehicles/index.ts';

/**
 * When is the next service due? Every 15,000 km or 12 months, whichever comes first, with the
 * km turned into a day by the car's own daily mileage. Histories here are the irregular ones a
 * dealer really has: no visit at all, one visit, readings too close together, a parked car.
 */
describe('next service due from the model’s interval and the car’s daily mileage', () => {
  let world: TestWorld;
  let customerId: string;
  let modelId: string;
  let otherModelId: string;

  const manager = () => apiAs(world, 'managerA');
  const advisor = () => apiAs(world, 'advisorA');

  async function car(
    purchase: { date: string; odometerKm?: number; condition?: 'new' | 'used' } | null,
    model = modelId,
  ) {
    const answer = await manager().post('/api/vehicles', {
      customerId,
      modelId: model,
      ...(purchase
        ? { purchase: { dealerCode: 'A', condition: purchase.condition ?? 'new', ...purchase } }
        : {}),
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  }

  async function visit(
    vehicleId: string,
    visitDate: string,
    mileageKm: number | null,
    visitType = 'maintenance',
  ) {
    const answer = await advisor().post('/api/service/visits', {
      vehicleId,
      visitDate,
      mileageKm,
      visitType,
    });
    expect(answer.status).toBe(201);
  }

  const due = async (vehicleId: string) =>
    (await advisor().get(`/api/service/vehicles/${vehicleId}/due`)).body;

  beforeAll(async () => {
    world = await createTestWorld();
    await seedCatalog(world.database.db, systemActor('test'));
    const models = await world.database.db
      .selectFrom('catalog_models')
      .select('id')
      .orderBy('name')
      .limit(2)
      .execute();
    modelId = models[0]!.id;
    otherModelId = models[1]!.id;
    const customer = await manager().post('/api/customers', {
      kind: 'person',
      firstName: 'Wang',
      lastName: 'Fang',
      phones: [{ number: '+7 916 555 30 40' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
  });
  afterAll(async () => world.close());

  it('a new car without visits: default daily mileage, due by time 12 months after delivery', async () => {
    const id = await car({ date: '2025-01-01' });
    expect(await due(id)).toMatchObject({
      intervalKm: 15_000,
      intervalMonths: 12,
      base: { kind: 'purchase', date: '2025-01-01', km: 0 },
      readingCount: 1,
      dailyKm: 41,
      dailyKmSource: 'default',
      // 15,000 / 41 = 365.9 -> 366 days
      dueByKm: '2026-01-02',
      dueByTime: '2026-01-01',
      dueDate: '2026-01-01',
      dueBy: 'time',
    });
  });

  it('one maintenance visit: its readings give the daily mileage and restart the interval', async () => {
    const id = await car({ date: '2025-01-01' });
    await visit(id, '2025-06-01', 10_000); // 10,000 km in 151 days = 66.2 km a day
    expect(await due(id)).toMatchObject({
      base: { kind: 'maintenance', date: '2025-06-01', km: 10_000 },
      lastReading: { date: '2025-06-01', km: 10_000 },
      dailyKm: 66.2,
      dailyKmSource: 'readings',
      // 15,000 / 66.2 = 226.6 -> 227 days after 1 June 2025
      dueByKm: '2026-01-14',
      dueByTime: '2026-06-01',
      dueDate: '2026-01-14',
      dueBy: 'km',
    });
  });

  it('one visit and no sale on record: the visit alone cannot tell a daily mileage', async () => {
    const id = await car(null);
    await visit(id, '2025-03-10', 42_000);
    expect(await due(id)).toMatchObject({
      base: { kind: 'maintenance', date: '2025-03-10', km: 42_000 },
      readingCount: 1,
      dailyKmSource: 'default',
      dueByTime: '2026-03-10',
      dueBy: 'time',
    });
  });

  it('no sale, no registration, no maintenance: nothing to count from', async () => {
    const id = await car(null);
    const answer = await advisor().get(`/api/service/vehicles/${id}/due`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
  });

  it('readings less than 30 days apart are too close to trust: the default applies', async () => {
    const id = await car({ date: '2025-05-01' });
    await visit(id, '2025-05-20', 3_000, 'repair');
    expect(await due(id)).toMatchObject({
      base: { kind: 'purchase', km: 0 },
      dailyKmSource: 'default',
      dailyKm: 41,
    });
  });

  it('a parked car (same km for months) is due by time only', async () => {
    const id = await car({ date: '2024-01-01', odometerKm: 5_000, condition: 'used' });
    await visit(id, '2024-09-01', 5_000, 'inspection');
    expect(await due(id)).toMatchObject({
      dailyKm: 0,
      dailyKmSource: 'readings',
      dueByKm: null,
      dueDate: '2025-01-01',
      dueBy: 'time',
      overdue: true,
    });
  });

  describe('at the interval’s boundaries (model interval 14,600 km / 12 months, 40 km a day)', () => {
    it('km and time fall on the same day: due that day, by km', async () => {
      const set = await world.app.inject({
        method: 'PUT',
        url: `/api/service/intervals/${modelId}`,
        headers: { authorization: `Bearer ${world.users.stewardGroup.token}` },
        payload: { intervalKm: 14_600, intervalMonths: 12 },
      });
      expect(set.statusCode).toBe(204);
      const id = await car({ date: '2025-01-01' });
      await visit(id, '2025-04-11', 4_000, 'inspection'); // 4,000 km in 100 days
      // from 4,000 km on 11 April: 10,600 km / 40 = 265 days -> 1 January 2026 = 12 months
      expect(await due(id)).toMatchObject({
        intervalKm: 14_600,
        dailyKm: 40,
        dueByKm: '2026-01-01',
        dueByTime: '2026-01-01',
        dueDate: '2026-01-01',
        dueBy: 'km',
      });
    });

    it('a little slower and time comes first; a little faster and km does', async () => {
      const id = await car({ date: '2025-01-01' });
      await visit(id, '2025-04-11', 3_960, 'inspection'); // 39.6 km a day
      // 10,640 km / 39.6 = 268.7 -> 269 days: 5 January 2026, after the 12 months
      expect(await due(id)).toMatchObject({
        dailyKm: 39.6,
        dueByKm: '2026-01-05',
        dueDate: '2026-01-01',
        dueBy: 'time',
      });
      const exact = await car({ date: '2025-01-01' });
      await visit(exact, '2025-04-11', 4_040, 'inspection'); // 40.4 km a day
      // 10,560 / 40.4 = 261.4 -> 262 days: 29 December 2025
      expect(await due(exact)).toMatchObject({ dueByKm: '2025-12-29', dueBy: 'km' });
    });

    it('other models keep the default interval; the catalogue lists both', async () => {
      const id = await car({ date: '2025-01-01' }, otherModelId);
      expect(await due(id)).toMatchObject({ intervalKm: 15_000, intervalMonths: 12 });
      const intervals = await advisor().get('/api/service/intervals');
      expect(intervals.body[0]).toMatchObject({ modelId: null, intervalKm: 15_000 });
      expect(intervals.body).toContainEqual(
        expect.objectContaining({ modelId, intervalKm: 14_600, intervalMonths: 12 }),
      );
    });
  });

  it('a month-end purchase is due on the last day of the shorter month', async () => {
    const set = await world.app.inject({
      method: 'PUT',
      url: `/api/service/intervals/${otherModelId}`,
      headers: { authorization: `Bearer ${world.users.stewardGroup.token}` },
      payload: { intervalKm: 30_000, intervalMonths: 1 },
    });
    expect(set.statusCode).toBe(204);
    const id = await car({ date: '2025-01-31' }, otherModelId);
    expect(await due(id)).toMatchObject({ dueByTime: '2025-02-28', dueBy: 'time' });
  });

  it('only catalogue staff set intervals, within sane bounds', async () => {
    const byAdvisor = await world.app.inject({
      method: 'PUT',
      url: '/api/service/intervals/default',
      headers: { authorization: `Bearer ${world.users.advisorA.token}` },
      payload: { intervalKm: 10_000, intervalMonths: 12 },
    });
    expect(byAdvisor.statusCode).toBe(403);
    const silly = await world.app.inject({
      method: 'PUT',
      url: '/api/service/intervals/default',
      headers: { authorization: `Bearer ${world.users.stewardGroup.token}` },
      payload: { intervalKm: 10, intervalMonths: 12 },
    });
    expect(silly.statusCode).toBe(400);
    expect(JSON.parse(silly.body).error.fields[0].path).toBe('intervalKm');
  });
});
