import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';
import { latestSlot, parseRunSchedule } from './run-schedule.ts';
import { runScheduledQualityIfDue } from './scheduled-run.ts';

const schedule = parseRunSchedule('02:30')!;

/**
 * Continuous monitoring: nobody has to remember to run the quality check. The server scores the
 * whole base at the quiet hour the operator chose (QUALITY_RUN_AT), and the dashboard's trend
 * gets a point each day that every steward and manager sees for his own dealers.
 */
describe('the server monitors the quality of the customer base on its own', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    const a = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'test',
      lastName: 'asdf',
      phones: [{ number: '+7 916 482-17-39' }],
    });
    expect(a.status).toBe(201);
    const c = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: '伟',
      lastName: '王',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    expect(c.status).toBe(201);
  });
  afterAll(async () => world.close());

  const scheduledRuns = async () =>
    (
      await world.database.db
        .selectFrom('quality_runs')
        .select('id')
        .where('scheduled', '=', true)
        .execute()
    ).length;

  it('scores every dealer when no scheduled run was made yet, and marks the run scheduled', async () => {
    // two server processes ask at once: one scores, the other skips
    const answers = await Promise.all([
      runScheduledQualityIfDue(world.database.db, schedule),
      runScheduledQualityIfDue(world.database.db, schedule),
    ]);
    expect(answers.filter((answer) => answer !== null)).toHaveLength(1);
    expect(await scheduledRuns()).toBe(1);
    const run = answers.find((answer) => answer !== null);
    expect(run).toBeDefined();
    expect(run!.scheduled).toBe(true);
    expect(run!.problems.placeholder_name).toBeGreaterThanOrEqual(1);

    const group = (await apiAs(world, 'stewardGroup').get('/api/quality/runs')).body.items;
    expect(group[0]).toMatchObject({ id: run!.id, scheduled: true });
    // dealer A's manager sees the same run with dealer A's figures only
    const dealerA = (await apiAs(world, 'managerA').get('/api/quality/runs')).body.items;
    expect(dealerA[0]).toMatchObject({ id: run!.id, scheduled: true });
    expect(dealerA[0].customers).toBeLessThan(group[0].customers);
    const regionR2 = (await apiAs(world, 'stewardR2').get('/api/quality/runs')).body.items;
    expect(regionR2[0].problems.placeholder_name).toBe(0);
  });

  it("waits for the next quiet hour after the last scheduled run; a steward's own run does not move that clock", async () => {
    expect(await runScheduledQualityIfDue(world.database.db, schedule)).toBeNull();
    const manual = await apiAs(world, 'stewardR2').post('/api/quality/runs', {});
    expect(manual.status).toBe(201);
    expect(manual.body.scheduled).toBe(false);
    // the first 02:30 after the run: a minute before it not yet, a minute after it the next point
    const started = new Date();
    const next = latestSlot(schedule, new Date(started.getTime() + 24 * 3_600_000));
    expect(next.getHours()).toBe(2);
    expect(next.getMinutes()).toBe(30);
    const minutes = (count: number) => new Date(next.getTime() + count * 60_000);
    expect(
      await runScheduledQualityIfDue(world.database.db, schedule, { now: minutes(-1) }),
    ).toBeNull();
    expect(await scheduledRuns()).toBe(1);
    const second = await runScheduledQualityIfDue(world.database.db, schedule, { now: minutes(1) });
    expect(second?.scheduled).toBe(true);
    expect(await scheduledRuns()).toBe(2);
    const trend = (await apiAs(world, 'stewardGroup').get('/api/quality/runs')).body.items;
    expect(trend.map((run: { scheduled: boolean }) => run.scheduled)).toEqual([true, false, true]);
  });
});

describe('a server started on a base never scored by the schedule', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  it('waits for the first quiet hour after its start, not the first check', async () => {
    const started = new Date();
    const db = world.database.db;
    expect(await runScheduledQualityIfDue(db, schedule, { firstAfter: started })).toBeNull();
    const next = latestSlot(schedule, new Date(started.getTime() + 24 * 3_600_000));
    const run = await runScheduledQualityIfDue(db, schedule, {
      firstAfter: started,
      now: new Date(next.getTime() + 60_000),
    });
    // a base without customers yet: a complete run of nobody
    expect(run).toMatchObject({ scheduled: true, customers: 0, averageScore: 0 });
  });
});
