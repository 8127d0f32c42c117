import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { writePage, type Prepared, type SendCounts } from './campaign-send.ts';

/**
 * Two sends of one call campaign at the same moment (a second click while the first runs, or
 * the scheduler and a user): each person gets one call task. On PGlite the two requests are
 * served one statement at a time, so the race is also staged exactly: two sends that both read
 * the same page before either wrote it, then write it one after the other. The second finds
 * every person's recipient row taken and writes no task.
 */
describe('two sends of one call campaign at once give each person one task', () => {
  let world: TestWorld;
  const people = 40;
  let campaignId = '';
  let ids: string[] = [];

  const tasksOf = (title: string) =>
    world.database.db
      .selectFrom('tasks')
      .select(['customer_id', sql<number>`count(*)::int`.as('n')])
      .where('title', '=', title)
      .groupBy('customer_id')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    ids = await withActor(world.database.db, systemActor('test'), async (tx) => {
      const created = await sql<{ id: string }>`
        insert into customers (kind, first_name, last_name, display_name, sort_key)
        select 'person', 'R' || n, 'Racer', 'R' || n || ' Racer', 'racer r' || n
          from generate_series(1, ${people}::int) as n
        returning id`.execute(tx);
      const made = created.rows.map((row) => row.id);
      await sql`insert into customer_dealers (customer_id, dealer_id, relations)
          select id, ${world.dealers.A.id}::uuid, array['service'] from unnest(${made}::uuid[]) as id`.execute(
        tx,
      );
      await sql`insert into customer_phones (customer_id, e164, raw, is_primary)
          select id, '+7925' || lpad(ord::text, 7, '0'), 'raw', true
            from unnest(${made}::uuid[]) with ordinality as i(id, ord)`.execute(tx);
      await sql`insert into consents (customer_id, channel, status, purpose, method)
          select id, 'phone', 'granted', 'marketing', 'signed_form'
            from unnest(${made}::uuid[]) as id`.execute(tx);
      return made;
    });
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Racers',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Racer'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'Race calls',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'call',
      callAssigneeUserId: world.users.callCenterA.id,
      callDueDays: 1,
      variants: [{ key: 'A', contents: { en: { subject: 'Race call', text: 'Hello' } } }],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
  });
  afterAll(async () => world.close());

  it('a page read by two sends is written by the first only: no second task', async () => {
    const campaign = {
      id: campaignId,
      name: 'Race calls',
      callAssigneeUserId: world.users.callCenterA.id,
      callDueDays: 1,
    };
    const staged = ids.slice(0, 10);
    // what both sends prepared from the same read of the audience
    const page: Prepared[] = staged.map((customerId) => ({
      variant: 'A',
      customerId,
      task: { title: 'Staged call', script: 'Hello' },
    }));
    const first: SendCounts = { queued: 0, blocked: 0, alreadyThere: 0 };
    const second: SendCounts = { queued: 0, blocked: 0, alreadyThere: 0 };
    const now = new Date();
    await withActor(world.database.db, systemActor('job'), (tx) =>
      writePage(tx, campaign, 'all', page, first, now),
    );
    await withActor(world.database.db, systemActor('job'), (tx) =>
      writePage(tx, campaign, 'all', page, second, now),
    );
    expect(first).toEqual({ queued: 10, blocked: 0, alreadyThere: 0 });
    expect(second).toEqual({ queued: 0, blocked: 0, alreadyThere: 10 });
    const tasks = await tasksOf('Staged call');
    expect(tasks).toHaveLength(10);
    expect(tasks.every((row) => row.n === 1)).toBe(true);
    // each recipient keeps the one task written for him
    const rows = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['status', 'task_id'])
      .where('campaign_id', '=', campaignId)
      .execute();
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.status === 'queued' && row.task_id)).toBe(true);
  });

  it('two send requests at once: everyone else gets one task, and the counts add up', async () => {
    const crm = apiAs(world, 'crmA');
    const [a, b] = await Promise.all([
      crm.post(`/api/campaigns/${campaignId}/send`, {}),
      crm.post(`/api/campaigns/${campaignId}/send`, {}),
    ]);
    expect(a.status, a.text).toBe(200);
    expect(b.status, b.text).toBe(200);
    expect(a.body.queued + b.body.queued).toBe(people - 10);
    const tasks = await tasksOf('Race call');
    expect(tasks).toHaveLength(people - 10);
    expect(tasks.every((row) => row.n === 1)).toBe(true);
  });

  it('dealer B’s manager cannot send it (404) and no task is added', async () => {
    const denied = await apiAs(world, 'managerB').post(`/api/campaigns/${campaignId}/send`, {});
    expect(denied.status).toBe(404);
    expect(await tasksOf('Race call')).toHaveLength(people - 10);
  });
});
