import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { createTasks } from '../activities/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { escalateOverdueComplaints } from './index.ts';

/**
 * A sweep after a long weekend finds hundreds of complaints past their SLA: each gets one
 * high-priority task for its dealer's manager, written as one set. A complaint whose task
 * cannot be written (no active manager, or refused) is escalated all the same, says so in its
 * history, and is counted and logged. A second sweep writes nothing.
 */
describe('complaint escalation: hundreds of overdue complaints, their tasks as a set', () => {
  let world: TestWorld;
  const atA = 300;
  const now = new Date('2030-01-10T12:00:00Z');
  const logged: string[] = [];
  let victim = '';

  const escalationTasks = () =>
    world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('title', 'like', 'Overdue complaint #%')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    // the API would take minutes on PGlite: customers and complaints in a few statements
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await sql`insert into customers (kind, first_name, last_name, display_name, sort_key)
          select 'person', 'K' || n, 'Overdue', 'K' || n || ' Overdue', 'overdue k' || n
            from generate_series(1, ${atA + 2}::int) as n`.execute(tx);
      // all but two at dealer A; those two at dealer C, whose manager has left
      await sql`insert into complaints (customer_id, dealer_id, channel, category, severity,
                                        subject, due_at)
          select id,
                 case when row_number() over (order by id) <= ${atA}
                      then ${world.dealers.A.id}::uuid else ${world.dealers.C.id}::uuid end,
                 'phone', 'waiting_time', 'medium', 'Waited for hours', ${now}::timestamptz - interval '1 day'
            from customers where last_name = 'Overdue'`.execute(tx);
      await tx
        .updateTable('users')
        .set({ active: false })
        .where('id', '=', world.users.managerC.id)
        .execute();
    });
    const first = await world.database.db
      .selectFrom('complaints')
      .select('id')
      .where('dealer_id', '=', world.dealers.A.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    victim = first.id;
  });
  afterAll(async () => world.close());

  it('writes one task per complaint for the dealer’s manager; the ones without say why', async () => {
    const report = await escalateOverdueComplaints(world.database.db, now, {
      log: (message) => logged.push(message),
      // stands in for a task the activities module refuses
      writeTasks: (db, actor, tasks) =>
        createTasks(
          db,
          actor,
          tasks.filter((task) => task.ref !== victim),
        ),
    });
    expect(report).toEqual({ escalated: atA + 2, tasks: atA - 1, refused: 3 });
    expect(logged).toEqual([expect.stringContaining('3 complaint(s) escalated without a task')]);

    const tasks = await escalationTasks();
    expect(tasks).toHaveLength(atA - 1);
    const complaints = await world.database.db
      .selectFrom('complaints')
      .select(['id', 'number', 'customer_id', 'dealer_id', 'escalated_at'])
      .execute();
    expect(complaints.every((row) => row.escalated_at?.getTime() === now.getTime())).toBe(true);
    const byCustomer = new Map(tasks.map((task) => [task.customer_id, task]));
    expect(byCustomer.size).toBe(atA - 1);
    for (const complaint of complaints) {
      const task = byCustomer.get(complaint.customer_id);
      if (complaint.id === victim || complaint.dealer_id === world.dealers.C.id) {
        expect(task).toBeUndefined();
        continue;
      }
      expect(task).toMatchObject({
        title: `Overdue complaint #${complaint.number} (medium): Waited for hours`,
        assignee_user_id: world.users.managerA.id,
        dealer_id: world.dealers.A.id,
        kind: 'other',
        priority: 'high',
        status: 'open',
        due_at: now,
      });
    }
    const events = await world.database.db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'note'])
      .where('kind', '=', 'escalated')
      .execute();
    expect(events).toHaveLength(atA + 2);
    const withoutTask = events.filter((event) => event.note !== 'SLA passed');
    expect(withoutTask.map((event) => event.complaint_id)).toContain(victim);
    expect(withoutTask).toHaveLength(3);
    expect(withoutTask.every((event) => event.note?.includes('no task'))).toBe(true);
  });

  it('a second sweep escalates and writes nothing twice', async () => {
    expect(await escalateOverdueComplaints(world.database.db, now)).toEqual({
      escalated: 0,
      tasks: 0,
      refused: 0,
    });
    expect(await escalationTasks()).toHaveLength(atA - 1);
  });

  it('dealer B’s manager sees none of dealer A’s escalation tasks', async () => {
    const [task] = await escalationTasks();
    const b = await apiAs(world, 'managerB').get(`/api/tasks?customerId=${task!.customer_id}`);
    expect(b.status).toBe(200);
    expect(b.body.items).toEqual([]);
    const a = await apiAs(world, 'managerA').get(
      `/api/tasks?assignee=me&customerId=${task!.customer_id}`,
    );
    expect(a.body.items).toHaveLength(1);
  });
});
