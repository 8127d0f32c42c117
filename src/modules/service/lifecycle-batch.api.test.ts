import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { createTasks } from '../activities/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runLifecycle } from './index.ts';

/**
 * The daily run writes a whole batch of care tasks as one set: 620 birthdays of dealer A's
 * customers (two batches) get one task each, for the CRM manager, due at 10:00 in the dealer's
 * zone, and each event keeps its task. A refused task is marked on its event, counted and
 * logged; a second run the same day writes nothing.
 */
describe('lifecycle run: a few hundred events become their tasks as a set', () => {
  let world: TestWorld;
  const people = 620;
  const asOf = '2025-05-02';
  const logged: string[] = [];
  let victim = '';
  let hotline = '';

  const birthdayTasks = () =>
    world.database.db
      .selectFrom('tasks as t')
      .innerJoin('lifecycle_events as e', 'e.task_id', 't.id')
      .select(['t.id', 't.customer_id', 'e.customer_id as event_customer'])
      .where('e.event_type', '=', 'birthday')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    // the API would take minutes on PGlite: customers and their events in a few statements
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await sql`insert into customers (kind, first_name, last_name, display_name, sort_key)
          select 'person', 'B' || n, 'Birthday', 'B' || n || ' Birthday', 'birthday b' || n
            from generate_series(1, ${people}::int) as n`.execute(tx);
      await sql`insert into customer_dealers (customer_id, dealer_id, relations)
          select id, ${world.dealers.A.id}::uuid, array['service'] from customers
           where last_name = 'Birthday'`.execute(tx);
      await sql`insert into lifecycle_events (event_type, customer_id, dealer_id, due_date,
                                              payload, occurrence_key)
          select 'birthday', id, ${world.dealers.A.id}::uuid, date '2025-05-01',
                 '{"year": 2025}'::jsonb, '2025'
            from customers where last_name = 'Birthday'`.execute(tx);
      // a type whose rule is off: emitted without a task and without a reason
      await sql`insert into lifecycle_events (event_type, customer_id, dealer_id, due_date,
                                              occurrence_key)
          select 'hotline_call', id, ${world.dealers.A.id}::uuid, date '2025-05-01', 'h1'
            from customers where last_name = 'Birthday' order by id limit 1`.execute(tx);
    });
    const events = await world.database.db
      .selectFrom('lifecycle_events')
      .select(['id', 'event_type'])
      .orderBy('id')
      .execute();
    victim = events.find((event) => event.event_type === 'birthday')!.id;
    hotline = events.find((event) => event.event_type === 'hotline_call')!.id;
  });
  afterAll(async () => world.close());

  it('writes one task per birthday with the rule’s fields, and marks a refused one', async () => {
    const run = await runLifecycle(world.database.db, asOf, {
      log: (message) => logged.push(message),
      // stands in for a task the activities module refuses (its assignee left meanwhile)
      writeTasks: (db, actor, tasks) =>
        createTasks(
          db,
          actor,
          tasks.filter((task) => task.ref !== victim),
        ),
    });
    expect(run).toMatchObject({ emitted: people + 1, refused: 1 });
    expect(logged).toEqual([expect.stringContaining('1 task(s) refused')]);
    const record = await world.database.db
      .selectFrom('lifecycle_runs')
      .select(['emitted', 'refused'])
      .where('as_of', '=', asOf)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ emitted: people + 1, refused: 1 });

    const linked = await birthdayTasks();
    expect(linked).toHaveLength(people - 1);
    expect(new Set(linked.map((row) => row.customer_id)).size).toBe(people - 1);
    expect(linked.every((row) => row.customer_id === row.event_customer)).toBe(true);
    const [due] = (
      await sql<{
        due: Date;
      }>`select (date '2025-05-02' + time '10:00') at time zone timezone as due
          from dealers where id = ${world.dealers.A.id}`.execute(world.database.db)
    ).rows;
    const tasks = await world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('title', '=', 'Birthday greeting')
      .execute();
    expect(tasks).toHaveLength(people - 1);
    for (const task of tasks) {
      expect(task).toMatchObject({
        assignee_user_id: world.users.crmA.id,
        dealer_id: world.dealers.A.id,
        kind: 'call',
        priority: 'low',
        status: 'open',
        description: 'year: 2025',
        due_at: due!.due,
      });
    }
    const marked = await world.database.db
      .selectFrom('lifecycle_events')
      .select(['id', 'task_id', 'skipped_reason', 'emitted_at'])
      .where('id', 'in', [victim, hotline])
      .execute();
    const byId = new Map(marked.map((row) => [row.id, row]));
    expect(byId.get(victim)).toMatchObject({ task_id: null, skipped_reason: 'task_refused' });
    expect(byId.get(victim)!.emitted_at).not.toBeNull();
    expect(byId.get(hotline)).toMatchObject({ task_id: null, skipped_reason: null });
    expect(byId.get(hotline)!.emitted_at).not.toBeNull();
  });

  it('a second run the same day writes no task twice', async () => {
    const again = await runLifecycle(world.database.db, asOf);
    expect(again).toMatchObject({ emitted: 0, refused: 0 });
    expect(await birthdayTasks()).toHaveLength(people - 1);
    const count = await world.database.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('title', '=', 'Birthday greeting')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(people - 1);
  });

  it('dealer B sees none of these events or tasks; dealer A’s CRM manager has them', async () => {
    const [first] = await birthdayTasks();
    const customerId = first!.customer_id!;
    const b = apiAs(world, 'managerB');
    expect((await b.get(`/api/lifecycle/events?customerId=${customerId}`)).body.items).toEqual([]);
    expect((await b.get(`/api/tasks?customerId=${customerId}`)).body.items).toEqual([]);
    const mine = await apiAs(world, 'crmA').get(`/api/tasks?assignee=me&customerId=${customerId}`);
    expect(mine.body.items).toEqual([expect.objectContaining({ title: 'Birthday greeting' })]);
  });
});
