import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, systemActor, type Actor } from '../../auth/index.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import {
  apiAs,
  createTestWorld,
  type TestWorld,
  type TestUserKey,
} from '../../testing/test-world.ts';
import { createTasks, refusedRefs, taskBatchLimit, type BatchTask } from './task-batch.ts';

/**
 * Many tasks in one statement follow createTask's rules row by row: the customer in the
 * actor's scope, the assignee himself or an active user of a dealer he sees (with
 * tasks:assign), the task at the assignee's dealer; each row audited. A row that breaks a rule
 * is left out, the others are written.
 */
describe('tasks written as a set keep the rules of a single task', () => {
  let world: TestWorld;
  const customers: Record<'atA' | 'atB', string> = { atA: '', atB: '' };
  const due = new Date('2030-03-01T09:00:00Z');

  const actorOf = async (key: TestUserKey): Promise<Actor> => {
    const row = await world.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', world.users[key].id)
      .executeTakeFirstOrThrow();
    return actorForUser(world.database.db, row, 'test');
  };
  const task = (ref: string, customerId: string | null, assignee: string | null): BatchTask => ({
    ref,
    customerId,
    assigneeUserId: assignee,
    title: `Call ${ref}`,
    description: 'batch',
    kind: 'call',
    priority: 'high',
    dueAt: due,
  });

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [key, user] of [
      ['atA', 'managerA'],
      ['atB', 'managerB'],
    ] as const) {
      const created = await apiAs(world, user).post('/api/customers', {
        kind: 'person',
        firstName: key,
        lastName: 'Batch',
      });
      expect(created.status, created.text).toBe(201);
      customers[key] = created.body.id;
    }
  });
  afterAll(() => world?.close());

  it('writes each task at its assignee’s dealer, by the caller’s refs, audited', async () => {
    const written = await createTasks(world.database.db, systemActor('job'), [
      task('one', customers.atA, world.users.callCenterA.id),
      task('two', customers.atB, world.users.managerB.id),
      task('none', null, world.users.crmA.id),
    ]);
    expect([...written.keys()].sort()).toEqual(['none', 'one', 'two']);
    const rows = await world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('id', 'in', [...written.values()])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(written.get('one')!)).toMatchObject({
      customer_id: customers.atA,
      assignee_user_id: world.users.callCenterA.id,
      dealer_id: world.dealers.A.id,
      created_by: null,
      title: 'Call one',
      description: 'batch',
      kind: 'call',
      priority: 'high',
      status: 'open',
      due_at: due,
    });
    expect(byId.get(written.get('two')!)?.dealer_id).toBe(world.dealers.B.id);
    expect(byId.get(written.get('none')!)?.customer_id).toBeNull();
    const audited = await world.database.db
      .selectFrom('audit_log')
      .select(['record_id', 'actor_label'])
      .where('table_name', '=', 'tasks')
      .where('action', '=', 'insert')
      .where('record_id', 'in', [...written.values()])
      .execute();
    expect(audited).toHaveLength(3);
    expect(audited.every((row) => row.actor_label === 'job')).toBe(true);
  });

  it('leaves out a customer or an assignee outside a dealer manager’s scope, writes the rest', async () => {
    const managerA = await actorOf('managerA');
    const written = await createTasks(world.database.db, managerA, [
      task('mine', customers.atA, world.users.consultantA1.id),
      task('self', customers.atA, null),
      task('their-customer', customers.atB, world.users.consultantA1.id),
      task('their-user', customers.atA, world.users.consultantB1.id),
    ]);
    expect([...written.keys()].sort()).toEqual(['mine', 'self']);
    const self = await world.database.db
      .selectFrom('tasks')
      .select(['assignee_user_id', 'dealer_id', 'created_by'])
      .where('id', '=', written.get('self')!)
      .executeTakeFirstOrThrow();
    expect(self).toEqual({
      assignee_user_id: managerA.userId,
      dealer_id: world.dealers.A.id,
      created_by: managerA.userId,
    });
    // dealer B sees none of dealer A's new tasks
    const seen = await apiAs(world, 'managerB').get(`/api/tasks?customerId=${customers.atA}`);
    expect(seen.status).toBe(200);
    expect(seen.body.items).toEqual([]);
  });

  it('refuses the whole set when the actor may not give tasks to others, or write tasks', async () => {
    const consultant = await actorOf('consultantA1');
    await expect(
      createTasks(world.database.db, consultant, [
        task('a', customers.atA, null),
        task('b', customers.atA, world.users.consultantA2.id),
      ]),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const analyst = await actorOf('analystGroup');
    await expect(
      createTasks(world.database.db, analyst, [task('a', customers.atA, null)]),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // a consultant's own task is fine
    const own = await createTasks(world.database.db, consultant, [task('a', null, null)]);
    expect(own.size).toBe(1);
  });

  it('writes a list longer than one statement in chunks, each task once, and names the refused', async () => {
    const many = Array.from({ length: taskBatchLimit + 7 }, (_, i) =>
      task(`many-${i}`, customers.atA, world.users.callCenterA.id),
    );
    // one refused in the second chunk: an unknown customer
    many[taskBatchLimit + 3] = task('ghost', '00000000-0000-4000-8000-000000000000', null);
    const written = await createTasks(world.database.db, systemActor('job'), many);
    expect(written.size).toBe(taskBatchLimit + 6);
    expect(new Set(written.values()).size).toBe(taskBatchLimit + 6);
    expect(refusedRefs(many, written)).toEqual(['ghost']);
    const count = await world.database.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', [...written.values()])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(taskBatchLimit + 6);
  });
});
