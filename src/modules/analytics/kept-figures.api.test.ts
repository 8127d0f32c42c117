import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById, type Actor } from '../../auth/index.ts';
import { createTestWorld, type TestUserKey, type TestWorld } from '../../testing/test-world.ts';
import {
  addPurchase,
  addVehicle,
  addVisit,
  enrol,
  monthsAgo,
  newCustomer,
  setUpClubX,
} from '../club/club.testing.ts';
import { refreshAnalyticsAggregates } from './aggregates/refresh.ts';
import { clubKpisReport } from './dashboards/club-kpis-report.ts';
import { csiDashboard } from './dashboards/csi-dashboard.ts';
import { resolveFilter, type DashboardQuery } from './dashboards/dashboard-filters.ts';

/**
 * The kept CSI months and club member rows (migration 0274) give the figures a live count gives:
 * under filters, scopes and periods with and without whole months, after new answers, a visit
 * given to another advisor, a deleted visit, new points and a new member, and after the
 * incremental refresh that follows. Each comparison also shows the kept rows are read (a kept
 * row altered by hand changes the figures).
 */
describe('kept CSI and club figures equal a live count', () => {
  let world: TestWorld;
  const actors = {} as Record<TestUserKey, Actor>;
  const visits: string[] = [];
  let clubId: string;
  let club: Awaited<ReturnType<typeof setUpClubX>>;
  const users: TestUserKey[] = ['admin', 'managerA', 'managerB', 'regionR1', 'brandY'];

  // answers over four months: dealer A (advisorA or none) and B (advisorB)
  const answers: [dealer: 'A' | 'B', day: string, score: number, advisor: boolean][] = [
    ['A', '2026-01-15', 1, true],
    ['A', '2026-01-31', 8, false],
    ['A', '2026-02-05', 10, true],
    ['B', '2026-02-14', 6, true],
    ['A', '2026-02-20', 9, true],
    ['B', '2026-03-01', 3, true],
    ['A', '2026-03-03', 4, true],
    ['A', '2026-03-10', 7, false],
    ['B', '2026-03-31', 10, true],
    ['B', '2026-04-02', 9, true],
    ['A', '2026-04-20', 5, true],
  ];

  const addAnswer = async (dealer: 'A' | 'B', day: string, score: number, advisor: boolean) => {
    const db = world.database.db;
    const customerId = await newCustomer(world, dealer, `Csi${visits.length}`);
    const vehicleId = await addVehicle(db, customerId, club.makeX);
    const visitId = await addVisit(db, {
      customerId,
      vehicleId,
      dealerId: world.dealers[dealer].id,
      date: day,
      totalMinor: 100,
    });
    const advisorId = world.users[dealer === 'A' ? 'advisorA' : 'advisorB'].id;
    if (advisor)
      await sql`update service_visits set advisor_user_id = ${advisorId} where id = ${visitId}`.execute(
        db,
      );
    await db
      .insertInto('service_follow_ups')
      .values({
        visit_id: visitId,
        customer_id: customerId,
        dealer_id: world.dealers[dealer].id,
        due_at: new Date(`${day}T08:00:00Z`),
        csi_score: score,
        completed_at: new Date(`${day}T12:00:00Z`),
      })
      .execute();
    visits.push(visitId);
  };

  const queries = (): DashboardQuery[] => [
    { from: '2026-01-01', to: '2026-04-30' },
    { from: '2026-01-20', to: '2026-04-10' },
    { from: '2026-02-01', to: '2026-03-31', dealerCode: 'B' },
    { from: '2026-01-01', to: '2026-03-31', brandCode: 'Y' },
    { from: '2026-01-01', to: '2026-04-30', regionCode: 'R1' },
    { from: '2026-01-01', to: '2026-04-30', consultantId: world.users.advisorA.id },
    { from: '2026-03-05', to: '2026-03-20' },
  ];

  /** Every report of every user under every filter, kept and live: they must be equal. */
  const compareCsi = async () => {
    const db = world.database.db;
    let compared = 0;
    for (const user of users) {
      for (const query of queries()) {
        const filter = await resolveFilter(db, query);
        const kept = await csiDashboard(db, actors[user], filter);
        const live = await csiDashboard(db, actors[user], filter, { live: true });
        expect({ user, query, tables: kept.tables, kpis: kept.kpis }).toEqual({
          user,
          query,
          tables: live.tables,
          kpis: live.kpis,
        });
        compared++;
      }
    }
    return compared;
  };
  const csiAnswers = async (user: TestUserKey, query: DashboardQuery, live = false) => {
    const report = await csiDashboard(
      world.database.db,
      actors[user],
      await resolveFilter(world.database.db, query),
      { live },
    );
    return report.kpis.find((kpi) => kpi.key === 'answers')!.value;
  };
  const pendingMonths = async () =>
    (
      await sql<{ month: string }>`
        select distinct month::text as month from analytics_csi_months_pending order by 1`.execute(
        world.database.db,
      )
    ).rows.map((row) => row.month);

  beforeAll(async () => {
    world = await createTestWorld();
    club = await setUpClubX(world);
    clubId = club.clubId;
    for (const user of users)
      actors[user] = await actorForUser(
        world.database.db,
        (await findUserById(world.database.db, world.users[user].id))!,
      );
    for (const answer of answers) await addAnswer(...answer);
  });
  afterAll(async () => world.close());

  it('CSI: after a rebuild the kept months are read and equal the live count', async () => {
    const db = world.database.db;
    // the inserts above noted their months: until a refresh they are read live
    expect(await pendingMonths()).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    await refreshAnalyticsAggregates(db, { only: ['csi'], full: true });
    expect(await pendingMonths()).toEqual([]);
    expect(await compareCsi()).toBe(users.length * queries().length);
    // a dealer manager's report holds his dealer only
    const mine = await csiDashboard(
      db,
      actors.managerB,
      await resolveFilter(db, { from: '2026-01-01', to: '2026-04-30', dealerCode: 'A' }),
    );
    expect(mine.kpis.find((kpi) => kpi.key === 'answers')!.value).toBe(0);
    const ownRows = await csiDashboard(
      db,
      actors.managerB,
      await resolveFilter(db, { from: '2026-01-01', to: '2026-04-30' }),
    );
    expect(ownRows.tables.find((table) => table.key === 'csiByDealer')!.rows).toEqual([
      ['B', 4, 7, 2, 2, 0],
    ]);
    // the whole months of the period are the kept rows: altered by hand, the figures follow them
    await sql`update analytics_csi_monthly set answers = answers + 100
               where month = '2026-02-01' and dealer_id = ${world.dealers.A.id}`.execute(db);
    expect(await csiAnswers('admin', { from: '2026-01-01', to: '2026-04-30' })).toBe(
      answers.length + 100 * 2,
    );
    expect(await csiAnswers('admin', { from: '2026-01-01', to: '2026-04-30' }, true)).toBe(
      answers.length,
    );
    await refreshAnalyticsAggregates(db, { only: ['csi'], full: true });
  });

  it('CSI: new answers, another advisor and a deleted visit are counted at once and after an incremental refresh', async () => {
    const db = world.database.db;
    await addAnswer('A', '2026-02-10', 2, true);
    await addAnswer('B', '2026-03-15', 10, true);
    await sql`update service_visits set advisor_user_id = null where id = ${visits[2]!}`.execute(
      db,
    );
    await sql`delete from service_visits where id = ${visits[8]!}`.execute(db);
    expect(await pendingMonths()).toEqual(['2026-02-01', '2026-03-01']);
    // read live until the refresh
    expect(await compareCsi()).toBe(users.length * queries().length);
    const [result] = await refreshAnalyticsAggregates(db, { only: ['csi'] });
    expect(result).toEqual({ family: 'csi', mode: 'days', days: 2 });
    expect(await pendingMonths()).toEqual([]);
    expect(await csiAnswers('admin', { from: '2026-01-01', to: '2026-04-30' })).toBe(
      answers.length + 2 - 1,
    );
    expect(await compareCsi()).toBe(users.length * queries().length);
  });

  /** The club report, kept and live, for every user, club filter and day judged on. */
  const compareClub = async () => {
    const db = world.database.db;
    for (const user of users) {
      for (const query of [{}, { clubId }, { asOf: monthsAgo(3) }, { asOf: monthsAgo(30) }]) {
        const live = await clubKpisReport(db, actors[user], query, { live: true });
        // with no look-back the members unchanged since the refresh are read from kept rows alone
        for (const overlapMs of [undefined, 0]) {
          const kept = await clubKpisReport(db, actors[user], query, { overlapMs });
          expect({ user, query, overlapMs, tables: kept.tables }).toEqual({
            user,
            query,
            overlapMs,
            tables: live.tables,
          });
        }
      }
    }
  };
  const clubRows = async (live = false) =>
    (await clubKpisReport(world.database.db, actors.admin, { clubId }, { live, overlapMs: 0 }))
      .tables[0]!.rows;

  it('club: kept last activity and repurchases equal the live tests, before and after new points', async () => {
    const db = world.database.db;
    const dealerId = world.dealers.A.id;
    const member = async (dealer: 'A' | 'B', name: string, purchases: [string, string][]) => {
      const customerId = await newCustomer(world, dealer, name);
      const { id } = await enrol(world, clubId, customerId, { joinedOn: monthsAgo(24) });
      for (const [make, date] of purchases) {
        const car = await addVehicle(db, customerId, make === 'X' ? club.makeX : club.makeY);
        await addPurchase(db, { customerId, vehicleId: car, dealerId, date, priceMinor: 100 });
      }
      return { id, customerId };
    };
    await member('A', 'Rebuyer', [
      ['X', monthsAgo(48)],
      ['X', monthsAgo(1)],
    ]);
    const sleeper = await member('A', 'Sleeper', [['X', monthsAgo(20)]]);
    await member('A', 'Gap', [
      ['X', monthsAgo(84)],
      ['X', monthsAgo(12)],
    ]);
    await member('B', 'Other', [
      ['X', monthsAgo(36)],
      ['Y', monthsAgo(12)],
    ]);
    // before any club refresh every member is judged live
    await compareClub();
    await refreshAnalyticsAggregates(db, { only: ['club'], full: true });
    const kept = await sql<{ n: number }>`
      select count(*)::int as n from analytics_club_member_activity`.execute(db);
    expect(kept.rows[0]!.n).toBe(4);
    await compareClub();
    expect(await clubRows()).toEqual([
      ['XCLUB', null, 4, 3, 0.75, 1, 0.25],
      ['XCLUB', 'A', 3, 2, 2 / 3, 1, 1 / 3],
      ['XCLUB', 'B', 1, 1, 1, 0, 0],
    ]);
    // the kept row is what is read: set the sleeper awake by hand and the figures follow
    await sql`update analytics_club_member_activity set last_activity = current_date
               where member_id = ${sleeper.id}`.execute(db);
    expect((await clubRows())[0]![3]).toBe(2);
    expect((await clubRows(true))[0]![3]).toBe(3);
    await refreshAnalyticsAggregates(db, { only: ['club'], full: true });

    // new points for the sleeper wake him; a new member counts at once (judged live)
    await sql`
      insert into club_points_ledger (member_id, customer_id, club_id, source, points, reason, occurred_on)
      values (${sleeper.id}, ${sleeper.customerId}, ${clubId}, 'manual', 500, 'Welcome back',
              current_date)`.execute(db);
    await member('B', 'Newcomer', [['X', monthsAgo(2)]]);
    const [result] = await refreshAnalyticsAggregates(db, { only: ['club'], overlapMs: 0 });
    expect(result).toMatchObject({ family: 'club', mode: 'days', days: 2 });
    await compareClub();
    expect(await clubRows()).toEqual([
      ['XCLUB', null, 5, 2, 0.4, 1, 0.2],
      ['XCLUB', 'A', 3, 1, 1 / 3, 1, 1 / 3],
      ['XCLUB', 'B', 2, 1, 0.5, 0, 0],
    ]);

    // the kept row's home dealer is what groups an unchanged member: moved by hand, he moves
    await sql`update analytics_club_member_activity set home_dealer_id = ${world.dealers.B.id}
               where member_id = ${sleeper.id}`.execute(db);
    expect((await clubRows()).map((row) => row[2])).toEqual([5, 2, 3]);
    await refreshAnalyticsAggregates(db, { only: ['club'], full: true });

    // with no refresh: a member who leaves, one whose home dealer changes and one removed (his
    // club_members row deleted, as erasing his customer does) are counted as they are now
    const rebuyer = await sql<{ id: string }>`select m.id from club_members m
        join customers c on c.id = m.customer_id where c.display_name like 'Rebuyer%'`.execute(db);
    await sql`update club_members set status = 'left', left_on = current_date
               where id = ${rebuyer.rows[0]!.id}`.execute(db);
    await sql`update club_members set home_dealer_id = ${world.dealers.A.id}
               where customer_id = (select id from customers where display_name like 'Newcomer%')`.execute(
      db,
    );
    await sql`delete from club_members where id = ${sleeper.id}`.execute(db);
    await compareClub();
    expect(await clubRows()).toEqual([
      ['XCLUB', null, 3, 2, 2 / 3, 0, 0],
      ['XCLUB', 'A', 2, 1, 0.5, 0, 0],
      ['XCLUB', 'B', 1, 1, 1, 0, 0],
    ]);
  });
});
