import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { brandCrmUser } from '../../testing/brand-crm-user.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { captureLead } from '../leads/index.ts';

const hour = 3_600_000;
/** A whole hour some days ahead, so that slots do not depend on when the test runs. */
const slot = (daysAhead: number, fromHour: number) => {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() + daysAhead);
  start.setUTCHours(fromHour);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hour).toISOString() };
};

/**
 * Dealer B sells brands X and Y. A test drive serving a Y lead is brand Y's: the brand X
 * manager sees its slot taken in B's calendar but not who drives or for which lead, cannot
 * open it, and the conversion report does not count it. Drives serving no lead stay B's, seen
 * by everyone who sees B.
 */
describe('test drives serving another brand’s lead at a two-brand dealer', () => {
  let world: TestWorld;
  const booking = {} as Record<'x' | 'y', string>;
  const customer = {} as Record<'x' | 'y', string>;
  const lead = {} as Record<'x' | 'y', string>;

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerB');
    const car = await manager.post('/api/test-drives/fleet', {
      brandCode: 'X',
      model: 'Demo',
      vin: 'XW8AN2NE3JH000011',
    });
    expect(car.status).toBe(201);
    for (const [index, brand] of (['x', 'y'] as const).entries()) {
      const captured = await captureLead(world.database.db, systemActor('test'), {
        source: 'website',
        dealerCode: 'B',
        brandCode: brand.toUpperCase(),
        person: {
          kind: 'person',
          lastName: `Driver${brand}`,
          phones: [{ number: `+7916000300${index}` }],
          emails: [],
        },
      });
      lead[brand] = captured.leadId;
      customer[brand] = captured.customerId;
      const booked = await manager.post('/api/test-drives/bookings', {
        customerId: captured.customerId,
        vehicleId: car.body.id,
        consultantUserId: world.users.consultantB1.id,
        leadId: captured.leadId,
        ...slot(2, 9 + index),
      });
      expect(booked.status).toBe(201);
      booking[brand] = booked.body.id;
    }
    // both came: the conversion report counts drivers who came
    await world.database.db
      .updateTable('test_drive_bookings')
      .set({ status: 'came', attendance_at: new Date() })
      .where('id', 'in', [booking.x, booking.y])
      .execute();
  });
  afterAll(async () => world.close());

  const calendar = async (user: 'brandX' | 'brandY' | 'managerB') => {
    const from = slot(1, 0).startsAt;
    const to = slot(4, 0).startsAt;
    const answer = await apiAs(world, user).get(
      `/api/test-drives/calendar?dealerCode=B&from=${from}&to=${to}`,
    );
    expect(answer.status).toBe(200);
    return answer.body.bookings as { id: string; customer: unknown; leadId: string | null }[];
  };

  it('in B’s calendar each brand manager sees who drives only for his brand’s lead', async () => {
    const ofX = await calendar('brandX');
    expect(ofX.map((entry) => entry.id).sort()).toEqual([booking.x, booking.y].sort());
    expect(ofX.find((entry) => entry.id === booking.x)).toMatchObject({ leadId: lead.x });
    expect(ofX.find((entry) => entry.id === booking.y)).toMatchObject({
      customer: null,
      leadId: null,
    });
    const ofY = await calendar('brandY');
    expect(ofY.find((entry) => entry.id === booking.y)).toMatchObject({ leadId: lead.y });
    expect(ofY.find((entry) => entry.id === booking.x)).toMatchObject({ leadId: null });
    const ofB = await calendar('managerB');
    expect(ofB.map((entry) => entry.leadId).sort()).toEqual([lead.x, lead.y].sort());
  });

  it('another brand’s drive answers 404 and is absent from the customer’s drives', async () => {
    expect(
      (await apiAs(world, 'brandX').get(`/api/test-drives/bookings/${booking.y}`)).status,
    ).toBe(404);
    expect(
      (await apiAs(world, 'brandX').get(`/api/test-drives/bookings/${booking.x}`)).status,
    ).toBe(200);
    expect(
      (await apiAs(world, 'brandY').get(`/api/test-drives/bookings/${booking.x}`)).status,
    ).toBe(404);
    expect(
      (await apiAs(world, 'managerB').get(`/api/test-drives/bookings/${booking.y}`)).status,
    ).toBe(200);
    // the customer himself stays visible (customer scope is per dealer), his Y drive does not
    const drives = await apiAs(world, 'brandX').get(
      `/api/test-drives/bookings?customerId=${customer.y}`,
    );
    expect(drives.status).toBe(200);
    expect(drives.body.items).toEqual([]);
  });

  it('the conversion report counts for a brand manager only his brand’s drives', async () => {
    const from = slot(0, 0).startsAt.slice(0, 10);
    const to = slot(5, 0).startsAt.slice(0, 10);
    const drivers = async (user: 'brandX' | 'brandY' | 'managerB') => {
      const report = await apiAs(world, user).get(
        `/api/test-drives/report?dealerCode=B&from=${from}&to=${to}`,
      );
      expect(report.status).toBe(200);
      return report.body.testDrivers;
    };
    expect(await drivers('brandX')).toBe(1);
    expect(await drivers('brandY')).toBe(1);
    expect(await drivers('managerB')).toBe(2);
  });

  it('a brand’s CRM manager cannot change a drive serving another brand’s lead (404)', async () => {
    const call = await brandCrmUser(world);
    const cancel = (id: string) =>
      call('crmX', 'POST', `/api/test-drives/bookings/${id}/cancel`, { reason: 'brand test' });
    expect((await cancel(booking.y)).status).toBe(404);
    // his own brand's drive is found: refused only because it has taken place
    expect((await cancel(booking.x)).status).toBe(400);
    const statuses = await world.database.db
      .selectFrom('test_drive_bookings')
      .select('status')
      .where('id', 'in', [booking.x, booking.y])
      .execute();
    expect(statuses.map((row) => row.status)).toEqual(['came', 'came']);
  });
});
