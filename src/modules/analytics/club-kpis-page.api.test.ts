import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById, type Actor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import {
  addPurchase,
  addVehicle,
  addVisit,
  enrol,
  monthsAgo,
  newCustomer,
  setUpClubX,
} from '../club/club.testing.ts';
import { clubKpis, today } from '../club/index.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';

type Query = { clubId?: string; asOf?: string };

/**
 * The members page's KPI card (GET /api/club/kpis) reads analytics' kept member rows as of today
 * and gives the club module's live figures: for the group, a region, a dealer and one club, after
 * a refresh and after changes the refresh has not seen yet (new points, a visit, a purchase, a
 * member leaving); an earlier day is counted live.
 */
describe('the club members page: KPIs from the kept figures equal the live count', () => {
  let world: TestWorld;
  let clubId: string;
  let club: Awaited<ReturnType<typeof setUpClubX>>;
  const actors = {} as Record<TestUserKey, Actor>;
  const users: TestUserKey[] = [
    'admin',
    'regionR1',
    'regionR2',
    'managerA',
    'managerB',
    'managerC',
    'brandY',
  ];
  const members = {} as Record<string, { id: string; customerId: string }>;

  const queries = (): Query[] => [{}, { clubId }, { asOf: today() }];
  const url = (query: Query) => `/api/club/kpis?${new URLSearchParams(query).toString()}`;

  /** The card's answer and the live query for every user and query: the same figures. */
  const compare = async () => {
    const kept = new Set<string | null>();
    for (const user of users) {
      for (const query of queries()) {
        const page = await apiAs(world, user).get(url(query));
        expect(page.status).toBe(200);
        const live = await clubKpis(world.database.db, actors[user], query);
        expect({ user, query, asOf: page.body.asOf, items: page.body.items }).toEqual({
          user,
          query,
          ...live,
        });
        kept.add(page.body.keptAsOf);
      }
    }
    return [...kept];
  };
  /** The whole club's row on the card for the group: members, dormant, repurchasers. */
  const groupRow = async (query: Query = {}) => {
    const page = await apiAs(world, 'admin').get(url({ clubId, ...query }));
    const row = page.body.items.find((item: { dealerCode: string | null }) => !item.dealerCode);
    return [row.members, row.dormant, row.repurchasers];
  };
  const liveGroupRow = async (query: Query = {}) => {
    const live = await clubKpis(world.database.db, actors.admin, { clubId, ...query });
    const row = live.items.find((item) => !item.dealerCode)!;
    return [row.members, row.dormant, row.repurchasers];
  };
  /**
   * Moves every timestamp the refresh and the card look at an hour back, as if the data had been
   * there long before the refresh: past the refresh's 10-minute look-back, so the card reads these
   * members from the kept rows alone. The touch triggers would reset updated_at: off for this.
   */
  const ageTheData = async () =>
    world.database.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`update club_members set updated_at = updated_at - interval '1 hour'`.execute(tx);
      await sql`update vehicle_purchases set created_at = created_at - interval '1 hour'`.execute(
        tx,
      );
      await sql`update service_visits set updated_at = updated_at - interval '1 hour'`.execute(tx);
      await sql`update club_points_ledger set created_at = created_at - interval '1 hour'`.execute(
        tx,
      );
    });
  const setKeptLastActivity = (member: string, day: string) =>
    sql`update analytics_club_member_activity set last_activity = ${day}::date
         where member_id = ${members[member]!.id}`.execute(world.database.db);

  beforeAll(async () => {
    world = await createTestWorld();
    club = await setUpClubX(world);
    clubId = club.clubId;
    const db = world.database.db;
    for (const user of users)
      actors[user] = await actorForUser(db, (await findUserById(db, world.users[user].id))!);
    const member = async (dealer: 'A' | 'B' | 'C', name: string, purchases: [string, string][]) => {
      const customerId = await newCustomer(world, dealer, name);
      const { id } = await enrol(world, clubId, customerId, { joinedOn: monthsAgo(24) });
      for (const [make, date] of purchases) {
        const car = await addVehicle(db, customerId, make === 'X' ? club.makeX : club.makeY);
        await addPurchase(db, {
          customerId,
          vehicleId: car,
          dealerId: world.dealers[dealer].id,
          date,
          priceMinor: 100,
        });
      }
      members[name] = { id, customerId };
    };
    // Rebuyer: a repurchaser, awake; the others dormant, none a repurchaser
    await member('A', 'Rebuyer', [
      ['X', monthsAgo(48)],
      ['X', monthsAgo(1)],
    ]);
    await member('A', 'Sleeper', [['X', monthsAgo(20)]]);
    await member('A', 'Gap', [
      ['X', monthsAgo(84)],
      ['X', monthsAgo(12)],
    ]);
    await member('B', 'Other', [
      ['X', monthsAgo(36)],
      ['Y', monthsAgo(12)],
    ]);
    await member('C', 'Far', [['X', monthsAgo(30)]]);
  });
  afterAll(async () => world.close());

  it('before any refresh the card counts live', async () => {
    expect(await compare()).toEqual([null]);
    expect(await groupRow()).toEqual([5, 4, 1]);
  });

  it('after a refresh the card reads the kept rows as of today; an earlier day is counted live', async () => {
    const db = world.database.db;
    await ageTheData();
    await refreshAnalyticsAggregates(db, { only: ['club'], full: true });
    const state = await db
      .selectFrom('analytics_aggregate_state')
      .select('refreshed_at')
      .where('name', '=', 'club')
      .executeTakeFirstOrThrow();
    expect(await compare()).toEqual([state.refreshed_at.toISOString()]);
    expect(await groupRow()).toEqual([5, 4, 1]);

    // the kept row is what is read: the sleeper set awake by hand wakes him on the card only
    await setKeptLastActivity('Sleeper', today());
    expect(await groupRow()).toEqual([5, 3, 1]);
    expect(await groupRow({ asOf: today() })).toEqual([5, 3, 1]);
    expect(await liveGroupRow()).toEqual([5, 4, 1]);
    // an earlier day is the live query's (the kept rows hold each member as of the refresh)
    const earlier = await apiAs(world, 'admin').get(url({ clubId, asOf: monthsAgo(3) }));
    expect(earlier.body.keptAsOf).toBeNull();
    expect(await groupRow({ asOf: monthsAgo(3) })).toEqual(
      await liveGroupRow({ asOf: monthsAgo(3) }),
    );
    // three months ago the sleeper was asleep and Rebuyer's last purchase (a month ago) not made
    expect(await groupRow({ asOf: monthsAgo(3) })).toEqual([5, 4, 0]);
    await refreshAnalyticsAggregates(db, { only: ['club'], full: true });
    expect(await groupRow()).toEqual([5, 4, 1]);
  });

  it('new points, a visit, a purchase and a leave are counted at once, without a refresh', async () => {
    const db = world.database.db;
    const sleeper = members.Sleeper!;
    await sql`
      insert into club_points_ledger (member_id, customer_id, club_id, source, points, reason, occurred_on)
      values (${sleeper.id}, ${sleeper.customerId}, ${clubId}, 'manual', 500, 'Welcome back',
              current_date)`.execute(db);
    const gap = members.Gap!;
    await addVisit(db, {
      customerId: gap.customerId,
      vehicleId: await addVehicle(db, gap.customerId, club.makeX),
      dealerId: world.dealers.A.id,
      date: today(),
      totalMinor: 100,
    });
    // X three years ago and again last month: a repurchase, and awake
    const other = members.Other!;
    await addPurchase(db, {
      customerId: other.customerId,
      vehicleId: await addVehicle(db, other.customerId, club.makeX),
      dealerId: world.dealers.B.id,
      date: monthsAgo(1),
      priceMinor: 100,
    });
    await sql`update club_members set status = 'left', left_on = current_date
               where id = ${members.Rebuyer!.id}`.execute(db);

    await compare();
    // Rebuyer left; Sleeper, Gap and Other awake, Other a repurchaser; Far still dormant
    expect(await groupRow()).toEqual([4, 1, 1]);
    // the unchanged member still comes from his kept row
    await setKeptLastActivity('Far', today());
    expect(await groupRow()).toEqual([4, 0, 1]);
    expect(await liveGroupRow()).toEqual([4, 1, 1]);
    await refreshAnalyticsAggregates(db, { only: ['club'], full: true });
    await compare();
    expect(await groupRow()).toEqual([4, 1, 1]);
  });
});
