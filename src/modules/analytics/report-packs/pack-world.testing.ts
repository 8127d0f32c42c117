import { sql } from 'kysely';
import { expect } from 'vitest';
import { systemActor, withActor } from '../../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../../testing/test-world.ts';
import { refreshAnalyticsAggregates } from '../aggregates/refresh.ts';

/**
 * The weekly pack on hand-made data. Reported week: Monday 23 to Sunday 29 November 2026,
 * compared with 16-22 November. Dealer A (Moscow):
 *   leads: L1 24 Nov hot, L2 25 Nov warm (this week); L3 18 Nov hot (week before)
 *   test drive done 26 Nov; car sold 26 Nov; service visits 23 and 29 Nov, and 20 Nov
 *   complaint opened 27 Nov; CSI calls 8 and 9 this week, 6 the week before
 *   consultantA1: logins 24 and 27 Nov (17 Nov before), three calls this week, one overdue task
 * Dealer B (region R1): L4 24 Nov hot, car sold 26 Nov, visit 24 Nov.
 * Dealer C (region R2, Shanghai): L5 25 Nov, car sold 27 Nov.
 */
export const week = '2026-11-23';
/** Monday 30 November 2026, 08:00 in Moscow (and 13:00 in Shanghai). */
export const mondayMorning = new Date('2026-11-30T05:00:00Z');

const inMonths = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};

export async function buildPackWorld(): Promise<TestWorld> {
  const world = await createTestWorld();
  const db = world.database.db;
  let phone = 0;
  const lead = async (by: TestUserKey, created: string, intended: string) => {
    phone++;
    const answer = await apiAs(world, by).post('/api/leads', {
      source: 'showroom',
      person: {
        lastName: `Prospect${phone}`,
        phones: [{ number: `+7903222${String(phone).padStart(4, '0')}` }],
      },
      vehicles: [{ make: 'Xcar', model: 'X3' }],
      intendedPurchaseDate: intended,
    });
    expect(answer.status).toBe(201);
    await sql`update leads set created_at = ${new Date(`${created}T10:00:00Z`)}
      where id = ${answer.body.leadId as string}`.execute(db);
  };
  await lead('consultantA1', '2026-11-24', inMonths(1));
  await lead('consultantA1', '2026-11-25', inMonths(6));
  await lead('consultantA2', '2026-11-18', inMonths(1));
  await lead('consultantB1', '2026-11-24', inMonths(1));
  await lead('consultantC1', '2026-11-25', inMonths(6));

  const owner = async (dealer: 'A' | 'B' | 'C') => {
    const manager = dealer === 'A' ? 'managerA' : dealer === 'B' ? 'managerB' : 'managerC';
    const created = await apiAs(world, manager).post('/api/customers', {
      kind: 'person',
      lastName: `Owner${dealer}`,
      dealerCode: dealer,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const owners = { A: await owner('A'), B: await owner('B'), C: await owner('C') };
  const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00Z`);
  await withActor(db, systemActor('test'), async (tx) => {
    const car = async (dealer: 'A' | 'B' | 'C', sold: string, visits: string[]) => {
      const customerId = owners[dealer];
      const dealerId = world.dealers[dealer].id;
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
          purchase_date: sold,
          currency: 'RUB',
        })
        .execute();
      const visitIds: string[] = [];
      for (const visit_date of visits) {
        const visit = await tx
          .insertInto('service_visits')
          .values({
            customer_id: customerId,
            vehicle_id: vehicle.id,
            dealer_id: dealerId,
            visit_date,
            visit_type: 'maintenance',
            currency: 'RUB',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        visitIds.push(visit.id);
      }
      return { vehicleId: vehicle.id, visitIds };
    };
    const carA = await car('A', '2026-11-26', ['2026-11-23', '2026-11-29', '2026-11-20']);
    await car('B', '2026-11-26', ['2026-11-24']);
    await car('C', '2026-11-27', []);
    const A = world.dealers.A.id;
    const fleetCar = await tx
      .insertInto('test_drive_vehicles')
      .values({ dealer_id: A, model: 'X3', vin: 'WBA00000000000001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('test_drive_bookings')
      .values({
        dealer_id: A,
        customer_id: owners.A,
        vehicle_id: fleetCar.id,
        consultant_user_id: world.users.consultantA1.id,
        starts_at: at('2026-11-26'),
        ends_at: at('2026-11-26', '11:00'),
        status: 'came',
        attendance_at: at('2026-11-26'),
      })
      .execute();
    await tx
      .insertInto('complaints')
      .values({
        customer_id: owners.A,
        dealer_id: A,
        channel: 'phone',
        category: 'service_quality',
        severity: 'medium',
        subject: 'Waited too long',
        opened_at: at('2026-11-27'),
        due_at: at('2026-12-04'),
      })
      .execute();
    const csi = [
      [carA.visitIds[0]!, 8, '2026-11-24'],
      [carA.visitIds[1]!, 9, '2026-11-29'],
      [carA.visitIds[2]!, 6, '2026-11-21'],
    ] as const;
    for (const [visitId, score, day] of csi) {
      await tx
        .insertInto('service_follow_ups')
        .values({
          visit_id: visitId,
          customer_id: owners.A,
          dealer_id: A,
          due_at: at(day),
          csi_score: score,
          completed_at: at(day, '12:00'),
        })
        .execute();
    }
    await tx
      .insertInto('tasks')
      .values({
        customer_id: owners.A,
        dealer_id: A,
        assignee_user_id: world.users.consultantA1.id,
        title: 'Overdue call',
        due_at: at('2026-11-20'),
      })
      .execute();
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-28']) {
      await tx
        .insertInto('activities')
        .values({
          customer_id: owners.A,
          dealer_id: A,
          user_id: world.users.consultantA1.id,
          channel: 'call',
          direction: 'outbound',
          occurred_at: at(day),
        })
        .execute();
    }
  });
  await db
    .insertInto('login_attempts')
    .values(
      ['2026-11-24', '2026-11-27', '2026-11-17'].map((day) => ({
        email_normalized: world.users.consultantA1.email,
        ip: '10.0.0.1',
        succeeded: true,
        at: at(day, '08:00'),
      })),
    )
    .execute();
  await refreshAnalyticsAggregates(db, { full: true });
  return world;
}
