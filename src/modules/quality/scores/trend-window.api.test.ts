import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

type Run = { id: string; computedAt: string; customers: number };

const RUNS = 26;
const DAYS_APART = 15;

/**
 * A steward looks back further than three weeks: the daily schedule keeps every run, and the
 * trend can show the last 24 runs (the default), every run since a day, or up to 1,000 runs.
 * Here 26 runs lie 15 days apart, the oldest 375 days ago.
 */
describe('the quality trend over a chosen period', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [who, lastName, phone] of [
      ['managerA', 'Орлов', '+7 916 482-17-51'],
      ['managerA', 'Волков', '+7 916 482-17-52'],
      ['managerC', '王', '+86 138 0013 8051'],
    ] as const) {
      const created = await apiAs(world, who).post('/api/customers', {
        kind: 'person',
        firstName: who === 'managerC' ? '伟' : 'Олег',
        lastName,
        phones: [{ number: phone }],
      });
      expect(created.status, created.text).toBe(201);
    }
    const steward = apiAs(world, 'stewardGroup');
    for (let i = 0; i < RUNS; i++) {
      expect((await steward.post('/api/quality/runs', {})).status).toBe(201);
    }
    // the latest run stays today, each earlier one 15 days before the next
    await sql`update quality_runs r set computed_at = now() - make_interval(days => o.n::int * ${DAYS_APART})
                from (select id, row_number() over (order by computed_at desc) - 1 as n
                        from quality_runs) o
               where o.id = r.id`.execute(world.database.db);
  });
  afterAll(async () => world.close());

  const dayBefore = (days: number) =>
    new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  it('shows the last 24 runs unless asked for more', async () => {
    const answer = await apiAs(world, 'stewardGroup').get('/api/quality/runs');
    expect(answer.status, answer.text).toBe(200);
    const runs: Run[] = answer.body.items;
    expect(runs).toHaveLength(24);
    const times = runs.map((run) => Date.parse(run.computedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const all = (await apiAs(world, 'stewardGroup').get('/api/quality/runs?limit=1000')).body.items;
    expect(all).toHaveLength(RUNS);
    expect(all.slice(0, 24)).toEqual(runs);
  });

  it('shows only the runs since a day, and no more than the limit', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const since = dayBefore(100);
    const runs: Run[] = (await steward.get(`/api/quality/runs?since=${since}&limit=1000`)).body
      .items;
    // 0, 15, ... 90 days ago: seven runs
    expect(runs).toHaveLength(7);
    for (const run of runs) expect(run.computedAt.slice(0, 10) >= since).toBe(true);

    const year = (await steward.get(`/api/quality/runs?since=${dayBefore(365)}&limit=1000`)).body
      .items;
    expect(year).toHaveLength(25);
    const firstThree = (await steward.get(`/api/quality/runs?since=${since}&limit=3`)).body.items;
    expect(firstThree).toEqual(runs.slice(0, 3));
  });

  it('keeps each manager to his own dealers over a long period', async () => {
    const since = dayBefore(400);
    const dealerC: Run[] = (
      await apiAs(world, 'managerC').get(`/api/quality/runs?since=${since}&limit=1000`)
    ).body.items;
    expect(dealerC).toHaveLength(RUNS);
    expect(new Set(dealerC.map((run) => run.customers))).toEqual(new Set([1]));
    const dealerA: Run[] = (
      await apiAs(world, 'managerA').get(`/api/quality/runs?since=${since}&limit=1000`)
    ).body.items;
    expect(new Set(dealerA.map((run) => run.customers))).toEqual(new Set([2]));
  });

  it('names the field of a bad period', async () => {
    const steward = apiAs(world, 'stewardGroup');
    for (const [query, field] of [
      ['since=2026-13-01', 'since'],
      ['since=yesterday', 'since'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=many', 'limit'],
    ]) {
      const answer = await steward.get(`/api/quality/runs?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.fields[0].path, query).toBe(field);
    }
  });
});
