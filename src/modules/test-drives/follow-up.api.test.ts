import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { keepFollowingTestDrivers } from './follow-up.jobs.ts';

const day = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * day);

describe('test-drivers are followed until they buy', () => {
  let world: TestWorld;
  let carId: string;
  beforeAll(async () => {
    world = await createTestWorld();
    const car = await apiAs(world, 'managerA').post('/api/test-drives/fleet', {
      brandCode: 'X',
      model: 'Xcar Coolray',
      vin: 'XW8AN2NE3JH000011',
    });
    carId = car.body.id;
  });
  afterAll(async () => world.close());

  async function driver(firstName: string, startInMinutes: number): Promise<string> {
    const consultant = apiAs(world, 'consultantA1');
    const created = await consultant.post('/api/customers', {
      kind: 'person',
      firstName,
      lastName: 'Следова',
    });
    const start = Date.now() + startInMinutes * 60_000;
    const booked = await consultant.post('/api/test-drives/bookings', {
      customerId: created.body.id,
      vehicleId: carId,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 20 * 60_000).toISOString(),
    });
    expect(booked.status).toBe(201);
    const came = await consultant.post(`/api/test-drives/bookings/${booked.body.id}/attendance`, {
      status: 'came',
    });
    expect(came.status).toBe(200);
    const done = await consultant.post(`/api/tasks/${came.body.taskId}/complete`, {
      result: 'Likes the car, thinking about the price',
    });
    expect(done.status).toBe(200);
    return created.body.id;
  }

  const openTasks = async (customerId: string) =>
    (await apiAs(world, 'consultantA1').get(`/api/tasks?customerId=${customerId}&status=open`)).body
      .items as { title: string; assignee: { id: string } }[];

  it('plans a weekly follow-up call while the customer has not bought, and stops when he buys', async () => {
    const olga = await driver('Ольга', 5);
    // the call after the drive was just made: nothing more this week
    expect(await keepFollowingTestDrivers(world.database.db, inDays(1))).toBe(0);
    expect(await openTasks(olga)).toHaveLength(0);

    expect(await keepFollowingTestDrivers(world.database.db, inDays(8))).toBe(1);
    const [task] = await openTasks(olga);
    expect(task!.title).toMatch(/^Test drive of the Xcar Coolray 8 days ago/);
    expect(task!.assignee.id).toBe(world.users.consultantA1.id);
    // an open task is follow-up enough
    expect(await keepFollowingTestDrivers(world.database.db, inDays(16))).toBe(0);

    const taskId = (
      await apiAs(world, 'consultantA1').get(`/api/tasks?customerId=${olga}&status=open`)
    ).body.items[0].id;
    await apiAs(world, 'consultantA1').post(`/api/tasks/${taskId}/complete`, {
      result: 'Decided: buys',
    });
    const sold = await apiAs(world, 'managerA').post('/api/vehicles', {
      customerId: olga,
      vin: 'XW8AN2NE3JH000012',
      makeName: 'Xcar',
      modelName: 'Coolray',
      purchase: {
        date: new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC' }).format(new Date()),
        dealerCode: 'A',
      },
    });
    expect(sold.status).toBe(201);
    expect(await keepFollowingTestDrivers(world.database.db, inDays(16))).toBe(0);
    expect(await openTasks(olga)).toHaveLength(0);
  });

  it('stops following when the lead of the drive is lost', async () => {
    // the dealer manager books a second car with another consultant: no clash with the others
    const consultant = apiAs(world, 'managerA');
    const car = await consultant.post('/api/test-drives/fleet', {
      brandCode: 'X',
      model: 'Xcar Atlas',
      vin: 'XW8AN2NE3JH000013',
    });
    expect(car.status, JSON.stringify(car.body)).toBe(201);
    const logged = await consultant.post('/api/leads/showroom', {
      mode: 'walk-in',
      name: 'Потерянный Пётр',
      phone: '+79167000077',
      dealerCode: 'A',
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const start = Date.now() + 10 * 60_000;
    const booked = await consultant.post('/api/test-drives/bookings', {
      customerId: logged.body.customerId,
      leadId: logged.body.leadId,
      vehicleId: car.body.id,
      consultantUserId: world.users.consultantA2.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 20 * 60_000).toISOString(),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const came = await consultant.post(`/api/test-drives/bookings/${booked.body.id}/attendance`, {
      status: 'came',
    });
    expect(came.status, JSON.stringify(came.body)).toBe(200);
    // closing the lead as lost cancels its open tasks, the drive's call among them
    const lost = await consultant.post(`/api/leads/${logged.body.leadId}/stage`, {
      stage: 'lost',
      lostReason: 'bought_competitor',
    });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    const customerTasks = async () =>
      (await consultant.get(`/api/tasks?customerId=${logged.body.customerId}&status=open`)).body
        .items as { id: string }[];
    for (const task of await customerTasks()) {
      const done = await consultant.post(`/api/tasks/${task.id}/complete`, {
        result: 'Bought elsewhere',
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    expect(await keepFollowingTestDrivers(world.database.db, inDays(8))).toBe(0);
    expect(await customerTasks()).toHaveLength(0);
  });

  it('lets go of a test-driver after the 30-day buying window', async () => {
    const pavel = await driver('Павла', 40);
    expect(await keepFollowingTestDrivers(world.database.db, inDays(31))).toBe(0);
    expect(await openTasks(pavel)).toHaveLength(0);
  });
});
