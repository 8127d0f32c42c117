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
import { clubMemberCondition } from './kpis.service.ts';

/**
 * Seed 002's two club KPIs on five hand-made members with known answers:
 *   A1 bought X 4 years ago and again last month     repurchaser, awake
 *   A2 bought X 20 months ago, nothing since           dormant
 *   A3 bought X 7 and 1 years ago (gap > 5 years)     not a repurchaser; serviced last month
 *   A4 bought X 3 years ago, then a Ycar              not a repurchaser of X; dormant
 *   B1 joined last month                               awake (too new to be dormant)
 * club: 2 of 5 dormant (40 %), 1 of 5 repurchased (20 %); dealer A: 50 % and 25 %.
 */
describe('club KPIs: dormant share and 5-year repurchase rate', () => {
  let world: TestWorld;
  let clubId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const club = await setUpClubX(world);
    clubId = club.clubId;
    const db = world.database.db;
    const dealerId = world.dealers.A.id;
    const member = async (name: string, purchases: [string, string][], visit?: string) => {
      const customerId = await newCustomer(world, 'A', name);
      await enrol(world, clubId, customerId, { joinedOn: monthsAgo(24), tags: [`hobby:${name}`] });
      for (const [make, date] of purchases) {
        const car = await addVehicle(db, customerId, make === 'X' ? club.makeX : club.makeY);
        await addPurchase(db, {
          customerId,
          vehicleId: car,
          dealerId,
          date,
          priceMinor: 1_000_000_00,
        });
        if (visit)
          await addVisit(db, {
            customerId,
            vehicleId: car,
            dealerId,
            date: visit,
            totalMinor: 100,
          });
      }
    };
    await member('a1', [
      ['X', monthsAgo(48)],
      ['X', monthsAgo(1)],
    ]);
    await member('a2', [['X', monthsAgo(20)]]);
    await member(
      'a3',
      [
        ['X', monthsAgo(84)],
        ['X', monthsAgo(12)],
      ],
      monthsAgo(1),
    );
    await member('a4', [
      ['X', monthsAgo(36)],
      ['Y', monthsAgo(12)],
    ]);
    await enrol(world, clubId, await newCustomer(world, 'B', 'b1'), { joinedOn: monthsAgo(1) });
  });
  afterAll(async () => world.close());

  it('the group sees the club and each dealer against the targets', async () => {
    const kpis = await apiAs(world, 'admin').get(`/api/club/kpis?clubId=${clubId}`);
    expect(kpis.status).toBe(200);
    expect(kpis.body.targets).toEqual({ dormantShareMax: 0.2, repurchaseRateMin: 0.2 });
    const rows = kpis.body.items.map((row: Record<string, unknown>) => [
      row.dealerCode,
      row.members,
      row.dormant,
      row.dormantShare,
      row.repurchasers,
      row.repurchaseRate,
    ]);
    expect(rows).toEqual([
      [null, 5, 2, 0.4, 1, 0.2],
      ['A', 4, 2, 0.5, 1, 0.25],
      ['B', 1, 0, 0, 0, 0],
    ]);
  });

  it('a dealer sees only his own members in the figures', async () => {
    const kpis = await apiAs(world, 'managerB').get('/api/club/kpis');
    expect(
      kpis.body.items.map((row: { dealerCode: string | null; members: number }) => [
        row.dealerCode,
        row.members,
      ]),
    ).toEqual([
      [null, 1],
      ['B', 1],
    ]);
    const brandY = await apiAs(world, 'brandY').get('/api/club/kpis');
    expect(brandY.body.items).toEqual([]);
  });

  it('other modules select club members with a parameterised condition', async () => {
    const db = world.database.db;
    const count = async (filter: Parameters<typeof clubMemberCondition>[1]) =>
      Number(
        (
          await db
            .selectFrom('customers as c')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where((eb) => clubMemberCondition(eb.ref('c.id'), filter))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count({})).toBe(5);
    expect(await count({ dormant: true })).toBe(2);
    expect(await count({ dormant: false, tags: ['hobby:a1'] })).toBe(1);
    expect(await count({ tiers: ['premium'] })).toBe(0);
    expect(await count({ tiers: ['ordinary'], clubId })).toBe(5);
    // a hostile value stays a value
    expect(await count({ tags: ["hobby:x'); drop table club_members; --"] })).toBe(0);
    await apiAs(world, 'admin').post('/api/club/runs');
    // a1, a2 and a3 bought X since joining (10,000 points each); a4's X came before
    expect(await count({ minBalance: 10_000 })).toBe(3);
    const still = await sql<{ n: string }>`select count(*) as n from club_members`.execute(db);
    expect(Number(still.rows[0]!.n)).toBe(5);
  });
});
