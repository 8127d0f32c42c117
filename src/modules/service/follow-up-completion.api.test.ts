import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * The advisor works through My day: the after-service call is one of his tasks, and closing it
 * there ("Complete") records the owner's CSI score on the visit like the visit's own form does.
 */
describe('completing the after-service call from My day records the CSI score', () => {
  let world: TestWorld;
  let vehicleId: string;
  // a visit of five days ago: its call (due after three days) is overdue on My day
  const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Анна',
      lastName: 'Соколова',
      phones: [{ number: '+7 916 555 60 01' }],
      dealerCode: 'A',
    });
    const vehicle = await manager.post('/api/vehicles', {
      customerId: customer.body.id,
      vin: withCheckDigit('LB37624S0PX000601'),
      makeName: 'Geely',
      modelName: 'Monjaro',
      purchase: { date: '2025-01-10', dealerCode: 'A', condition: 'new', priceMinor: 3e8 },
    });
    vehicleId = vehicle.body.id;
  });
  afterAll(async () => world.close());

  const visitWithCall = async (orderNumber: string) => {
    const visit = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: fiveDaysAgo,
      visitType: 'repair',
      orderNumber,
      totalMinor: 5_000_00,
    });
    expect(visit.status).toBe(201);
    return visit.body as { id: string; followUpTaskId: string };
  };

  it('asks for the score when the owner was reached, then stores it with his words', async () => {
    const visit = await visitWithCall('RO-601');
    const api = apiAs(world, 'advisorA');
    const myDay = await api.get('/api/tasks/my-day');
    const tasks = [...myDay.body.overdue, ...myDay.body.today];
    expect(tasks.map((task: { id: string }) => task.id)).toContain(visit.followUpTaskId);

    // the completion form learns that this task is an after-service call
    const behind = await api.get(`/api/service/follow-ups?taskId=${visit.followUpTaskId}`);
    expect(behind.body.items).toEqual([
      expect.objectContaining({ visitId: visit.id, orderNumber: 'RO-601', csiScore: null }),
    ]);
    const hidden = await apiAs(world, 'advisorB').get(
      `/api/service/follow-ups?taskId=${visit.followUpTaskId}`,
    );
    expect(hidden.body.items).toEqual([]);

    const noScore = await api.post(`/api/tasks/${visit.followUpTaskId}/complete`, {
      result: 'Всё понравилось',
      outcome: 'reached',
    });
    expect(noScore.status).toBe(400);
    expect(noScore.body.error.fields[0]).toMatchObject({ path: 'csiScore', code: 'required' });

    const tooHigh = await api.post(`/api/tasks/${visit.followUpTaskId}/complete`, {
      result: 'Всё понравилось',
      csiScore: 11,
    });
    expect(tooHigh.status).toBe(400);

    // dealer B's advisor does not see the task at all
    const foreign = await apiAs(world, 'advisorB').post(
      `/api/tasks/${visit.followUpTaskId}/complete`,
      { result: 'x', csiScore: 1 },
    );
    expect(foreign.status).toBe(404);

    const done = await api.post(`/api/tasks/${visit.followUpTaskId}/complete`, {
      result: 'Всё понравилось, быстро',
      outcome: 'reached',
      csiScore: 9,
    });
    expect(done.status).toBe(200);
    const stored = await api.get(`/api/service/visits/${visit.id}`);
    expect(stored.body.followUp).toMatchObject({
      csiScore: 9,
      comment: 'Всё понравилось, быстро',
      completedAt: expect.any(String),
    });
    const task = await api.get(`/api/tasks/${visit.followUpTaskId}`);
    expect(task.body.status).toBe('done');
  });

  it('an unanswered call closes the task and leaves the visit without a score', async () => {
    const visit = await visitWithCall('RO-602');
    const api = apiAs(world, 'advisorA');
    const done = await api.post(`/api/tasks/${visit.followUpTaskId}/complete`, {
      result: 'Не берёт трубку',
      outcome: 'no_answer',
    });
    expect(done.status).toBe(200);
    const stored = await api.get(`/api/service/visits/${visit.id}`);
    expect(stored.body.followUp).toMatchObject({ csiScore: null, completedAt: null });
    expect((await api.get(`/api/tasks/${visit.followUpTaskId}`)).body.status).toBe('done');
  });
});
