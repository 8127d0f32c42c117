import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from './vin.ts';

describe('a car is sold, serviced elsewhere and sold on', () => {
  let world: TestWorld;
  let buyerId: string;
  let secondOwnerId: string;
  let vehicleId: string;
  const vin = withCheckDigit('L6T79A2E0PF100233');

  beforeAll(async () => {
    world = await createTestWorld();
    const api = apiAs(world, 'managerA');
    buyerId = (
      await api.post('/api/customers', { kind: 'person', firstName: 'Анна', lastName: 'Кузнецова' })
    ).body.id;
    secondOwnerId = (
      await api.post('/api/customers', { kind: 'person', firstName: 'Пётр', lastName: 'Орлов' })
    ).body.id;
    await apiAs(world, 'admin').post('/api/customers', {
      kind: 'person',
      lastName: 'Elsewhere',
      dealerCode: 'C',
    });
  });
  afterAll(async () => world.close());

  it('registers the sale: VIN decoded, ownership started, buyer becomes an owner of dealer A', async () => {
    const api = apiAs(world, 'managerA');
    const created = await api.post('/api/vehicles', {
      customerId: buyerId,
      vin: vin.toLowerCase(),
      makeName: 'Geely',
      modelName: 'Coolray',
      colour: 'Crystal White',
      plate: 'а123вс77',
      purchase: {
        date: '2024-03-15',
        dealerCode: 'A',
        consultantUserId: world.users.consultantA1.id,
        priceMinor: 2_450_000_00,
        discountMinor: 50_000_00,
        odometerKm: 12,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.warnings).toEqual([]);
    vehicleId = created.body.id;
    const page = await api.get(`/api/vehicles/${vehicleId}`);
    expect(page.body.vehicle).toMatchObject({
      vin,
      wmiMaker: 'Geely',
      wmiCountry: 'CN',
      modelYear: 2023,
      plate: 'А123ВС77',
      odometerKm: 12,
    });
    expect(page.body.vinCheck).toMatchObject({ valid: true });
    expect(page.body.purchases).toEqual([
      expect.objectContaining({
        date: '2024-03-15',
        dealerCode: 'A',
        consultant: 'consultantA1',
        priceMinor: 245000000,
        currency: 'RUB',
      }),
    ]);
    const buyer = await api.get(`/api/customers/${buyerId}`);
    expect(buyer.body.profile.lifecycleStage).toBe('owner');
    expect(buyer.body.dealers[0].relations).toEqual(['prospect', 'owner']);
    expect(buyer.body.vehicles[0]).toMatchObject({
      id: vehicleId,
      vin,
      role: 'owner',
      fromDate: '2024-03-15',
    });
    expect(buyer.body.timeline[0]).toMatchObject({
      kind: 'purchase',
      title: 'Geely Coolray',
      dealerCode: 'A',
    });
    expect((await api.get(`/api/customers?search=${vin.slice(-6)}`)).body.items[0].id).toBe(
      buyerId,
    );
    expect(
      (await api.get(`/api/customers?search=${encodeURIComponent('А123ВС 77')}`)).body.items[0].id,
    ).toBe(buyerId);
  });

  it('refuses the same VIN twice', async () => {
    const again = await apiAs(world, 'managerA').post('/api/vehicles', {
      customerId: secondOwnerId,
      vin,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].path).toBe('vin');
  });

  it('hands the car to a new owner; the old ownership ends the day before', async () => {
    const api = apiAs(world, 'managerA');
    const early = await api.post(`/api/vehicles/${vehicleId}/ownership`, {
      customerId: secondOwnerId,
      fromDate: '2024-01-01',
    });
    expect(early.status).toBe(400);
    const moved = await api.post(`/api/vehicles/${vehicleId}/ownership`, {
      customerId: secondOwnerId,
      fromDate: '2026-06-01',
    });
    expect(moved.status).toBe(204);
    const page = await api.get(`/api/vehicles/${vehicleId}`);
    expect(page.body.owner).toEqual({ id: secondOwnerId, displayName: 'Орлов Пётр' });
    expect(page.body.ownerships).toEqual([
      expect.objectContaining({ customerId: secondOwnerId, fromDate: '2026-06-01', toDate: null }),
      expect.objectContaining({
        customerId: buyerId,
        fromDate: '2024-03-15',
        toDate: '2026-05-31',
      }),
    ]);
    const buyer = await api.get(`/api/customers/${buyerId}`);
    expect(buyer.body.vehicles).toEqual([]);
    expect(buyer.body.timeline[0]).toMatchObject({ kind: 'ownership', outcome: 'ended' });
  });

  it('decodes a VIN on request and lists the catalogue', async () => {
    const api = apiAs(world, 'consultantA1');
    expect((await api.get(`/api/vin/${vin}`)).body).toMatchObject({
      valid: true,
      maker: 'Geely',
      country: 'CN',
    });
    expect((await api.get('/api/vin/ABC')).body).toMatchObject({
      valid: false,
      error: expect.stringContaining('17'),
    });
    expect((await api.get('/api/catalog')).status).toBe(200);
  });
});
