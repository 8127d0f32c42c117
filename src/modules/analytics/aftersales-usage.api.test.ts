import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';

/**
 * After-sales and system-usage dashboards on hand-made data with figures worked out by hand.
 * Dealer A sold Car1 (2023-03-01; serviced in each of its first three years and twice in
 * 2026), Car2 (2024-01-15; serviced in year one only) and Car3 (2025-12-01; no visit yet).
 * Dealer B sold Car4 (never in dealer A's figures). Period: first half of 2026.
 */
const period = 'from=2026-01-01&to=2026-06-30';

describe('after-sales and system-usage dashboards', () => {
  let world: TestWorld;

  async function car(dealer: 'A' | 'B', purchased: string, visits: string[]) {
    const created = await apiAs(world, dealer === 'A' ? 'managerA' : 'managerB').post(
      '/api/customers',
      { kind: 'person', lastName: `Owner${purchased}`, dealerCode: dealer },
    );
    const customerId = created.body.id as string;
    const dealerId = world.dealers[dealer].id;
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const vehicle = await tx
        .insertInto('vehicles')
        .values({ customer_id: customerId, make_name: 'Xcar' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: vehicle.id,
          customer_id: customerId,
          dealer_id: dealerId,
          purchase_date: purchased,
          currency: 'RUB',
        })
        .execute();
      for (const visit_date of visits) {
        await tx
          .insertInto('service_visits')
          .values({
            customer_id: customerId,
            vehicle_id: vehicle.id,
            dealer_id: dealerId,
            visit_date,
            visit_type: 'maintenance',
            currency: 'RUB',
          })
          .execute();
      }
    });
    return customerId;
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const owner1 = await car('A', '2023-03-01', [
      '2023-09-01',
      '2024-06-01',
      '2026-02-01',
      '2026-05-01',
    ]);
    await car('A', '2024-01-15', ['2024-07-01']);
    await car('A', '2025-12-01', []);
    await car('B', '2023-01-01', ['2023-06-01', '2026-03-01']);

    // usage: consultantA1 signed in twice in the period (and once before, and failed once),
    // logged three calls in it; consultantA2 has one overdue open task
    const db = world.database.db;
    const email = (key: 'consultantA1' | 'consultantA2') => world.users[key].email;
    await db
      .insertInto('login_attempts')
      .values([
        {
          email_normalized: email('consultantA1'),
          ip: '10.0.0.1',
          succeeded: true,
          at: new Date('2026-02-02T08:00:00Z'),
        },
        {
          email_normalized: email('consultantA1'),
          ip: '10.0.0.1',
          succeeded: true,
          at: new Date('2026-06-30T20:59:00Z'),
        },
        {
          email_normalized: email('consultantA1'),
          ip: '10.0.0.1',
          succeeded: false,
          at: new Date('2026-03-02T08:00:00Z'),
        },
        {
          email_normalized: email('consultantA1'),
          ip: '10.0.0.1',
          succeeded: true,
          at: new Date('2025-12-31T08:00:00Z'),
        },
      ])
      .execute();
    await withActor(db, systemActor('test'), async (tx) => {
      for (const day of ['2026-01-10', '2026-03-10', '2026-06-10', '2026-07-01']) {
        await tx
          .insertInto('activities')
          .values({
            customer_id: owner1,
            dealer_id: world.dealers.A.id,
            user_id: world.users.consultantA1.id,
            channel: 'call',
            direction: 'outbound',
            occurred_at: new Date(`${day}T09:00:00Z`),
          })
          .execute();
      }
      await tx
        .insertInto('tasks')
        .values([
          {
            customer_id: owner1,
            dealer_id: world.dealers.A.id,
            assignee_user_id: world.users.consultantA2.id,
            title: 'Overdue call',
            due_at: new Date('2026-01-05T09:00:00Z'),
          },
          {
            customer_id: owner1,
            dealer_id: world.dealers.A.id,
            assignee_user_id: world.users.consultantA2.id,
            title: 'Done call',
            due_at: new Date('2026-01-05T09:00:00Z'),
            status: 'done',
            completed_at: new Date('2026-01-05T10:00:00Z'),
          },
          {
            customer_id: owner1,
            dealer_id: world.dealers.A.id,
            assignee_user_id: world.users.consultantA2.id,
            title: 'Future call',
            due_at: new Date('2099-01-05T09:00:00Z'),
          },
        ])
        .execute();
    });
    await refreshAnalyticsAggregates(db, { full: true });
  });
  afterAll(async () => world.close());

  const kpis = (body: { kpis: { key: string; value: number | null }[] }) =>
    Object.fromEntries(body.kpis.map((kpi) => [kpi.key, kpi.value]));
  const table = (body: { tables: { key: string; rows: unknown[][] }[] }, key: string) =>
    body.tables.find((candidate) => candidate.key === key)!.rows;

  it('shows retention by year since purchase and visits per owner for the dealer’s cars', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/aftersales?${period}`,
    );
    expect(answer.status).toBe(200);
    expect(kpis(answer.body)).toEqual({
      owners: 3,
      serviceVisits: 2,
      visitsPerOwner: 0.67,
      firstYearRetention: 1,
    });
    expect(table(answer.body, 'retentionByYear')).toEqual([
      [1, 2, 2, 1],
      [2, 2, 1, 0.5],
      [3, 1, 1, 1],
    ]);
    const group = await apiAs(world, 'admin').get(`/api/analytics/dashboards/aftersales?${period}`);
    expect(kpis(group.body)).toMatchObject({ owners: 4, serviceVisits: 3 });
    const onlyB = await apiAs(world, 'managerB').get(
      `/api/analytics/dashboards/aftersales?${period}`,
    );
    expect(table(onlyB.body, 'retentionByYear')).toEqual([
      [1, 1, 1, 1],
      [2, 1, 0, 0],
      [3, 1, 0, 0],
    ]);
  });

  it('shows how each user of the dealer works with the system', async () => {
    const answer = await apiAs(world, 'managerA').get(`/api/analytics/dashboards/usage?${period}`);
    expect(answer.status).toBe(200);
    const users = table(answer.body, 'perUser');
    // dealer A's six users and nobody else's
    expect(users.map((row) => row[1])).toEqual(['A', 'A', 'A', 'A', 'A', 'A']);
    const a1 = users.find((row) => row[0] === 'consultantA1')!;
    expect(a1.slice(3, 7)).toEqual([2, 3, 0, '2026-06-30T20:59:00.000Z']);
    const a2 = users.find((row) => row[0] === 'consultantA2')!;
    expect(a2.slice(3, 6)).toEqual([0, 0, 1]);
    expect(table(answer.body, 'perDealer')).toEqual([['A', 6, 1 / 6, 2, 3, 1]]);
    const group = await apiAs(world, 'admin').get(`/api/analytics/dashboards/usage?${period}`);
    const dealers = table(group.body, 'perDealer').map((row) => row[0]);
    expect(dealers).toEqual([null, 'A', 'B', 'C']); // group, brand and region staff first
    const xlsx = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/usage/export?${period}&format=xlsx`,
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('usage-2026-01-01-2026-06-30.xlsx');
  });
});
