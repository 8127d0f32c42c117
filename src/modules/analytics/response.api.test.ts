import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';

/**
 * Response times against conversion, and consultant performance, on hand-made data. Dealer A,
 * March 2026 (each lead's request at 10:00 on its day):
 *   L1 consultantA1 showroom  answered after 10 min    test drive -> offer -> order
 *   L2 consultantA1 website   answered after 50 min    contacted
 *   L3 consultantA2 website   answered after 26 h      test drive
 *   L4 consultantA2 referral  not answered             new
 * Dealer B: L5 consultantB1, answered after 5 min (never in dealer A's figures).
 * Tasks due in March: A1 one done early, one done late; A2 one still open.
 * Test drives in March: A1 gave two (L1's customer bought 15 days later, L2's did not);
 * A2's booked drive never happened. A1 sold one car in March.
 */
const march = 'from=2026-03-01&to=2026-03-31';

describe('response times and consultant performance', () => {
  let world: TestWorld;
  let phone = 0;
  const customers: string[] = [];

  async function lead(
    by: TestUserKey,
    source: string,
    day: string,
    responseMinutes: number | null,
    stages: string[],
  ): Promise<string> {
    const api = apiAs(world, by);
    phone++;
    const created = await api.post('/api/leads', {
      source,
      person: {
        lastName: `Asker${phone}`,
        gender: 'female',
        phones: [{ number: `+7903222${String(phone).padStart(4, '0')}` }],
      },
      vehicles: [{ make: 'Xcar', model: 'X3' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.leadId as string;
    for (const stage of stages) {
      expect((await api.post(`/api/leads/${id}/stage`, { stage })).status).toBe(200);
    }
    const requested = new Date(`${day}T10:00:00Z`);
    const answered =
      responseMinutes === null ? null : new Date(requested.getTime() + responseMinutes * 60_000);
    await sql`update leads set created_at = ${requested}, requested_at = ${requested},
      first_response_at = ${answered} where id = ${id}`.execute(world.database.db);
    const row = await world.database.db
      .selectFrom('leads')
      .select('customer_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    customers.push(row.customer_id);
    return id;
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await lead('consultantA1', 'showroom', '2026-03-02', 10, ['test_drive', 'offer', 'order']);
    await lead('consultantA1', 'website', '2026-03-03', 50, ['contacted']);
    await lead('consultantA2', 'website', '2026-03-04', 26 * 60, ['test_drive']);
    await lead('consultantA2', 'referral', '2026-03-05', null, []);
    await lead('consultantB1', 'showroom', '2026-03-06', 5, []);

    const users = world.users;
    const dealerA = world.dealers.A.id;
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const task = (user: 'consultantA1' | 'consultantA2', due: string, completed?: string) => ({
        customer_id: customers[0]!,
        dealer_id: dealerA,
        assignee_user_id: users[user].id,
        title: 'Follow up',
        kind: 'follow_up' as const,
        due_at: new Date(due),
        ...(completed ? { status: 'done' as const, completed_at: new Date(completed) } : {}),
      });
      await tx
        .insertInto('tasks')
        .values([
          task('consultantA1', '2026-03-10T12:00:00Z', '2026-03-09T12:00:00Z'),
          task('consultantA1', '2026-03-11T12:00:00Z', '2026-03-12T12:00:00Z'),
          task('consultantA2', '2026-03-15T12:00:00Z'),
          task('consultantA1', '2026-04-15T12:00:00Z'), // after the period
        ])
        .execute();
      const demo = await tx
        .insertInto('test_drive_vehicles')
        .values({ dealer_id: dealerA, model: 'X3', vin: 'WXC12345678901234' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const drive = (customer: string, user: 'consultantA1' | 'consultantA2', day: string) => ({
        dealer_id: dealerA,
        customer_id: customer,
        vehicle_id: demo.id,
        consultant_user_id: users[user].id,
        starts_at: new Date(`${day}T09:00:00Z`),
        ends_at: new Date(`${day}T10:00:00Z`),
      });
      const came = (day: string) => ({
        status: 'came' as const,
        attendance_at: new Date(`${day}T09:05:00Z`),
      });
      await tx
        .insertInto('test_drive_bookings')
        .values([
          { ...drive(customers[0]!, 'consultantA1', '2026-03-05'), ...came('2026-03-05') },
          { ...drive(customers[1]!, 'consultantA1', '2026-03-06'), ...came('2026-03-06') },
          drive(customers[2]!, 'consultantA2', '2026-03-07'),
        ])
        .execute();
      const bought = await tx
        .insertInto('vehicles')
        .values({ customer_id: customers[0]!, make_name: 'Xcar', model_name: 'X3' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: bought.id,
          customer_id: customers[0]!,
          dealer_id: dealerA,
          consultant_user_id: users.consultantA1.id,
          purchase_date: '2026-03-20',
          currency: 'RUB',
        })
        .execute();
    });
    await refreshAnalyticsAggregates(world.database.db, { full: true });
  });
  afterAll(async () => world.close());

  const kpis = (body: { kpis: { key: string; value: number | null }[] }) =>
    Object.fromEntries(body.kpis.map((kpi) => [kpi.key, kpi.value]));
  const table = (body: { tables: { key: string; rows: unknown[][] }[] }, key: string) =>
    body.tables.find((candidate) => candidate.key === key)!.rows;

  it('sets the speed of the first response against test drives and sales', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/response?${march}`,
    );
    expect(answer.status).toBe(200);
    expect(kpis(answer.body)).toEqual({
      newInPeriod: 4,
      answeredShare: 3 / 4,
      meanResponseMinutes: 540, // (10 + 50 + 1560) / 3
      answeredWithinHour: 0.5,
      followUpsOnTime: 1 / 3,
      testDrives: 2,
      testDriveToPurchase30d: 0.5,
    });
    expect(table(answer.body, 'responseBuckets')).toEqual([
      ['within15m', 1, 0.25, 1, 1, 1, 1],
      ['within1h', 1, 0.25, 0, 0, 0, 0],
      ['within4h', 0, 0, 0, null, 0, null],
      ['within1d', 0, 0, 0, null, 0, null],
      ['within3d', 1, 0.25, 1, 1, 0, 0],
      ['later', 0, 0, 0, null, 0, null],
      ['notAnswered', 1, 0.25, 0, 0, 0, 0],
    ]);
    // one kind of request: the website's
    const website = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/response?${march}&channel=website`,
    );
    expect(kpis(website.body)).toMatchObject({ newInPeriod: 2, meanResponseMinutes: 805 });
  });

  it('rates each consultant: leads, response time, tasks on time, test drives, sales', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/response?${march}`,
    );
    expect(table(answer.body, 'consultantPerformance')).toEqual([
      ['consultantA1', 2, 30, 2, 0.5, 2, 1, 1],
      ['consultantA2', 2, 1560, 1, 0, 0, 0, 0],
    ]);
    const csv = await apiAs(world, 'managerA').get(
      `/api/analytics/dashboards/response/export?${march}&format=csv&table=consultantPerformance`,
    );
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('consultantA1,2,30,2,0.5,2,1,1');
  });

  it('keeps each dealer to his own figures', async () => {
    const b = await apiAs(world, 'managerB').get(`/api/analytics/dashboards/response?${march}`);
    expect(kpis(b.body)).toMatchObject({ newInPeriod: 1, testDrives: 0, followUpsOnTime: null });
    expect(table(b.body, 'responseBuckets')[0]).toEqual(['within15m', 1, 1, 0, 0, 0, 0]);
    expect(table(b.body, 'consultantPerformance').map((row) => row[0])).toEqual(['consultantB1']);
    const sneaky = await apiAs(world, 'managerB').get(
      `/api/analytics/dashboards/response?${march}&dealerCode=A`,
    );
    expect(kpis(sneaky.body)).toMatchObject({ newInPeriod: 0, testDrives: 0 });
    expect(table(sneaky.body, 'consultantPerformance')).toEqual([]);
    const consultant = await apiAs(world, 'consultantA1').get(
      `/api/analytics/dashboards/response?${march}`,
    );
    expect(consultant.status).toBe(403);
  });
});
