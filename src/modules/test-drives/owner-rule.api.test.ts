import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkCustomerToDealer } from '../customers/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/** A whole hour some days ahead, so that slots do not depend on when the test runs. */
const slot = (daysAhead: number, fromHour: number) => {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() + daysAhead);
  start.setUTCHours(fromHour);
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
  };
};

/**
 * Seed 000: no three dealers inviting one person to the same test drive. Dealer A works Pavel
 * as its Xcar prospect; he also has his car serviced at dealer B (Xcar and Ycar) and at dealer C
 * (Ycar only), so both see him. B may not invite him to an Xcar drive until A hands him over,
 * but may to a Ycar drive (the rule judges by the demo car's brand); C, which sells no Xcar, may.
 */
describe('a test drive is booked only by the dealer who owns the prospect for the brand', () => {
  let world: TestWorld;
  let pavel: string;
  let leadAtA: string;
  const cars: Record<'A' | 'B' | 'BY' | 'C', string> = { A: '', B: '', BY: '', C: '' };

  beforeAll(async () => {
    world = await createTestWorld();
    const captured = await apiAs(world, 'managerA').post('/api/leads', {
      source: 'referral',
      person: {
        firstName: 'Павел',
        lastName: 'Сервисов',
        phones: [{ number: '+7 916 555-10-20' }],
      },
      vehicles: [{ make: 'Xcar', model: 'X5' }],
    });
    expect(captured.status).toBe(201);
    pavel = captured.body.customerId;
    leadAtA = captured.body.leadId;
    await world.database.db.transaction().execute(async (tx) => {
      await linkCustomerToDealer(tx, pavel, world.dealers.B.id, 'service');
      await linkCustomerToDealer(tx, pavel, world.dealers.C.id, 'service');
    });
    // B, a two-brand dealer, has a car of each brand
    const fleet = {
      A: ['managerA', 'X', 'XW8AN2NE3JH000011'],
      B: ['managerB', 'X', 'XW8AN2NE3JH000012'],
      BY: ['managerB', 'Y', 'XW8AN2NE3JH000014'],
      C: ['managerC', 'Y', 'XW8AN2NE3JH000013'],
    } as const;
    for (const [car, [manager, brandCode, vin]] of Object.entries(fleet)) {
      const added = await apiAs(world, manager).post('/api/test-drives/fleet', {
        brandCode,
        model: brandCode === 'Y' ? 'Ycar Y3' : 'Xcar X5',
        vin,
      });
      expect(added.status).toBe(201);
      cars[car as keyof typeof cars] = added.body.id;
    }
  });
  afterAll(async () => world?.close());

  const bookingsOf = async (dealer: 'A' | 'B' | 'C') =>
    world.database.db
      .selectFrom('test_drive_bookings')
      .select('id')
      .where('customer_id', '=', pavel)
      .where('dealer_id', '=', world.dealers[dealer].id)
      .execute();

  it('dealer B is refused, told who owns him, and nothing is booked', async () => {
    const answer = await apiAs(world, 'managerB').post('/api/test-drives/bookings', {
      customerId: pavel,
      vehicleId: cars.B,
      ...slot(3, 9),
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'prospect_of_other_dealer',
      params: { dealer: 'A' },
      fields: [expect.objectContaining({ path: 'customerId' })],
    });
    expect(await bookingsOf('B')).toHaveLength(0);
  });

  it('dealer B, who sells Xcar and Ycar, may invite him to a Ycar drive, but not move it to an Xcar', async () => {
    // nobody owns Pavel for Ycar: before cars carried a brand, B was refused for selling Xcar too
    const answer = await apiAs(world, 'managerB').post('/api/test-drives/bookings', {
      customerId: pavel,
      vehicleId: cars.BY,
      ...slot(3, 11),
    });
    expect(answer.status).toBe(201);
    const moved = await apiAs(world, 'managerB').post(
      `/api/test-drives/bookings/${answer.body.id}/reschedule`,
      { vehicleId: cars.B, ...slot(3, 13) },
    );
    expect(moved.status).toBe(409);
    expect(moved.body.error).toMatchObject({
      code: 'prospect_of_other_dealer',
      params: { dealer: 'A' },
    });
    const kept = await world.database.db
      .selectFrom('test_drive_bookings')
      .select(['vehicle_id', 'starts_at'])
      .where('id', '=', answer.body.id)
      .executeTakeFirstOrThrow();
    expect(kept.vehicle_id).toBe(cars.BY);
    expect(kept.starts_at.toISOString()).toBe(slot(3, 11).startsAt);
    const cancelled = await apiAs(world, 'managerB').post(
      `/api/test-drives/bookings/${answer.body.id}/cancel`,
      { reason: 'He chose another day' },
    );
    expect(cancelled.status).toBe(204);
  });

  it('dealer A, the owner, books him with his lead', async () => {
    const answer = await apiAs(world, 'managerA').post('/api/test-drives/bookings', {
      customerId: pavel,
      vehicleId: cars.A,
      leadId: leadAtA,
      ...slot(3, 9),
    });
    expect(answer.status).toBe(201);
  });

  it('dealer C, which sells no Xcar, may invite him to a Ycar drive', async () => {
    const answer = await apiAs(world, 'managerC').post('/api/test-drives/bookings', {
      customerId: pavel,
      vehicleId: cars.C,
      ...slot(4, 9),
    });
    expect(answer.status).toBe(201);
  });

  it('after A hands him over, dealer B books him', async () => {
    const moved = await apiAs(world, 'managerA').post(`/api/leads/${leadAtA}/transfer`, {
      dealerCode: 'B',
      reason: 'He lives next to dealer B now',
    });
    expect(moved.status).toBe(204);
    const answer = await apiAs(world, 'managerB').post('/api/test-drives/bookings', {
      customerId: pavel,
      vehicleId: cars.B,
      leadId: leadAtA,
      ...slot(5, 9),
    });
    expect(answer.status).toBe(201);
    // and A, no longer the owner, may not invite him to another Xcar drive
    const again = await apiAs(world, 'managerA').post('/api/test-drives/bookings', {
      customerId: pavel,
      vehicleId: cars.A,
      ...slot(6, 9),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.params).toEqual({ dealer: 'B' });
  });

  it('a dealer who owns the person for a brand of his own may invite him though another owns him for one it sells', async () => {
    // Olga is A's Xcar prospect and B's Ycar prospect: she is B's own customer too
    const phone = '+7 916 555-10-21';
    const atA = await apiAs(world, 'managerA').post('/api/leads', {
      source: 'referral',
      person: { firstName: 'Ольга', lastName: 'Двухбрендова', phones: [{ number: phone }] },
      vehicles: [{ make: 'Xcar', model: 'X5' }],
    });
    expect(atA.status).toBe(201);
    const atB = await apiAs(world, 'managerB').post('/api/leads', {
      source: 'referral',
      person: { firstName: 'Ольга', lastName: 'Двухбрендова', phones: [{ number: phone }] },
      vehicles: [{ make: 'Ycar', model: 'Y3' }],
    });
    expect(atB.status).toBe(201);
    expect(atB.body.customerId).toBe(atA.body.customerId);
    const answer = await apiAs(world, 'managerB').post('/api/test-drives/bookings', {
      customerId: atA.body.customerId,
      vehicleId: cars.BY,
      ...slot(7, 9),
    });
    expect(answer.status).toBe(201);
    // but not to a drive of the Xcar, A's brand for her
    const xcar = await apiAs(world, 'managerB').post('/api/test-drives/bookings', {
      customerId: atA.body.customerId,
      vehicleId: cars.B,
      ...slot(7, 11),
    });
    expect(xcar.status).toBe(409);
    expect(xcar.body.error.params).toEqual({ dealer: 'A' });
  });
});
