import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { sql } from 'kysely';
import { runLifecycle } from './index.ts';
import { lifecycleEventsDue } from './lifecycle-planner.ts';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * An advisor opens an owner's page and sees what the care programme will do for him next:
 * the survey, the anniversary, the birthday, before any daily run has planned them.
 */
describe('a customer’s coming care-programme events', () => {
  let world: TestWorld;
  let customerId = '';

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Care',
      lastName: 'Owner',
      phones: [{ number: '+7 916 901 12 34' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    const vehicle = await manager.post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000901'),
      makeName: 'Geely',
      modelName: 'Coolray',
      purchase: { date: day(-60), dealerCode: 'A', condition: 'new' },
    });
    expect(vehicle.status).toBe(201);
    // a second car, used: its service reminder comes from its own branch of the query
    const second = await manager.post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000902'),
      makeName: 'Haval',
      modelName: 'Jolion',
      purchase: { date: day(-300), dealerCode: 'A', condition: 'used', odometerKm: 42_000 },
    });
    expect(second.status, second.text).toBe(201);
  });
  afterAll(async () => world.close());

  it('foresees the events of the coming year, soonest first, and none of the past', async () => {
    const answer = await apiAs(world, 'advisorA').get(`/api/customers/${customerId}/care-events`);
    expect(answer.status).toBe(200);
    const types = answer.body.items.map((item: { type: string }) => item.type);
    // bought 60 days ago: the welcome pack and training lie behind, the trade-in offer too far
    expect(types).not.toContain('welcome_pack');
    expect(types).not.toContain('owner_training');
    expect(types).not.toContain('trade_in_offer');
    expect(types).toContain('new_model_survey');
    expect(types).toContain('purchase_anniversary');
    const anniversary = answer.body.items.find(
      (item: { type: string; vehicleName: string }) =>
        item.type === 'purchase_anniversary' && item.vehicleName === 'Geely Coolray',
    );
    expect(anniversary).toMatchObject({
      vehicleName: 'Geely Coolray',
      payload: { year: 1 },
      planned: false,
    });
    const dates = answer.body.items.map((item: { dueDate: string }) => item.dueDate);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0] >= day(0)).toBe(true);
  });

  it('finds for one customer exactly what the plan of the whole base holds for him', async () => {
    const db = world.database.db;
    const vehicles = await db
      .selectFrom('vehicles')
      .select('id')
      .where('customer_id', '=', customerId)
      .execute();
    expect(vehicles).toHaveLength(2);
    const only = { customerId };
    const rows = async (one: boolean) =>
      (
        await sql<{
          key: string;
        }>`select e.event_type || ' ' || e.occurrence_key || ' ' || e.due_date as key
          from (${lifecycleEventsDue(day(0), day(400), one ? only : undefined)}) e
         where e.customer_id = ${customerId}::uuid order by 1`.execute(db)
      ).rows.map((row) => row.key);
    const whole = await rows(false);
    expect(await rows(true)).toEqual(whole);
    // both cars' service reminders are among them
    expect(whole.filter((key) => key.startsWith('service_due'))).toHaveLength(2);
  });

  it('marks an event a run has stored, and names the customer in the events list', async () => {
    // a run on the day of purchase plans the welcome pack; nothing of the future is stored
    await runLifecycle(world.database.db, day(-60));
    const upcoming = await apiAs(world, 'managerA').get(
      `/api/customers/${customerId}/care-events?days=200`,
    );
    expect(upcoming.body.items.every((item: { planned: boolean }) => item.planned === false)).toBe(
      true,
    );
    const events = await apiAs(world, 'managerA').get(
      `/api/lifecycle/events?customerId=${customerId}`,
    );
    expect(events.status).toBe(200);
    expect(events.body.items.map((item: { type: string }) => item.type)).toContain('welcome_pack');
    for (const item of events.body.items) expect(item.customerName).toBe('Care Owner');
  });

  it('hides another dealer’s customer', async () => {
    const answer = await apiAs(world, 'advisorB').get(`/api/customers/${customerId}/care-events`);
    expect(answer.status).toBe(404);
  });
});
