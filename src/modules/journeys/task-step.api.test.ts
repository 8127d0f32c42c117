import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

const people = 300;
const title = {
  en: 'Call about the winter check',
  ru: 'Позвонить о зимней проверке',
  zh: '致电冬季检查',
};

/**
 * Dealer A's CRM manager has the call centre phone 300 owners: the journey's task step gives
 * each of them exactly one task (written for the whole batch at once), to dealer A's call
 * centre agent, due three days later, in the agent's language. A run led back to the step
 * does not get a second task. Dealer B sees neither the journey nor the tasks.
 */
describe('a task step gives a call task to each of 300 people at once', () => {
  let world: TestWorld;
  let journeyId: string;
  const start = Date.now();
  const at = (seconds: number) => new Date(start + seconds * 1000);

  const tasks = () =>
    world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('description', '=', 'Winter check calls')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    // 300 owners of dealer A in two statements (the API would take minutes on PGlite)
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await sql`insert into customers (kind, first_name, last_name, display_name, sort_key,
                                       interests)
          select 'person', 'T' || n, 'Task', 'T' || n || ' Task', 'task t' || n,
                 array['winter-check']
            from generate_series(1, ${people}::int) as n`.execute(tx);
      await sql`insert into customer_dealers (customer_id, dealer_id, relations)
          select id, ${world.dealers.A.id}::uuid, array['service'] from customers`.execute(tx);
    });
    const created = await apiAs(world, 'crmA').post('/api/journeys', {
      name: 'Winter check calls',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      trigger: {
        type: 'segment_entered',
        condition: { type: 'tag', set: 'interests', op: 'any', values: ['winter-check'] },
      },
      reentry: 'once',
      defaultLanguage: 'en',
      definition: {
        start: 'call',
        steps: [
          {
            id: 'call',
            type: 'task',
            title,
            kind: 'call',
            priority: 'high',
            assigneeRole: 'call_center',
            dueInDays: 3,
            next: null,
          },
        ],
      },
    });
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    const enabled = await apiAs(world, 'crmA').post(`/api/journeys/${journeyId}/enable`, {});
    expect(enabled.status, enabled.text).toBe(200);
  });
  afterAll(() => world?.close());

  it('writes exactly one task per person, to the call centre, due three days on', async () => {
    const pass = await runJourneys(world.database.db, at(1));
    expect(pass.entered).toBe(people);
    const written = await tasks();
    expect(written).toHaveLength(people);
    expect(new Set(written.map((task) => task.customer_id)).size).toBe(people);
    const agent = await world.database.db
      .selectFrom('users')
      .select('locale')
      .where('id', '=', world.users.callCenterA.id)
      .executeTakeFirstOrThrow();
    const due = new Date(at(1).getTime() + 3 * 86_400_000);
    for (const task of written) {
      expect(task).toMatchObject({
        assignee_user_id: world.users.callCenterA.id,
        dealer_id: world.dealers.A.id,
        kind: 'call',
        priority: 'high',
        status: 'open',
        title: title[agent.locale],
        due_at: due,
      });
    }
    // each run's log row names its own task
    const log = await world.database.db
      .selectFrom('journey_step_log')
      .select(['customer_id', 'outcome', 'task_id'])
      .where('journey_id', '=', journeyId)
      .execute();
    expect(log).toHaveLength(people);
    const taskOf = new Map(written.map((task) => [task.id, task.customer_id]));
    for (const row of log) {
      expect(row.outcome).toBe('task');
      expect(taskOf.get(row.task_id!)).toBe(row.customer_id);
    }
  });

  it('gives no second task to runs that come back to the step', async () => {
    // as if an edit had led the finished runs back to the task step
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .updateTable('journey_enrollments')
        .set({ status: 'active', step_id: 'call', finished_at: null, wake_at: at(1) })
        .where('journey_id', '=', journeyId)
        .execute(),
    );
    const pass = await runJourneys(world.database.db, at(2));
    expect(pass.advanced).toBe(people);
    expect(await tasks()).toHaveLength(people);
    const finished = await sql<{ n: number }>`select count(*)::int as n from journey_enrollments
       where journey_id = ${journeyId} and status = 'completed'`.execute(world.database.db);
    expect(finished.rows[0]!.n).toBe(people);
  });

  it('the agent finds them in his tasks; dealer B sees neither the tasks nor the journey', async () => {
    const mine = await apiAs(world, 'callCenterA').get('/api/tasks?assignee=me&limit=10');
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.total).toBe(people);
    const customerId = (await tasks())[0]!.customer_id!;
    for (const user of ['managerB', 'consultantB1'] as const) {
      const seen = await apiAs(world, user).get(`/api/tasks?customerId=${customerId}`);
      expect(seen.status).toBe(200);
      expect(seen.body.items).toEqual([]);
      const journey = await apiAs(world, user).get(`/api/journeys/${journeyId}`);
      // the manager may read journeys but not this one; the consultant reads none
      expect(journey.status).toBe(user === 'managerB' ? 404 : 403);
      expect(journey.text).not.toContain('Winter check');
    }
  });
});
