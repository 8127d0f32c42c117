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
import { today } from './dates.ts';

/**
 * Tiers follow what members earn over the window (upgrades and downgrades logged), members
 * without a sign of life in 6 months are dormant, and a member who brings a buyer earns.
 */
describe('upgrades, downgrades, dormant members and referrals', () => {
  let world: TestWorld;
  let makeX: string;
  let makeY: string;
  let active: { id: string; memberNumber: string };
  let sleeper: { id: string };
  let activeCustomer: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const club = await setUpClubX(world, {
      tierWindowMonths: 12,
      tiers: [
        { code: 'ordinary', name: 'Ordinary', rank: 0, minPoints: 0 },
        { code: 'middle', name: 'Middle', rank: 1, minPoints: 1_000 },
        { code: 'premium', name: 'Premium', rank: 2, minPoints: 50_000, minSpendMinor: 500_000_00 },
      ],
    });
    makeX = club.makeX;
    makeY = club.makeY;
    const db = world.database.db;
    const dealerId = world.dealers.A.id;
    activeCustomer = await newCustomer(world, 'A', 'Активный');
    active = await enrol(world, club.clubId, activeCustomer, { joinedOn: monthsAgo(2) });
    const car = await addVehicle(db, activeCustomer, makeX);
    // 6,000 points, below premium's 50,000, but 600,000.00 RUB spent reaches its spend threshold
    await addPurchase(db, {
      customerId: activeCustomer,
      vehicleId: car,
      dealerId,
      date: monthsAgo(1),
      priceMinor: 600_000_00,
    });

    const sleeperCustomer = await newCustomer(world, 'A', 'Спящий');
    sleeper = await enrol(world, club.clubId, sleeperCustomer, { joinedOn: monthsAgo(30) });
    const old = await addVehicle(db, sleeperCustomer, makeX);
    await addVisit(db, {
      customerId: sleeperCustomer,
      vehicleId: old,
      dealerId,
      date: monthsAgo(20),
      totalMinor: 30_000_00,
    });
    // he was middle back then
    await sql`update club_members set tier_id = (select id from club_tiers where code = 'middle')
               where id = ${sleeper.id}`.execute(db);
  });
  afterAll(async () => world.close());

  it('the cycle moves members up and down and logs why', async () => {
    const run = await apiAs(world, 'admin').post('/api/club/runs');
    expect(run.body).toMatchObject({ upgraded: 1, downgraded: 1 });
    const up = await apiAs(world, 'managerA').get(`/api/club/members/${active.id}`);
    expect(up.body.tier.code).toBe('premium');
    expect(up.body.tierSince).toBe(today());
    const history = await apiAs(world, 'managerA').get(
      `/api/club/members/${active.id}/tier-changes`,
    );
    expect(history.body.items).toEqual([
      expect.objectContaining({
        fromTier: 'ordinary',
        toTier: 'premium',
        direction: 'up',
        pointsInWindow: 6_000,
        spendInWindowMinor: 600_000_00,
      }),
    ]);
    const down = await apiAs(world, 'managerA').get(`/api/club/members/${sleeper.id}/tier-changes`);
    expect(down.body.items[0]).toMatchObject({
      fromTier: 'middle',
      toTier: 'ordinary',
      direction: 'down',
    });
    const again = await apiAs(world, 'admin').post('/api/club/runs');
    expect(again.body).toMatchObject({ upgraded: 0, downgraded: 0 });
  });

  it('a member without purchase, points, event or service in 6 months is dormant', async () => {
    const dormant = await apiAs(world, 'managerA').get('/api/club/members?dormant=true');
    expect(dormant.body.items.map((m: { id: string }) => m.id)).toEqual([sleeper.id]);
    expect(dormant.body.items[0]).toMatchObject({ dormant: true, lastActivityOn: monthsAgo(20) });
    const awake = await apiAs(world, 'managerA').get('/api/club/members?dormant=false');
    expect(awake.body.items.map((m: { id: string }) => m.id)).toEqual([active.id]);
    // a redemption is a sign of life: he wakes up
    await apiAs(world, 'managerA').post(`/api/club/members/${sleeper.id}/redemptions`, {
      points: 100,
      reason: 'car wash',
    });
    const after = await apiAs(world, 'managerA').get(`/api/club/members/${sleeper.id}`);
    expect(after.body).toMatchObject({ dormant: false, lastActivityOn: today() });
  });

  it('a member earns when the person he brought buys a car of the brand', async () => {
    const db = world.database.db;
    const friend = await newCustomer(world, 'A', 'Друг');
    const self = await apiAs(world, 'managerA').post(`/api/club/members/${active.id}/referrals`, {
      customerId: activeCustomer,
    });
    expect(self.status).toBe(400);
    const referral = await apiAs(world, 'managerA').post(
      `/api/club/members/${active.id}/referrals`,
      {
        customerId: friend,
        note: 'colleague, wants an X5',
      },
    );
    expect(referral.status).toBe(201);
    const twice = await apiAs(world, 'managerA').post(`/api/club/members/${sleeper.id}/referrals`, {
      customerId: friend,
    });
    expect(twice.status).toBe(409);
    // he buys a car of the other brand first: nothing for club X
    const ycar = await addVehicle(db, friend, makeY);
    await addPurchase(db, {
      customerId: friend,
      vehicleId: ycar,
      dealerId: world.dealers.A.id,
      date: today(),
      priceMinor: 1_000_000_00,
    });
    expect((await apiAs(world, 'admin').post('/api/club/runs')).body.referrals).toBe(0);
    const xcar = await addVehicle(db, friend, makeX);
    await addPurchase(db, {
      customerId: friend,
      vehicleId: xcar,
      dealerId: world.dealers.A.id,
      date: today(),
      priceMinor: 2_000_000_00,
    });
    expect((await apiAs(world, 'admin').post('/api/club/runs')).body.referrals).toBe(1);
    expect((await apiAs(world, 'admin').post('/api/club/runs')).body.referrals).toBe(0);
    const referrals = await apiAs(world, 'managerA').get(
      `/api/club/members/${active.id}/referrals`,
    );
    expect(referrals.body.items).toEqual([
      expect.objectContaining({
        status: 'rewarded',
        rewardedOn: today(),
        note: 'colleague, wants an X5',
      }),
    ]);
    const points = await apiAs(world, 'managerA').get(`/api/club/members/${active.id}/points`);
    expect(points.body.items[0]).toMatchObject({ source: 'referral', points: 5_000 });
    const outside = await apiAs(world, 'managerB').get(`/api/club/members/${active.id}/referrals`);
    expect(outside.status).toBe(404);
  });
});
