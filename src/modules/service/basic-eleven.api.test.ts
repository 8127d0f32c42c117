import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { runLifecycle } from './index.ts';
import { lifecycleEventsDue } from './lifecycle-planner.ts';
import { lifecycleEventTypes } from './schema.ts';

type Planned = { event_type: string; due_date: string; payload: Record<string, unknown> };
type Stored = { type: string; dueDate: string; emittedAt: string | null; taskId: string | null };

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Seed 002's Basic 11 over one owner's years: he buys a new car, comes for a service, complains,
 * calls roadside assistance and the information hotline. Every one of the 13 lifecycle event
 * types falls due for him, on the day the programme says, and each has its default task rule.
 */
describe('the care programme plans all 13 events of an owner’s life, each with its task rule', () => {
  let world: TestWorld;
  let customerId = '';
  let vehicleId = '';
  // bought 40 days ago: welcome pack, training and magazine lie behind, the rest ahead
  let bought = '';

  /** A day computed as PostgreSQL computes the planner's due dates. */
  const shift = async (day: string, interval: string) =>
    (
      await sql<{
        day: string;
      }>`select (${day}::date + ${interval}::interval)::date::text as day`.execute(
        world.database.db,
      )
    ).rows[0]!.day;

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    bought = await shift(today(), '-40 days');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Basic',
      lastName: 'Eleven',
      birthDate: '1985-06-15',
      lifecycleStage: 'owner',
      phones: [{ number: '+7 916 911 11 11' }],
      dealerCode: 'A',
    });
    expect(customer.status, customer.text).toBe(201);
    customerId = customer.body.id;
    const vehicle = await manager.post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000911'),
      makeName: 'Geely',
      modelName: 'Tugella',
      purchase: { date: bought, dealerCode: 'A', condition: 'new' },
    });
    expect(vehicle.status, vehicle.text).toBe(201);
    vehicleId = vehicle.body.id;
    const visit = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: await shift(today(), '-2 days'),
      mileageKm: 1_500,
      visitType: 'maintenance',
      totalMinor: 5_000_00,
    });
    expect(visit.status, visit.text).toBe(201);
    const complaint = await apiAs(world, 'callCenterA').post('/api/complaints', {
      customerId,
      visitId: visit.body.id,
      channel: 'phone',
      category: 'repair_quality',
      severity: 'medium',
      subject: 'A rattle in the dashboard after the service',
    });
    expect(complaint.status, complaint.text).toBe(201);
    for (const call of [
      { callType: 'roadside', vehicleId, reason: 'battery', outcome: 'repaired_on_site' },
      { callType: 'hotline', reason: 'warranty_info', outcome: 'answered' },
    ]) {
      const logged = await apiAs(world, 'callCenterA').post('/api/service/calls', {
        customerId,
        ...call,
      });
      expect(logged.status, logged.text).toBe(201);
    }
  });
  afterAll(async () => world.close());

  const planned = async (): Promise<Planned[]> =>
    (
      await sql<Planned>`select e.event_type, e.due_date::text as due_date, e.payload
          from (${lifecycleEventsDue(bought, await shift(bought, '4 years'), { customerId })}) e
         order by e.due_date, e.event_type`.execute(world.database.db)
    ).rows;
  const stored = async (): Promise<Stored[]> =>
    (await apiAs(world, 'managerA').get(`/api/lifecycle/events?customerId=${customerId}`)).body
      .items;

  it('plans the eleven dated events on the days of the programme', async () => {
    const rows = await planned();
    const dueOf = (type: string) =>
      rows.filter((row) => row.event_type === type).map((row) => row.due_date);
    expect(dueOf('welcome_pack')).toEqual([bought]);
    expect(dueOf('owner_training')).toEqual([await shift(bought, '14 days')]);
    expect(dueOf('magazine_subscription')).toEqual([await shift(bought, '30 days')]);
    expect(dueOf('new_model_survey')).toEqual([await shift(bought, '6 months')]);
    expect(dueOf('purchase_anniversary')).toEqual([
      await shift(bought, '1 year'),
      await shift(bought, '2 years'),
      await shift(bought, '3 years'),
    ]);
    expect(dueOf('trade_in_offer')).toEqual([await shift(bought, '34 months')]);
    expect(dueOf('warranty_expiry')).toEqual([await shift(bought, '3 years -60 days')]);
    expect(dueOf('birthday')).toHaveLength(4);
    expect(dueOf('birthday').every((day) => day.endsWith('-06-15'))).toBe(true);
    expect(dueOf('service_due').length).toBeGreaterThan(0);
    expect(dueOf('after_visit_follow_up')).toEqual([await shift(today(), '1 day')]);
    expect(dueOf('complaint_handling')).toEqual([today()]);
    // only the third anniversary brings the repurchase voucher
    expect(
      rows
        .filter((row) => row.event_type === 'purchase_anniversary')
        .map((row) => [row.payload.year, row.payload.voucher]),
    ).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('stores the roadside and hotline calls’ events at once; with the plan, all 13 types', async () => {
    const types = new Set([
      ...(await planned()).map((row) => row.event_type),
      ...(await stored()).map((event) => event.type),
    ]);
    expect([...types].sort()).toEqual([...lifecycleEventTypes].sort());
  });

  it('has a default task rule for each type, off where the visit or complaint makes its own', async () => {
    const rules = (await apiAs(world, 'admin').get('/api/lifecycle/rules')).body as {
      eventType: string;
      enabled: boolean;
      assigneeRole: string;
    }[];
    expect(rules.map((rule) => rule.eventType).sort()).toEqual([...lifecycleEventTypes].sort());
    const off = rules.filter((rule) => !rule.enabled).map((rule) => rule.eventType);
    expect(off.sort()).toEqual(['after_visit_follow_up', 'complaint_handling', 'hotline_call']);
    expect(rules.find((rule) => rule.eventType === 'service_due')?.assigneeRole).toBe(
      'call_center',
    );
  });

  it('the daily run turns the day’s events into the rules’ tasks', async () => {
    await runLifecycle(world.database.db, today());
    const events = await stored();
    const byType = (type: string) => events.find((event) => event.type === type);
    // the roadside call's rule gives the advisor a call-back; the hotline's rule is off
    expect(byType('roadside_assistance_call')).toMatchObject({ emittedAt: expect.any(String) });
    expect(byType('roadside_assistance_call')?.taskId).toEqual(expect.any(String));
    expect(byType('hotline_call')).toMatchObject({ emittedAt: expect.any(String), taskId: null });
    // the complaint's event is recorded for journeys; its handling task is the complaint's own
    expect(byType('complaint_handling')).toMatchObject({
      emittedAt: expect.any(String),
      taskId: null,
    });
  });
});
