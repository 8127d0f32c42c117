import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import {
  addPurchase,
  addVehicle,
  addVisit,
  enrol,
  monthsAgo,
  newCustomer,
  setUpClubX,
} from './club.testing.ts';

/**
 * Points of the club: the hourly run credits purchases and customer-paid visits of the brand
 * once each, a member spends them and can never spend more than he has (not even with two
 * redemptions at once), corrections are new rows, and old points lapse first in, first out.
 */
describe('an owner earns and spends club points', () => {
  let world: TestWorld;
  let clubId: string;
  let memberId: string;
  let purchaseEntryId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const club = await setUpClubX(world);
    clubId = club.clubId;
    const db = world.database.db;
    const customerId = await newCustomer(world, 'A', 'Баллов');
    memberId = (await enrol(world, clubId, customerId, { joinedOn: monthsAgo(3) })).id;
    const car = await addVehicle(db, customerId, club.makeX);
    const otherBrand = await addVehicle(db, customerId, club.makeY);
    const dealerId = world.dealers.A.id;
    // bought 3,000,000.00 RUB when joining: 1 point per 100 RUB
    await addPurchase(db, {
      customerId,
      vehicleId: car,
      dealerId,
      date: monthsAgo(3),
      priceMinor: 3_000_000_00,
    });
    // a Ycar bought too: not club X's brand, earns nothing here
    await addPurchase(db, {
      customerId,
      vehicleId: otherBrand,
      dealerId,
      date: monthsAgo(2),
      priceMinor: 2_000_000_00,
    });
    // 25,000.00 RUB paid for service: 5 points per 100 RUB; a warranty visit earns nothing
    await addVisit(db, {
      customerId,
      vehicleId: car,
      dealerId,
      date: monthsAgo(1),
      totalMinor: 25_000_00,
    });
    await addVisit(db, {
      customerId,
      vehicleId: car,
      dealerId,
      date: monthsAgo(1),
      totalMinor: 90_000_00,
      paidBy: 'warranty',
    });
    // a visit before he joined earns nothing
    await addVisit(db, {
      customerId,
      vehicleId: car,
      dealerId,
      date: monthsAgo(6),
      totalMinor: 10_000_00,
    });
  });
  afterAll(async () => world.close());

  it('the run credits the purchase and the paid visit once, however often it runs', async () => {
    const first = await apiAs(world, 'admin').post('/api/club/runs');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ purchases: 1, serviceVisits: 1 });
    const second = await apiAs(world, 'admin').post('/api/club/runs');
    expect(second.body).toMatchObject({ purchases: 0, serviceVisits: 0, expired: 0 });
    const points = await apiAs(world, 'managerA').get(`/api/club/members/${memberId}/points`);
    expect(points.body.balance).toBe(30_000 + 1_250);
    expect(
      points.body.items.map((e: { source: string; points: number }) => [e.source, e.points]),
    ).toEqual([
      ['service_visit', 1_250],
      ['purchase', 30_000],
    ]);
    purchaseEntryId = points.body.items[1].id;
    const dealerRun = await apiAs(world, 'managerA').post('/api/club/runs');
    expect(dealerRun.status).toBe(403);
  });

  it('two redemptions at once cannot overdraw the balance', async () => {
    const api = apiAs(world, 'consultantA1');
    const both = await Promise.all([
      api.post(`/api/club/members/${memberId}/redemptions`, {
        points: 31_000,
        reason: 'winter tyres',
      }),
      api.post(`/api/club/members/${memberId}/redemptions`, {
        points: 31_000,
        reason: 'winter tyres',
      }),
    ]);
    expect(both.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const refused = both.find((answer) => answer.status === 409)!;
    expect(refused.body.error.fields[0]).toMatchObject({
      path: 'points',
      code: 'insufficient_points',
      params: { balance: 250 },
    });
    const points = await api.get(`/api/club/members/${memberId}/points`);
    expect(points.body.balance).toBe(250);
  });

  it('a manager grants points with a reason; a consultant may not', async () => {
    const consultant = await apiAs(world, 'consultantA1').post(
      `/api/club/members/${memberId}/points`,
      {
        points: 100,
        reason: 'helped at the club day',
      },
    );
    expect(consultant.status).toBe(403);
    const noReason = await apiAs(world, 'managerA').post(`/api/club/members/${memberId}/points`, {
      points: 100,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    const granted = await apiAs(world, 'managerA').post(`/api/club/members/${memberId}/points`, {
      points: 100,
      reason: 'helped at the club day',
    });
    expect(granted.status).toBe(201);
    expect(granted.body.balance).toBe(350);
  });

  it('a correction is a new row; one that would overdraw is refused', async () => {
    const tooMuch = await apiAs(world, 'managerA').post(
      `/api/club/members/${memberId}/corrections`,
      {
        entryId: purchaseEntryId,
        points: -1_000,
        reason: 'price was lower',
      },
    );
    expect(tooMuch.status).toBe(409);
    const fixed = await apiAs(world, 'managerA').post(`/api/club/members/${memberId}/corrections`, {
      entryId: purchaseEntryId,
      points: -300,
      reason: 'price was lower',
    });
    expect(fixed.status).toBe(201);
    expect(fixed.body.balance).toBe(50);
    const points = await apiAs(world, 'managerA').get(`/api/club/members/${memberId}/points`);
    expect(points.body.items[0]).toMatchObject({
      source: 'correction',
      points: -300,
      correctsEntryId: purchaseEntryId,
    });
    // the ledger cannot be edited, not even by SQL
    await expect(
      sql`update club_points_ledger set points = 1 where id = ${purchaseEntryId}`.execute(
        world.database.db,
      ),
    ).rejects.toThrow(/append-only/);
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id'])
      .where('table_name', '=', 'club_points_ledger')
      .where('action', '=', 'insert')
      .where('actor_user_id', '=', world.users.managerA.id)
      .execute();
    expect(audit.length).toBe(2);
  });

  it('dealer B’s people neither see nor spend A’s member’s points', async () => {
    const read = await apiAs(world, 'managerB').get(`/api/club/members/${memberId}/points`);
    expect(read.status).toBe(404);
    const spend = await apiAs(world, 'advisorB').post(`/api/club/members/${memberId}/redemptions`, {
      points: 10,
      reason: 'try',
    });
    expect(spend.status).toBe(404);
  });

  it('points past their validity lapse first in, first out', async () => {
    const db = world.database.db;
    const customerId = await newCustomer(world, 'A', 'Старый');
    const oldMember = await enrol(world, clubId, customerId, { joinedOn: monthsAgo(40) });
    const car = await addVehicle(db, customerId, (await setUpMake(db)).id);
    // earned 500 points 30 months ago (valid 24 months) and 100 points a month ago
    await addVisit(db, {
      customerId,
      vehicleId: car,
      dealerId: world.dealers.A.id,
      date: monthsAgo(30),
      totalMinor: 10_000_00,
    });
    await addVisit(db, {
      customerId,
      vehicleId: car,
      dealerId: world.dealers.A.id,
      date: monthsAgo(1),
      totalMinor: 2_000_00,
    });
    const run = await apiAs(world, 'admin').post('/api/club/runs');
    expect(run.body).toMatchObject({ serviceVisits: 2, expired: 1 });
    const points = await apiAs(world, 'admin').get(`/api/club/members/${oldMember.id}/points`);
    expect(points.body.balance).toBe(100);
    expect(points.body.items.find((e: { source: string }) => e.source === 'expiry').points).toBe(
      -500,
    );
    const again = await apiAs(world, 'admin').post('/api/club/runs');
    expect(again.body.expired).toBe(0);
  });
});

async function setUpMake(db: TestWorld['database']['db']) {
  return db
    .selectFrom('catalog_makes')
    .select('id')
    .where('name', '=', 'Xcar')
    .executeTakeFirstOrThrow();
}
