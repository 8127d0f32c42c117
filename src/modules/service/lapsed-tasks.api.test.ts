import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * Dealer A's manager picks lapsed owners on the worklist and hands them to the call centre:
 * each gets one call task, never two, and nobody reaches another dealer's owners this way.
 */
describe('lapsed owners become call-centre tasks', () => {
  let world: TestWorld;
  let serial = 800;
  const cars: Record<string, { customerId: string; vehicleId: string }> = {};
  const asOf = '2025-06-01';
  const dueAt = '2025-06-03T10:00:00+03:00';

  async function sold(name: string, date: string, priceMinor: number, customerId?: string) {
    const manager = apiAs(world, 'managerA');
    const id =
      customerId ??
      (
        await manager.post('/api/customers', {
          kind: 'person',
          firstName: name,
          lastName: 'Owner',
          phones: [{ number: `+7 916 ${serial} 11 22` }],
          dealerCode: 'A',
        })
      ).body.id;
    const vehicle = await manager.post('/api/vehicles', {
      customerId: id,
      vin: withCheckDigit(`LB37624S0PX000${++serial}`),
      makeName: 'Geely',
      modelName: 'Monjaro',
      purchase: { date, dealerCode: 'A', condition: 'new', priceMinor },
    });
    expect(vehicle.status).toBe(201);
    cars[name] = { customerId: id, vehicleId: vehicle.body.id };
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
    await sold('Lapsed', '2022-05-01', 4_000_000_00);
    await serviced('Lapsed', '2023-02-01', 40_000_00);
    // the same owner's second lapsed car: still one call for him
    await sold('LapsedSecond', '2022-06-01', 1_000_000_00, cars.Lapsed!.customerId);
    await serviced('LapsedSecond', '2023-03-01', 10_000_00);
    await sold('Other', '2022-06-01', 1_500_000_00);
    await serviced('Other', '2023-03-01', 15_000_00);
    // still coming: not lapsed
    await sold('Loyal', '2022-03-01', 2_000_000_00);
    await serviced('Loyal', '2023-01-10', 20_000_00);
    await serviced('Loyal', '2025-01-10', 30_000_00);
  });
  afterAll(async () => world.close());

  it('gives each lapsed owner one call task for the call centre, in its agent’s language', async () => {
    const answer = await apiAs(world, 'managerA').post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.Lapsed!.customerId, cars.Loyal!.customerId],
      assigneeUserId: world.users.callCenterA.id,
      dueAt,
      asOf,
    });
    expect(answer.status).toBe(201);
    expect(answer.body.created).toHaveLength(1);
    expect(answer.body.created[0].customerId).toBe(cars.Lapsed!.customerId);
    expect(answer.body.skipped).toEqual([]);
    expect(answer.body.notLapsed).toEqual([cars.Loyal!.customerId]);
    const task = await world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', answer.body.created[0].taskId)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      customer_id: cars.Lapsed!.customerId,
      assignee_user_id: world.users.callCenterA.id,
      dealer_id: world.dealers.A.id,
      kind: 'call',
      priority: 'high',
      status: 'open',
      title: 'Lapsed owner: invite back to service',
    });
    // about the dearer of his two cars
    expect(task.description).toContain('2023-02-01');
    expect(task.description).toContain('4040000.00 RUB');
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('table_name', '=', 'tasks')
      .where('record_id', '=', task.id)
      .executeTakeFirst();
    expect(audit?.actor_user_id).toBe(world.users.managerA.id);
  });

  it('skips an owner who already has an open call, however often the button is pressed', async () => {
    const body = {
      customerIds: [cars.Lapsed!.customerId, cars.Other!.customerId],
      dueAt,
      asOf,
    };
    const [first, second] = await Promise.all([
      apiAs(world, 'callCenterA').post('/api/service/lapsed-owners/tasks', body),
      apiAs(world, 'callCenterA').post('/api/service/lapsed-owners/tasks', body),
    ]);
    const created = [...first.body.created, ...second.body.created];
    expect(created.map((row: { customerId: string }) => row.customerId)).toEqual([
      cars.Other!.customerId,
    ]);
    const open = await world.database.db
      .selectFrom('tasks')
      .select(['customer_id'])
      .where('status', '=', 'open')
      .where('customer_id', 'in', [cars.Lapsed!.customerId, cars.Other!.customerId])
      .where('title', 'like', 'Lapsed owner%')
      .execute();
    expect(open).toHaveLength(2);
  });

  it('knows its calls by their mark, not their title', async () => {
    const db = world.database.db;
    const lapsedId = cars.Lapsed!.customerId;
    const [call] = await db
      .selectFrom('tasks as t')
      .innerJoin('service_lapsed_calls as l', 'l.task_id', 't.id')
      .select(['t.id', 'l.vehicle_id', 'l.lapsed_as_of'])
      .where('t.customer_id', '=', lapsedId)
      .where('t.status', '=', 'open')
      .execute();
    // the call is about the dearer car, as of the day asked for
    expect(call).toMatchObject({ vehicle_id: cars.Lapsed!.vehicleId, lapsed_as_of: asOf });
    // an agent renames the open call: it still counts as the owner's lapsed-owner call
    await db
      .updateTable('tasks')
      .set({ title: 'Call Anna back' })
      .where('id', '=', call!.id)
      .execute();
    const again = await apiAs(world, 'callCenterA').post('/api/service/lapsed-owners/tasks', {
      customerIds: [lapsedId],
      dueAt,
      asOf,
    });
    expect(again.body).toMatchObject({ created: [], skipped: [lapsedId] });
    // once it is done, a task that merely carries the old title does not block a new call
    await db
      .updateTable('tasks')
      .set({ status: 'done', completed_at: new Date() })
      .where('id', '=', call!.id)
      .execute();
    await db
      .insertInto('tasks')
      .values({
        customer_id: lapsedId,
        dealer_id: world.dealers.A.id,
        title: 'Lapsed owner: invite back to service',
        due_at: new Date(dueAt),
      })
      .execute();
    const fresh = await apiAs(world, 'callCenterA').post('/api/service/lapsed-owners/tasks', {
      customerIds: [lapsedId],
      dueAt,
      asOf,
    });
    expect(fresh.body.created.map((row: { customerId: string }) => row.customerId)).toEqual([
      lapsedId,
    ]);
  });

  it('keeps dealer B and roles without tasks out', async () => {
    const sneaky = await apiAs(world, 'managerB').post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.Other!.customerId],
      dueAt,
      asOf,
    });
    expect(sneaky.status).toBe(201);
    expect(sneaky.body).toEqual({ created: [], skipped: [], notLapsed: [cars.Other!.customerId] });
    const analyst = await apiAs(world, 'analystGroup').post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.Other!.customerId],
      dueAt,
    });
    expect(analyst.status).toBe(403);
    // an agent gives tasks to himself only
    const agent = await apiAs(world, 'callCenterA').post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.Other!.customerId],
      assigneeUserId: world.users.managerA.id,
      dueAt,
    });
    expect(agent.status).toBe(403);
    // and a manager only to people of his dealers
    const far = await apiAs(world, 'managerA').post('/api/service/lapsed-owners/tasks', {
      customerIds: [cars.Other!.customerId],
      assigneeUserId: world.users.advisorB.id,
      dueAt,
    });
    expect(far.status).toBe(400);
  });
});
