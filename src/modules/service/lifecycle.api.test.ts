import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { runLifecycle } from './index.ts';

type Event = {
  type: string;
  dueDate: string;
  emittedAt: string | null;
  skippedReason: string | null;
  taskId: string | null;
};

/**
 * The care programme runs daily; when the server was down, the next run catches up every event
 * whose day passed, once. Service reminders skip the owners seed 002 excludes.
 */
describe('lifecycle events: daily run, catch-up after downtime, reminder exclusions', () => {
  let world: TestWorld;
  let serial = 600;
  const customers: Record<string, { customerId: string; vehicleId: string; vin: string }> = {};

  async function owner(name: string, purchaseDate: string) {
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: name,
      lastName: 'Owner',
      phones: [{ number: `+7 916 ${serial} 12 34` }],
      dealerCode: 'A',
    });
    const vin = withCheckDigit(`LB37624S0PX000${++serial}`);
    const vehicle = await manager.post('/api/vehicles', {
      customerId: customer.body.id,
      vin,
      makeName: 'Geely',
      purchase: { date: purchaseDate, dealerCode: 'A', condition: 'new' },
    });
    expect(vehicle.status).toBe(201);
    customers[name] = { customerId: customer.body.id, vehicleId: vehicle.body.id, vin };
  }

  const events = async (name: string): Promise<Event[]> =>
    (
      await apiAs(world, 'managerA').get(
        `/api/lifecycle/events?customerId=${customers[name]!.customerId}`,
      )
    ).body.items;

  beforeAll(async () => {
    world = await createTestWorld();
    await owner('March', '2025-03-01');
    for (const name of ['Plain', 'Complaining', 'Recalled', 'Warranty'])
      await owner(name, '2025-01-01');
  });
  afterAll(async () => world.close());

  it('a first run starts from its own day: history is not replayed', async () => {
    const run = await runLifecycle(world.database.db, '2025-02-28');
    expect(run).toMatchObject({ plannedFrom: '2025-02-28', planned: 0, emitted: 0 });
    expect(await events('Plain')).toEqual([]);
  });

  it('after 41 days of downtime the next run catches up the welcome pack, training and magazine', async () => {
    const run = await runLifecycle(world.database.db, '2025-04-10');
    expect(run.plannedFrom).toBe('2025-03-01');
    const march = await events('March');
    expect(march.map((event) => [event.type, event.dueDate]).sort()).toEqual([
      ['magazine_subscription', '2025-03-31'],
      ['owner_training', '2025-03-15'],
      ['welcome_pack', '2025-03-01'],
    ]);
    expect(march.every((event) => event.emittedAt && event.taskId)).toBe(true);
    // the January buyers' deliveries lie before the first run: not replayed
    expect(await events('Plain')).toEqual([]);
    const tasks = await apiAs(world, 'crmA').get(
      `/api/tasks?assignee=me&customerId=${customers.March!.customerId}`,
    );
    expect(tasks.body.items.map((task: { title: string }) => task.title)).toContainEqual(
      expect.stringContaining('welcome pack'),
    );
  });

  it('running the same day again plans and emits nothing twice', async () => {
    const again = await runLifecycle(world.database.db, '2025-04-10');
    expect(again).toMatchObject({ planned: 0, emitted: 0 });
    expect(await events('March')).toHaveLength(3);
  });

  it('service reminders 14 days before due, except an open complaint, an open recall or warranty-only', async () => {
    const complaint = await apiAs(world, 'managerA').post('/api/complaints', {
      customerId: customers.Complaining!.customerId,
      channel: 'phone',
      category: 'staff',
      severity: 'medium',
      subject: 'Nobody called back',
    });
    expect(complaint.status).toBe(201);
    const recall = await apiAs(world, 'brandX').post('/api/recalls', {
      code: 'LC-1',
      title: 'Airbag',
      startsOn: '2025-06-01',
    });
    await apiAs(world, 'brandX').post(`/api/recalls/${recall.body.id}/vins`, {
      vins: [customers.Recalled!.vin],
    });
    const warranty = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId: customers.Warranty!.vehicleId,
      visitDate: '2025-06-01',
      visitType: 'warranty',
    });
    expect(warranty.status).toBe(201);

    // 8 months later: the catch-up reaches back 60 days only, to 21 October
    const run = await runLifecycle(world.database.db, '2025-12-20');
    expect(run.plannedFrom).toBe('2025-10-21');
    const reminder = async (name: string) =>
      (await events(name)).find((event) => event.type === 'service_due');
    // due by time on 1 January 2026: reminded on 18 December
    expect(await reminder('Plain')).toMatchObject({ dueDate: '2025-12-18', skippedReason: null });
    expect((await reminder('Plain'))!.taskId).toEqual(expect.any(String));
    expect(await reminder('Complaining')).toMatchObject({
      skippedReason: 'open_complaint',
      taskId: null,
    });
    expect(await reminder('Recalled')).toMatchObject({
      skippedReason: 'open_recall',
      taskId: null,
    });
    expect(await reminder('Warranty')).toMatchObject({
      skippedReason: 'warranty_only',
      taskId: null,
    });
    const callCentre = await apiAs(world, 'callCenterA').get('/api/tasks?assignee=me&status=open');
    expect(
      callCentre.body.items.filter((task: { title: string }) =>
        task.title.startsWith('Service reminder'),
      ),
    ).toHaveLength(1);
  });

  it('only group administrators run it by hand; dealer B sees none of A’s events', async () => {
    expect((await apiAs(world, 'managerA').post('/api/lifecycle/run', {})).status).toBe(403);
    const byAdmin = await apiAs(world, 'admin').post('/api/lifecycle/run', { asOf: '2025-12-20' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.emitted).toBe(0);
    const b = await apiAs(world, 'managerB').get(
      `/api/lifecycle/events?customerId=${customers.Plain!.customerId}`,
    );
    expect(b.body.items).toEqual([]);
    const rules = await apiAs(world, 'managerA').get('/api/lifecycle/rules');
    expect(rules.body).toHaveLength(13);
  });
});
