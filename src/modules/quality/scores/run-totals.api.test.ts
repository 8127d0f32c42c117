import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

/**
 * Olga Belova buys at dealer A and services her car at dealers B and C; Ivan is dealer A's only,
 * Wang dealer B's only. A run's figures were kept per dealer and summed, so the group saw five
 * customers where three were scored. Each user's trend now counts each customer he sees once,
 * and a dealer's figures stay his own.
 */
describe('quality run totals count a customer of several dealers once', () => {
  let world: TestWorld;

  const person = (firstName: string, lastName: string) => ({
    kind: 'person',
    firstName,
    lastName,
    gender: 'female',
    birthDate: '1984-06-02',
    phones: [{ number: '+7 916 482-17-39' }],
  });

  beforeAll(async () => {
    world = await createTestWorld();
    const shared = await apiAs(world, 'managerA').post('/api/customers', person('Ольга', 'Белова'));
    expect(shared.status, shared.text).toBe(201);
    expect(
      (await apiAs(world, 'managerA').post('/api/customers', person('Иван', 'Петров'))).status,
    ).toBe(201);
    expect(
      (await apiAs(world, 'managerB').post('/api/customers', person('Wang', 'Fang'))).status,
    ).toBe(201);
    // Her links to B and C, as a service visit there makes them.
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('customer_dealers')
        .values([
          { customer_id: shared.body.id, dealer_id: world.dealers.B.id },
          { customer_id: shared.body.id, dealer_id: world.dealers.C.id },
        ])
        .execute(),
    );
  });
  afterAll(async () => world?.close());

  const latestRun = async (user: Parameters<typeof apiAs>[1]) => {
    const trend = await apiAs(world, user).get('/api/quality/runs');
    expect(trend.status, trend.text).toBe(200);
    return trend.body.items as { id: string; customers: number; averageScore: number }[];
  };

  it('the group sees three customers, each dealer his own, the region its dealers once', async () => {
    const run = await apiAs(world, 'stewardGroup').post('/api/quality/runs', {});
    expect(run.status, run.text).toBe(201);
    const scored = await sql<{ n: number; average: string }>`
      select count(*)::int as n, avg(score) as average from customer_quality`.execute(
      world.database.db,
    );
    expect(scored.rows[0]!.n).toBe(3);

    const [group] = await latestRun('stewardGroup');
    expect(group!.customers).toBe(3);
    expect(group!.averageScore).toBeCloseTo(Number(scored.rows[0]!.average), 1);
    const live = await apiAs(world, 'stewardGroup').get('/api/quality/summary');
    expect(live.body.total.customers).toBe(group!.customers);

    expect((await latestRun('managerA'))[0]!.customers).toBe(2);
    expect((await latestRun('managerB'))[0]!.customers).toBe(2);
    expect((await latestRun('managerC'))[0]!.customers).toBe(1);
    // Region R1 holds dealers A and B: Olga once, Ivan and Wang.
    expect((await latestRun('regionR1'))[0]!.customers).toBe(3);
  });

  it("a region's run stays out of the trend of dealers outside it, though they share a customer", async () => {
    const regional = await apiAs(world, 'stewardR2').post('/api/quality/runs', {});
    expect(regional.status, regional.text).toBe(201);
    const r2 = await latestRun('stewardR2');
    expect(r2.map((run) => run.customers)).toEqual([1, 1]);
    const dealerA = await latestRun('managerA');
    expect(dealerA).toHaveLength(1);
    expect(dealerA[0]!.id).not.toBe(regional.body.id);
    // The group sees the region's run with the one customer it scored.
    const group = await latestRun('stewardGroup');
    expect(group.map((run) => run.customers)).toEqual([1, 3]);
  });
});
