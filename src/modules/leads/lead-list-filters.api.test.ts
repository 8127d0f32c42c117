import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A's manager looks for the leads that came in over a week, or through one campaign
 * (named by the consultant or carried in the web form's UTM tags); dealer B sees none of them.
 */
describe('a manager filters the lead list by the day leads came in and by campaign', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  let timeZone = 'UTC';
  // a day of dealer A's calendar, as the filter reads it
  const daysAgo = (days: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(Date.now() - days * 86_400_000);

  beforeAll(async () => {
    world = await createTestWorld();
    timeZone = (
      await world.database.db
        .selectFrom('dealers')
        .select('timezone')
        .where('id', '=', world.dealers.A.id)
        .executeTakeFirstOrThrow()
    ).timezone;
    const people = [
      ['old', 'Spring fair', 20],
      ['recent', 'spring fair', 3],
      ['today', undefined, 0],
    ] as const;
    for (const [key, campaign, age] of people) {
      const created = await apiAs(world, 'consultantA1').post('/api/leads', {
        source: 'marketing_events',
        ...(campaign ? { campaign } : {}),
        person: {
          lastName: `Фильтров-${key}`,
          phones: [{ number: `+791655500${String(age).padStart(2, '0')}` }],
        },
      });
      expect(created.status).toBe(201);
      ids[key] = created.body.leadId;
      await sql`update leads set created_at = now() - make_interval(days => ${age})
                 where id = ${ids[key]}`.execute(world.database.db);
    }
    // the web form's lead carries its campaign in the UTM tags only
    await sql`update leads set utm_campaign = 'SPRING FAIR' where id = ${ids.today}`.execute(
      world.database.db,
    );
  });
  afterAll(async () => world.close());

  const listed = async (user: 'managerA' | 'managerB', query: string) => {
    const answer = await apiAs(world, user).get(`/api/leads?${query}`);
    expect(answer.status).toBe(200);
    const keys = answer.body.items.map(
      (item: { id: string }) => Object.keys(ids).find((key) => ids[key] === item.id) ?? 'other',
    );
    return { keys: keys.sort(), total: answer.body.total as number };
  };

  it('keeps the leads that came in within the days given, both ends included', async () => {
    expect(await listed('managerA', `createdFrom=${daysAgo(7)}`)).toEqual({
      keys: ['recent', 'today'],
      total: 2,
    });
    expect(await listed('managerA', `createdFrom=${daysAgo(20)}&createdTo=${daysAgo(3)}`)).toEqual({
      keys: ['old', 'recent'],
      total: 2,
    });
    expect(await listed('managerA', `createdTo=${daysAgo(10)}`)).toEqual({
      keys: ['old'],
      total: 1,
    });
  });

  it('finds a campaign by its name or its UTM campaign, in any letter case', async () => {
    expect(await listed('managerA', 'campaign=Spring%20Fair')).toEqual({
      keys: ['old', 'recent', 'today'],
      total: 3,
    });
    expect(await listed('managerA', `campaign=spring%20fair&createdFrom=${daysAgo(1)}`)).toEqual({
      keys: ['today'],
      total: 1,
    });
  });

  it('dealer B’s manager finds none of A’s leads with the same filters', async () => {
    expect(await listed('managerB', `campaign=spring%20fair&createdFrom=${daysAgo(30)}`)).toEqual({
      keys: [],
      total: 0,
    });
  });

  it('a period ending before it starts, or a date that is none, is a 400 naming the field', async () => {
    const api = apiAs(world, 'managerA');
    const backwards = await api.get(`/api/leads?createdFrom=${daysAgo(1)}&createdTo=${daysAgo(5)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].path).toBe('createdTo');
    const notADate = await api.get('/api/leads?createdFrom=last-week');
    expect(notADate.status).toBe(400);
    expect(notADate.body.error.fields[0].path).toBe('createdFrom');
  });
});
