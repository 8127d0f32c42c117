import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById } from '../../auth/index.ts';
import { apiAs, type TestUserKey, type TestWorld } from '../../testing/test-world.ts';
import { buildPackWorld, mondayMorning, week } from './report-packs/pack-world.testing.ts';
import { packFigures, type WeekFigures } from './report-packs/pack-figures.ts';
import { queueWeeklyPacks } from './report-packs/report-mail-queue.ts';

describe('the weekly dealer pack', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await buildPackWorld();
  });
  afterAll(async () => world.close());

  const figuresOf = async (user: TestUserKey) => {
    const row = await findUserById(world.database.db, world.users[user].id);
    const actor = await actorForUser(world.database.db, row!, 'job');
    return packFigures(world.database.db, actor, week);
  };

  it("gives a dealer manager last week's figures against the week before, his dealer only", async () => {
    const pack = await figuresOf('managerA');
    expect(pack.current).toEqual<WeekFigures>({
      newProspects: 2,
      hotProspects: 2,
      testDrives: 1,
      orders: 1,
      serviceVisits: 2,
      claims: 1,
      csiAverage: 8.5,
      overdueTasks: 1,
      logins: 2,
      activities: 3,
    });
    expect(pack.previous).toEqual<WeekFigures>({
      newProspects: 1,
      hotProspects: 1,
      testDrives: 0,
      orders: 0,
      serviceVisits: 1,
      claims: 0,
      csiAverage: 6,
      overdueTasks: null,
      logins: 1,
      activities: 0,
    });
    // dealer B's lead, sale and visit are nowhere in A's pack; A's row has A's own figures
    expect(pack.perDealer).toEqual([
      expect.objectContaining({ dealer: 'A', logins: 2, activities: 3, overdueTasks: 1 }),
    ]);
    const b = await figuresOf('managerB');
    expect(b.current).toMatchObject({
      newProspects: 1,
      orders: 1,
      serviceVisits: 1,
      claims: 0,
      csiAverage: null,
    });
  });

  it("gives a region manager his region's dealers and nothing of another region", async () => {
    const r1 = await figuresOf('regionR1');
    expect(r1.current).toMatchObject({ newProspects: 3, orders: 2, serviceVisits: 3, claims: 1 });
    expect(r1.perDealer.map((row) => row.dealer)).toEqual(['A', 'B']);
    const r2 = await figuresOf('regionR2');
    expect(r2.current).toMatchObject({
      newProspects: 1,
      hotProspects: 0,
      orders: 1,
      serviceVisits: 0,
      claims: 0,
      logins: 0,
    });
    expect(r2.perDealer.map((row) => row.dealer)).toEqual(['C']);
  });

  it('previews my own pack in my language, numbers written the Russian way', async () => {
    await sql`update users set locale = 'ru' where id = ${world.users.managerA.id}`.execute(
      world.database.db,
    );
    const answer = await apiAs(world, 'managerA').post('/api/analytics/report-packs/preview', {
      week: '2026-11-25',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.weekStart).toBe(week);
    expect(answer.body.subject).toContain('Недельный отчёт, дилер A');
    expect(answer.body.html).toContain('Новые потенциальные клиенты');
    expect(answer.body.html).toContain('8,5');
    // when the pre-aggregated figures were refreshed, in Moscow time
    expect(answer.body.html).toContain(
      'Данные по потенциальным клиентам, тест-драйвам и работе в системе на',
    );
    await sql`update users set locale = 'en' where id = ${world.users.managerA.id}`.execute(
      world.database.db,
    );
  });

  it('refuses bad input naming the field', async () => {
    const manager = apiAs(world, 'managerA');
    const badWeek = await manager.post('/api/analytics/report-packs/preview', {
      week: '2026-02-30',
    });
    expect(badWeek.status).toBe(400);
    expect(badWeek.body.error.fields[0].path).toBe('week');
    const future = await manager.post('/api/analytics/report-packs/preview', {
      week: '2099-01-05',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].path).toBe('week');
    const badSwitch = await manager.put('/api/analytics/report-subscriptions/me', {
      enabled: 'yes',
    });
    expect(badSwitch.status).toBe(400);
    expect(badSwitch.body.error.fields[0].path).toBe('enabled');
    const unknownDealer = await apiAs(world, 'admin').get(
      '/api/analytics/report-subscriptions?dealerCode=ZZ',
    );
    expect(unknownDealer.status).toBe(400);
    expect(unknownDealer.body.error.fields[0].path).toBe('dealerCode');
    const noDealer = await apiAs(world, 'admin').get('/api/analytics/report-subscriptions');
    expect(noDealer.body.error.fields[0].path).toBe('dealerCode');
  });

  it('subscribes dealer managers by default; a user switches his own pack; managers see who gets it', async () => {
    const manager = apiAs(world, 'managerA');
    const mine = await manager.get('/api/analytics/report-subscriptions/me');
    expect(mine.body).toMatchObject({
      enabled: true,
      byDefault: true,
      scope: { kind: 'dealer', code: 'A' },
      timeZone: 'Europe/Moscow',
    });
    const region = await apiAs(world, 'regionR2').get('/api/analytics/report-subscriptions/me');
    expect(region.body).toMatchObject({
      enabled: false,
      byDefault: true,
      scope: { kind: 'region', code: 'R2' },
    });
    const on = await apiAs(world, 'regionR2').put('/api/analytics/report-subscriptions/me', {
      enabled: true,
    });
    expect(on.body).toMatchObject({ enabled: true, byDefault: false });
    expect(
      (await apiAs(world, 'consultantA1').get('/api/analytics/report-subscriptions/me')).status,
    ).toBe(403);

    const list = await manager.get('/api/analytics/report-subscriptions');
    expect(list.status).toBe(200);
    expect(list.body.dealerCode).toBe('A');
    const byName = Object.fromEntries(
      (list.body.recipients as { displayName: string; enabled: boolean }[]).map((r) => [
        r.displayName,
        r.enabled,
      ]),
    );
    expect(byName).toEqual({ crmA: true, managerA: true });
    expect((await manager.get('/api/analytics/report-subscriptions?dealerCode=B')).status).toBe(
      403,
    );
    expect((await apiAs(world, 'crmA').get('/api/analytics/report-subscriptions')).status).toBe(
      403,
    );
    expect(
      (await apiAs(world, 'admin').get('/api/analytics/report-subscriptions?dealerCode=C')).body
        .recipients,
    ).toHaveLength(1);
  });

  it('queues one pack per user and week however often it runs, skipping those who switched off', async () => {
    const db = world.database.db;
    await db.deleteFrom('report_mail').execute();
    await apiAs(world, 'managerB').put('/api/analytics/report-subscriptions/me', {
      enabled: false,
    });
    const first = await queueWeeklyPacks(db, { now: mondayMorning });
    const second = await queueWeeklyPacks(db, { now: mondayMorning });
    expect(first).toMatchObject({ queued: 4, alreadyQueued: 0, errors: 0 });
    expect(second).toMatchObject({ queued: 0, alreadyQueued: 4, errors: 0 });
    const rows = await db
      .selectFrom('report_mail as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.display_name', sql<string>`m.week_start::text`.as('week')])
      .orderBy('u.display_name')
      .execute();
    expect(rows).toEqual([
      { display_name: 'crmA', week },
      { display_name: 'managerA', week },
      { display_name: 'managerC', week },
      { display_name: 'regionR2', week },
    ]);
    const dryRun = await queueWeeklyPacks(db, {
      now: mondayMorning,
      week: '2026-11-18',
      dryRun: true,
    });
    expect(dryRun.packs.every((pack) => pack.outcome === 'would_queue')).toBe(true);
    expect(
      await db
        .selectFrom('report_mail')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 4 });
  });

  it('catches up a Monday the server missed, and sends nothing before 07:00 local time', async () => {
    const db = world.database.db;
    await db.deleteFrom('report_mail').execute();
    // Monday 06:30 in Moscow, 11:30 in Shanghai: only dealer C's manager is due for this week
    const early = await queueWeeklyPacks(db, { now: new Date('2026-11-30T03:30:00Z') });
    const weeks = early.packs.map((pack) => [pack.email, pack.weekStart]);
    expect(weeks).toContainEqual(['managerc@test.autocrm', week]);
    expect(weeks).toContainEqual(['managera@test.autocrm', '2026-11-16']);
    await db.deleteFrom('report_mail').where('week_start', '=', '2026-11-16').execute();
    // the server was down all Monday: on Wednesday the week's packs still go out, once
    const wednesday = await queueWeeklyPacks(db, { now: new Date('2026-12-02T09:00:00Z') });
    expect(wednesday).toMatchObject({ queued: 3, alreadyQueued: 1 });
    const thursday = await queueWeeklyPacks(db, { now: new Date('2026-12-03T09:00:00Z') });
    expect(thursday).toMatchObject({ queued: 0, alreadyQueued: 4 });
  });
});
