import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { localDate } from '../../lib/zoned-time.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * A service advisor of dealer A takes a car in: the repair order with its labour and parts,
 * the odometer checked against the car's history, the after-visit call planned for three days
 * later and, on that call, the owner's CSI score. Dealer B's advisor sees none of it.
 */
describe('a service advisor records a repair order and the follow-up call scores it', () => {
  let world: TestWorld;
  let customerId: string;
  let vehicleId: string;
  let visitId: string;
  let followUpTaskId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Олег',
      lastName: 'Петров',
      phones: [{ number: '+7 916 555 10 20' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    const vehicle = await manager.post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000301'),
      makeName: 'Geely',
      modelName: 'Coolray',
      plate: 'а777аа77',
      purchase: { date: '2025-01-10', dealerCode: 'A', condition: 'new', priceMinor: 2_000_000_00 },
    });
    expect(vehicle.status).toBe(201);
    vehicleId = vehicle.body.id;
  });
  afterAll(async () => world.close());

  it('records a maintenance visit whose total is the sum of its labour and parts lines', async () => {
    const api = apiAs(world, 'advisorA');
    const answer = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-12-01',
      mileageKm: 14_200,
      visitType: 'maintenance',
      orderNumber: 'RO-1001',
      description: 'Annual service',
      lines: [
        {
          kind: 'labour',
          code: 'M15',
          description: 'Maintenance 15,000 km',
          quantity: 1.5,
          unitPriceMinor: 3_000_00,
        },
        {
          kind: 'part',
          code: 'OF-1',
          description: 'Oil filter',
          quantity: 1,
          unitPriceMinor: 850_00,
        },
        {
          kind: 'part',
          code: 'OIL-5W30',
          description: 'Engine oil 5W-30',
          quantity: 4.3,
          unitPriceMinor: 990_50,
        },
      ],
    });
    expect(answer.status).toBe(201);
    visitId = answer.body.id;
    followUpTaskId = answer.body.followUpTaskId;
    const visit = await api.get(`/api/service/visits/${visitId}`);
    expect(visit.status).toBe(200);
    // 1.5 h × 3,000.00 = 4,500.00; 4.3 l × 990.50 = 4,259.15
    expect(visit.body).toMatchObject({
      customer: { id: customerId },
      dealerCode: 'A',
      visitType: 'maintenance',
      paidBy: 'customer',
      orderNumber: 'RO-1001',
      advisor: { id: world.users.advisorA.id },
      labourMinor: 4_500_00,
      partsMinor: 850_00 + 4_259_15,
      totalMinor: 4_500_00 + 850_00 + 4_259_15,
      currency: 'RUB',
    });
    expect(visit.body.lines.map((line: { amountMinor: number }) => line.amountMinor)).toEqual([
      4_500_00, 850_00, 4_259_15,
    ]);
    expect(visit.body.lines[2].quantity).toBe(4.3);
  });

  it('plans the after-visit call three days later with the call script, in the advisor’s tasks', async () => {
    const tasks = await apiAs(world, 'advisorA').get(
      `/api/tasks?customerId=${customerId}&status=open`,
    );
    const task = tasks.body.items.find((item: { id: string }) => item.id === followUpTaskId);
    expect(task).toMatchObject({
      kind: 'follow_up',
      assignee: { id: world.users.advisorA.id },
      dealerCode: 'A',
    });
    expect(task.title).toContain('Geely Coolray');
    expect(task.description).toMatch(/1 .* 10/);
    // 10:00 in Moscow on 4 December is 07:00 UTC
    expect(task.dueAt).toBe('2025-12-04T07:00:00.000Z');
  });

  it('refuses an odometer that goes back, or one above a later reading, naming the field', async () => {
    const api = apiAs(world, 'advisorA');
    const rolledBack = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2026-01-15',
      mileageKm: 13_900,
      visitType: 'repair',
      totalMinor: 1_000_00,
    });
    expect(rolledBack.status).toBe(400);
    expect(rolledBack.body.error.fields).toEqual([
      expect.objectContaining({
        path: 'mileageKm',
        code: 'odometer_rollback',
        params: { km: 14_200, date: '2025-12-01' },
      }),
    ]);
    const aboveLater = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-06-01',
      mileageKm: 20_000,
      visitType: 'tyres',
    });
    expect(aboveLater.status).toBe(400);
    expect(aboveLater.body.error.fields[0]).toMatchObject({
      path: 'mileageKm',
      code: 'odometer_above_later',
    });
    const list = await api.get(`/api/service/visits?vehicleId=${vehicleId}`);
    expect(list.body.total).toBe(1);
  });

  it('refuses a total that contradicts the lines, a visit in the future and a foreign advisor', async () => {
    const api = apiAs(world, 'advisorA');
    const answer = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2999-01-01',
      visitType: 'repair',
      advisorUserId: world.users.advisorB.id,
      totalMinor: 5,
      lines: [{ kind: 'labour', description: 'Diagnosis', quantity: 1, unitPriceMinor: 100 }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'advisorUserId',
      'totalMinor',
      'visitDate',
    ]);
  });

  it('keeps dealer A’s visits from dealer B’s advisor', async () => {
    const b = apiAs(world, 'advisorB');
    expect((await b.get(`/api/service/visits/${visitId}`)).status).toBe(404);
    expect((await b.get('/api/service/visits')).body).toEqual({
      items: [],
      total: 0,
      csi: { scored: 0, average: null },
    });
    const write = await b.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-12-02',
      visitType: 'repair',
    });
    expect(write.status).toBe(404);
    expect((await b.get(`/api/service/vehicles/${vehicleId}/due`)).status).toBe(404);
    expect((await b.post(`/api/service/visits/${visitId}/follow-up`, { csiScore: 1 })).status).toBe(
      404,
    );
  });

  it('a consultant may not record service visits', async () => {
    const answer = await apiAs(world, 'consultantA1').post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-12-02',
      visitType: 'repair',
    });
    expect(answer.status).toBe(403);
  });

  it('records the owner’s CSI score on the call; the task is done and the call is in his history', async () => {
    const api = apiAs(world, 'advisorA');
    const bad = await api.post(`/api/service/visits/${visitId}/follow-up`, { csiScore: 11 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('csiScore');
    const done = await api.post(`/api/service/visits/${visitId}/follow-up`, {
      csiScore: 8,
      comment: 'Fast, but the car came back dirty',
    });
    expect(done.status).toBe(204);
    const visit = await api.get(`/api/service/visits/${visitId}`);
    expect(visit.body.followUp).toMatchObject({
      taskId: followUpTaskId,
      csiScore: 8,
      comment: 'Fast, but the car came back dirty',
    });
    expect(visit.body.followUp.completedAt).toEqual(expect.any(String));
    const task = await api.get(`/api/tasks/${followUpTaskId}`);
    expect(task.body).toMatchObject({
      status: 'done',
      result: 'CSI 8/10: Fast, but the car came back dirty',
    });
    const again = await api.post(`/api/service/visits/${visitId}/follow-up`, { csiScore: 9 });
    expect(again.status).toBe(400);
    expect(again.body.error.fields[0].code).toBe('already_done');
  });

  it('a group administrator sets the follow-up delay; the next visit’s call follows it', async () => {
    const admin = apiAs(world, 'admin');
    expect(
      (await apiAs(world, 'managerA').patch('/api/service/settings', { followUpDelayDays: 1 }))
        .status,
    ).toBe(403);
    const changed = await admin.patch('/api/service/settings', { followUpDelayDays: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body.followUpDelayDays).toBe(1);
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: '2026-01-20',
      mileageKm: 15_100,
      visitType: 'tyres',
      totalMinor: 2_400_00,
    });
    expect(answer.status).toBe(201);
    const task = await apiAs(world, 'advisorA').get(`/api/tasks/${answer.body.followUpTaskId}`);
    expect(task.body.dueAt).toBe('2026-01-21T07:00:00.000Z');
  });

  it("takes today's date at the dealer: a visit of the dealer's today is not in the future", async () => {
    // UTC+14: its day is ahead of UTC's from 10:00 UTC on, and never behind it
    await world.database.db
      .updateTable('dealers')
      .set({ timezone: 'Pacific/Kiritimati' })
      .where('id', '=', world.dealers.A.id)
      .execute();
    const dealerToday = localDate(new Date(), 'Pacific/Kiritimati');
    const tomorrow = new Date(`${dealerToday}T12:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    const api = apiAs(world, 'advisorA');
    const future = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: tomorrow.toISOString().slice(0, 10),
      mileageKm: 15_200,
      visitType: 'tyres',
      totalMinor: 1_000_00,
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].path).toBe('visitDate');
    const answer = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: dealerToday,
      mileageKm: 15_200,
      visitType: 'tyres',
      totalMinor: 1_000_00,
    });
    expect(answer.status).toBe(201);
  });
});
