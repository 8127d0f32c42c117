import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A's CRM manager sends a call campaign to a few hundred owners: the call centre gets
 * one task per person, written page by page as one set, each recipient keeping his task. A
 * second send adds none. When the call centre agent has left, the newcomers of a later send
 * are recorded as blocked `task_refused`, counted, and get no task. Dealer B sees nothing.
 */
describe('a call campaign to a few hundred owners writes its tasks as a set', () => {
  let world: TestWorld;
  const people = 320;
  let campaignId = '';

  /** `count` owners of dealer A with a mobile number and phone consent, in a few statements */
  const insertCallable = (from: number, count: number) =>
    withActor(world.database.db, systemActor('test'), async (tx) => {
      const created = await sql<{ id: string }>`
        insert into customers (kind, first_name, last_name, display_name, sort_key)
        select 'person', 'C' || n, 'Caller', 'C' || n || ' Caller', 'caller c' || n
          from generate_series(${from}::int, ${from + count - 1}::int) as n
        returning id`.execute(tx);
      const ids = created.rows.map((row) => row.id);
      await sql`insert into customer_dealers (customer_id, dealer_id, relations)
          select id, ${world.dealers.A.id}::uuid, array['service'] from unnest(${ids}::uuid[]) as id`.execute(
        tx,
      );
      await sql`insert into customer_phones (customer_id, e164, raw, is_primary)
          select id, '+7916' || lpad((${from}::int + ord)::text, 7, '0'), 'raw', true
            from unnest(${ids}::uuid[]) with ordinality as i(id, ord)`.execute(tx);
      await sql`insert into consents (customer_id, channel, status, purpose, method)
          select id, 'phone', 'granted', 'marketing', 'signed_form'
            from unnest(${ids}::uuid[]) as id`.execute(tx);
    });

  const recipients = () =>
    world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['customer_id', 'status', 'blocked_reason', 'task_id'])
      .where('campaign_id', '=', campaignId)
      .execute();
  const campaignTasks = () =>
    world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('title', 'like', 'Invite C% to the clinic')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    await insertCallable(1, people);
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Callers',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Caller'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'Clinic calls',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'call',
      callAssigneeUserId: world.users.callCenterA.id,
      callDueDays: 2,
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: 'Invite {{customer.firstName}} to the clinic',
              text: 'Good day, {{customer.firstName}}!',
            },
          },
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
  });
  afterAll(async () => world.close());

  it('gives the call centre exactly one task per person, each kept on its recipient', async () => {
    const before = Date.now();
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {});
    const after = Date.now();
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ queued: people, blocked: 0 });
    const rows = await recipients();
    expect(rows).toHaveLength(people);
    expect(rows.every((row) => row.status === 'queued' && row.task_id)).toBe(true);
    const tasks = await campaignTasks();
    expect(tasks).toHaveLength(people);
    const byId = new Map(tasks.map((task) => [task.id, task]));
    const day = 86_400_000;
    for (const row of rows) {
      const task = byId.get(row.task_id!)!;
      expect(task).toMatchObject({
        customer_id: row.customer_id,
        assignee_user_id: world.users.callCenterA.id,
        dealer_id: world.dealers.A.id,
        kind: 'call',
        priority: 'normal',
        status: 'open',
      });
      expect(task.description).toMatch(/^Good day, C\d+!$/);
      expect(task.title).toBe(
        task.description!.replace(/^Good day, (C\d+)!$/, 'Invite $1 to the clinic'),
      );
      expect(task.due_at.getTime()).toBeGreaterThanOrEqual(before + 2 * day - 1000);
      expect(task.due_at.getTime()).toBeLessThanOrEqual(after + 2 * day);
    }
  });

  it('a second send adds no task', async () => {
    const again = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {});
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ queued: 0, blocked: 0 });
    expect(await campaignTasks()).toHaveLength(people);
  });

  it('newcomers whose call task is refused are recorded blocked task_refused, without a task', async () => {
    await insertCallable(people + 1, 3);
    await world.database.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', world.users.callCenterA.id)
      .execute();
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {});
    await world.database.db
      .updateTable('users')
      .set({ active: true })
      .where('id', '=', world.users.callCenterA.id)
      .execute();
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ queued: 0, blocked: 3 });
    const refused = (await recipients()).filter((row) => row.status === 'blocked');
    expect(refused).toHaveLength(3);
    expect(refused.every((row) => row.blocked_reason === 'task_refused' && !row.task_id)).toBe(
      true,
    );
    expect(await campaignTasks()).toHaveLength(people);
  });

  it('dealer B’s manager sees neither the campaign nor its tasks', async () => {
    const b = apiAs(world, 'managerB');
    expect((await b.get(`/api/campaigns/${campaignId}`)).status).toBe(404);
    const [task] = await campaignTasks();
    const seen = await b.get(`/api/tasks?customerId=${task!.customer_id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.items).toEqual([]);
  });
});
