import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * The importer opens a recall and uploads its VIN list; the car shows the open recall on its
 * page; the advisor's recall visit closes it. A bad line of the file is reported, not lost.
 */
describe('a recall campaign from VIN upload to the visit that closes it', () => {
  let world: TestWorld;
  let campaignId: string;
  let otherCampaignId: string;
  let vehicleId: string;
  const vin = withCheckDigit('LB37624S0PX000501');
  const notYetRegistered = withCheckDigit('LB37624S0PX000502');

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Li',
      lastName: 'Wei',
      phones: [{ number: '+7 916 555 60 70' }],
      dealerCode: 'A',
    });
    const vehicle = await manager.post('/api/vehicles', {
      customerId: customer.body.id,
      vin,
      makeName: 'Geely',
      purchase: { date: '2025-03-01', dealerCode: 'A' },
    });
    vehicleId = vehicle.body.id;
  });
  afterAll(async () => world.close());

  it('only recall managers open campaigns; codes are unique', async () => {
    const advisor = await apiAs(world, 'advisorA').post('/api/recalls', {
      code: 'R-2025-01',
      title: 'Fuel pump',
      startsOn: '2025-10-01',
    });
    expect(advisor.status).toBe(403);
    const api = apiAs(world, 'brandX');
    const created = await api.post('/api/recalls', {
      code: 'r-2025-01',
      title: 'Fuel pump relay replacement',
      startsOn: '2025-10-01',
    });
    expect(created.status).toBe(201);
    campaignId = created.body.id;
    const again = await api.post('/api/recalls', {
      code: 'R-2025-01',
      title: 'x',
      startsOn: '2025-10-01',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0]).toMatchObject({ path: 'code', code: 'taken' });
    const other = await api.post('/api/recalls', {
      code: 'R-2025-02',
      title: 'Seat belt buckle',
      startsOn: '2025-11-01',
    });
    otherCampaignId = other.body.id;
  });

  it('uploads a VIN file: bad lines reported with their number, duplicates counted once', async () => {
    const csv = [
      'VIN;Model',
      `${vin};Coolray`,
      'NOT-A-VIN;Coolray',
      `${notYetRegistered};Atlas`,
      `${vin.toLowerCase()};Coolray`,
    ].join('\n');
    const answer = await apiAs(world, 'brandX').post(`/api/recalls/${campaignId}/vins`, {
      fileName: 'recall.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.added).toBe(2);
    expect(answer.body.rejected).toEqual([
      expect.objectContaining({ line: 3, value: 'NOT-A-VIN' }),
    ]);
    const twice = await apiAs(world, 'brandX').post(`/api/recalls/${campaignId}/vins`, {
      vins: [vin],
    });
    expect(twice.body).toEqual({ added: 0, alreadyListed: 1, rejected: [] });
    await apiAs(world, 'brandX').post(`/api/recalls/${otherCampaignId}/vins`, { vins: [vin] });
    const list = await apiAs(world, 'advisorA').get('/api/recalls');
    expect(list.body).toContainEqual(
      expect.objectContaining({ code: 'R-2025-01', vehicles: 2, open: 2, done: 0 }),
    );
  });

  it('shows the car’s open recalls; dealer B cannot look', async () => {
    const recalls = await apiAs(world, 'advisorA').get(
      `/api/service/vehicles/${vehicleId}/recalls`,
    );
    expect(
      recalls.body.map((recall: { code: string; status: string }) => [recall.code, recall.status]),
    ).toEqual([
      ['R-2025-02', 'open'],
      ['R-2025-01', 'open'],
    ]);
    expect(
      (await apiAs(world, 'advisorB').get(`/api/service/vehicles/${vehicleId}/recalls`)).status,
    ).toBe(404);
  });

  it('a recall visit naming the campaign closes that recall only', async () => {
    const api = apiAs(world, 'advisorA');
    const wrongType = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-11-10',
      visitType: 'repair',
      recallCampaignId: campaignId,
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields[0].path).toBe('recallCampaignId');
    const visit = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-11-10',
      mileageKm: 9_000,
      visitType: 'recall',
      paidBy: 'warranty',
      recallCampaignId: campaignId,
    });
    expect(visit.status).toBe(201);
    const recalls = await api.get(`/api/service/vehicles/${vehicleId}/recalls`);
    expect(recalls.body).toEqual([
      expect.objectContaining({ code: 'R-2025-02', status: 'open' }),
      expect.objectContaining({ code: 'R-2025-01', status: 'done', closedVisitId: visit.body.id }),
    ]);
    const again = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-11-11',
      visitType: 'recall',
      recallCampaignId: campaignId,
    });
    expect(again.status).toBe(400);
  });

  it('a recall visit without a campaign closes every open recall of the car', async () => {
    const visit = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-11-20',
      visitType: 'recall',
      paidBy: 'warranty',
    });
    expect(visit.status).toBe(201);
    const recalls = await apiAs(world, 'advisorA').get(
      `/api/service/vehicles/${vehicleId}/recalls`,
    );
    expect(recalls.body.every((recall: { status: string }) => recall.status === 'done')).toBe(true);
  });
});
