import { sql, type ExpressionBuilder } from 'kysely';
import type { Actor, Locale, Tx } from '../../auth/index.ts';
import {
  can,
  customerVisible,
  dealerVisible,
  taskBrandVisible,
  withActor,
} from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { findDealerById, groupDefaultZone } from '../org/index.ts';
import type { CompleteTaskInput, CreateTaskInput, UpdateTaskInput } from './activity.schemas.ts';
import type { ActivityChannel, Priority, TaskKind, TaskStatus } from './schema.ts';

type TaskScope = ExpressionBuilder<Schema & { t: Schema['tasks'] }, 't'>;

/**
 * Tasks the actor may see: those on customers he sees (for a brand-level actor not the
 * follow-ups of another brand's lead), those given to him, and his dealers' tasks that concern
 * no customer.
 */
function taskVisible(actor: Actor) {
  return (eb: TaskScope) =>
    eb.or([
      eb.and([
        eb('t.customer_id', 'is not', null),
        customerVisible(actor, eb.ref('t.customer_id')),
        taskBrandVisible(actor, eb.ref('t.id')),
      ]),
      eb('t.assignee_user_id', '=', actor.userId ?? '00000000-0000-0000-0000-000000000000'),
      eb.and([eb('t.customer_id', 'is', null), dealerVisible(actor, eb.ref('t.dealer_id'))]),
    ]);
}

export type TaskAssignee = { dealerId: string | null; locale: Locale };

/**
 * The user given a task must be someone the actor may direct: in one of his dealers. Null (and
 * a problem for `assigneeUserId`) when he is not.
 */
export async function checkAssignee(
  db: Db,
  actor: Actor,
  assigneeId: string,
  problems: FieldProblem[],
): Promise<TaskAssignee | null> {
  if (assigneeId === actor.userId) return { dealerId: actor.dealerId, locale: actor.locale };
  if (!can(actor, 'tasks:assign'))
    throw new ForbiddenError('You may give tasks only to yourself').because('only_for_yourself');
  const user = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.dealer_id', 'u.locale'])
    .where('u.id', '=', assigneeId)
    .where('u.active', '=', true)
    .where((eb) => dealerVisible(actor, eb.ref('u.dealer_id')))
    .executeTakeFirst();
  if (!user) {
    problems.push({
      path: 'assigneeUserId',
      message: 'not an active user of your dealers',
      code: 'unknown_user',
    });
    return null;
  }
  return { dealerId: user.dealer_id, locale: user.locale };
}

export async function createTask(
  db: Db,
  actor: Actor,
  input: CreateTaskInput,
): Promise<{ id: string }> {
  if (!can(actor, 'tasks:write')) throw new ForbiddenError();
  if (input.customerId) await assertCustomerVisible(db, actor, input.customerId);
  const problems: FieldProblem[] = [];
  const assignee = input.assigneeUserId ?? actor.userId;
  if (!assignee)
    problems.push({ path: 'assigneeUserId', message: 'required for system-created tasks' });
  const dealerId = assignee
    ? ((await checkAssignee(db, actor, assignee, problems))?.dealerId ?? null)
    : null;
  if (problems.length) throw new ValidationError(problems);
  return withActor(db, actor, async (tx) =>
    tx
      .insertInto('tasks')
      .values({
        customer_id: input.customerId ?? null,
        dealer_id: dealerId ?? actor.dealerId,
        assignee_user_id: assignee,
        created_by: actor.userId,
        kind: input.kind ?? 'call',
        title: input.title,
        description: input.description ?? null,
        priority: input.priority ?? 'normal',
        due_at: new Date(input.dueAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

async function loadVisibleTask(db: Db | Tx, actor: Actor, taskId: string) {
  const task = await db
    .selectFrom('tasks as t')
    .selectAll('t')
    .where('t.id', '=', taskId)
    .where(taskVisible(actor))
    .executeTakeFirst();
  if (!task) throw new NotFoundError('Task');
  return task;
}

/** An open task the actor may change: his own, or any he sees if he directs others' work. */
async function loadOpenTaskToWorkOn(db: Db, actor: Actor, taskId: string) {
  if (!can(actor, 'tasks:write')) throw new ForbiddenError();
  const task = await loadVisibleTask(db, actor, taskId);
  if (task.assignee_user_id !== actor.userId && !can(actor, 'tasks:assign')) {
    throw new ForbiddenError('This task belongs to someone else').because('task_of_someone_else');
  }
  if (task.status !== 'open') {
    throw new ValidationError([{ path: 'status', message: `the task is ${task.status} already` }]);
  }
  return task;
}

export async function updateTask(
  db: Db,
  actor: Actor,
  taskId: string,
  input: UpdateTaskInput,
): Promise<void> {
  const task = await loadOpenTaskToWorkOn(db, actor, taskId);
  const problems: FieldProblem[] = [];
  const dealerId =
    input.assigneeUserId && input.assigneeUserId !== task.assignee_user_id
      ? ((await checkAssignee(db, actor, input.assigneeUserId, problems))?.dealerId ?? null)
      : undefined;
  if (problems.length) throw new ValidationError(problems);
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('tasks')
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description ?? null } : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.dueAt !== undefined ? { due_at: new Date(input.dueAt) } : {}),
        ...(input.assigneeUserId !== undefined
          ? { assignee_user_id: input.assigneeUserId, dealer_id: dealerId ?? task.dealer_id }
          : {}),
        ...(input.status === 'cancelled'
          ? { status: 'cancelled' as const, completed_at: new Date(), completed_by: actor.userId }
          : {}),
      })
      .where('id', '=', taskId)
      .execute(),
  );
}

const contactChannel: Partial<Record<TaskKind, ActivityChannel>> = {
  call: 'call',
  follow_up: 'call',
  visit: 'visit',
  meeting: 'visit',
  test_drive: 'visit',
  email: 'email',
  sms: 'sms',
  letter: 'letter',
};

/**
 * Closes a task with its result. A contact task on a customer is logged in his contact
 * history at once; a next step becomes a new task for the same person.
 */
export async function completeTask(
  db: Db,
  actor: Actor,
  taskId: string,
  input: CompleteTaskInput,
): Promise<{ nextTaskId: string | null }> {
  const task = await loadOpenTaskToWorkOn(db, actor, taskId);
  if (input.nextStep && Date.parse(input.nextStep.dueAt) < Date.now() - 60_000) {
    throw new ValidationError([
      { path: 'nextStep.dueAt', message: 'lies in the past', code: 'in_past' },
    ]);
  }
  return withActor(db, actor, async (tx) => {
    const channel = contactChannel[task.kind];
    let activityId: string | null = null;
    if (task.customer_id && channel) {
      const activity = await tx
        .insertInto('activities')
        .values({
          customer_id: task.customer_id,
          dealer_id: task.dealer_id,
          user_id: actor.userId,
          channel,
          direction: 'outbound',
          occurred_at: new Date(),
          subject: task.title,
          outcome: input.outcome ?? null,
          note: input.result,
          next_contact_at: input.nextStep ? new Date(input.nextStep.dueAt) : null,
          next_contact_plan: input.nextStep?.title ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      activityId = activity.id;
    }
    await tx
      .updateTable('tasks')
      .set({
        status: 'done',
        result: input.result,
        completed_at: new Date(),
        completed_by: actor.userId,
        activity_id: activityId,
      })
      .where('id', '=', taskId)
      .execute();
    if (!input.nextStep) return { nextTaskId: null };
    const next = await tx
      .insertInto('tasks')
      .values({
        customer_id: task.customer_id,
        dealer_id: task.dealer_id,
        assignee_user_id: task.assignee_user_id ?? actor.userId,
        created_by: actor.userId,
        kind: input.nextStep.kind ?? task.kind,
        title: input.nextStep.title,
        priority: task.priority,
        due_at: new Date(input.nextStep.dueAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { nextTaskId: next.id };
  });
}

export type TaskView = {
  id: string;
  title: string;
  kind: TaskKind;
  description: string | null;
  priority: Priority;
  status: TaskStatus;
  dueAt: string;
  result: string | null;
  completedAt: string | null;
  customer: { id: string; displayName: string } | null;
  assignee: { id: string; name: string } | null;
  dealerCode: string | null;
};

export type TaskFilter = {
  assignee?: 'me' | string;
  status?: TaskStatus;
  due?: 'overdue' | 'today' | 'upcoming';
  customerId?: string;
  limit: number;
  offset: number;
};

/** The time zone "today" means for the actor: his dealer's, else the group's. */
export async function actorTimezone(db: Db, actor: Actor): Promise<string> {
  if (actor.dealerId) {
    const dealer = await findDealerById(db, actor.dealerId);
    if (dealer) return dealer.timezone;
  }
  return groupDefaultZone(db);
}

function baseTaskQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('tasks as t')
    .leftJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('users as u', 'u.id', 't.assignee_user_id')
    .leftJoin('dealers as d', 'd.id', 't.dealer_id')
    .where(taskVisible(actor));
}

function toView(row: {
  id: string;
  title: string;
  kind: TaskKind;
  description: string | null;
  priority: Priority;
  status: TaskStatus;
  due_at: Date;
  result: string | null;
  completed_at: Date | null;
  customer_id: string | null;
  customer_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  dealer_code: string | null;
}): TaskView {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    description: row.description,
    priority: row.priority,
    status: row.status,
    dueAt: row.due_at.toISOString(),
    result: row.result,
    completedAt: row.completed_at?.toISOString() ?? null,
    customer: row.customer_id
      ? { id: row.customer_id, displayName: row.customer_name ?? '' }
      : null,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    dealerCode: row.dealer_code,
  };
}

const taskColumns = [
  't.id',
  't.title',
  't.kind',
  't.description',
  't.priority',
  't.status',
  't.due_at',
  't.result',
  't.completed_at',
  't.customer_id',
  'c.display_name as customer_name',
  'u.id as assignee_id',
  'u.display_name as assignee_name',
  'd.code as dealer_code',
] as const;

export async function listTasks(
  db: Db,
  actor: Actor,
  filter: TaskFilter,
): Promise<{ items: TaskView[]; total: number }> {
  const timezone = await actorTimezone(db, actor);
  const startOfToday = sql<Date>`(date_trunc('day', now() at time zone ${timezone}) at time zone ${timezone})`;
  let query = baseTaskQuery(db, actor);
  if (filter.assignee) {
    query = query.where(
      't.assignee_user_id',
      '=',
      filter.assignee === 'me' ? (actor.userId ?? '') : filter.assignee,
    );
  }
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.customerId) query = query.where('t.customer_id', '=', filter.customerId);
  if (filter.due === 'overdue') query = query.where('t.due_at', '<', startOfToday);
  if (filter.due === 'today') {
    query = query
      .where('t.due_at', '>=', startOfToday)
      .where('t.due_at', '<', sql<Date>`${startOfToday} + interval '1 day'`);
  }
  if (filter.due === 'upcoming')
    query = query.where('t.due_at', '>=', sql<Date>`${startOfToday} + interval '1 day'`);
  const [rows, count] = await Promise.all([
    query
      .select(taskColumns)
      .orderBy('t.due_at')
      .orderBy('t.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: count.total };
}

/** "My day": my open tasks that are overdue or due today, in my local day. */
export async function myDay(
  db: Db,
  actor: Actor,
): Promise<{ overdue: TaskView[]; today: TaskView[]; timezone: string }> {
  const common = { assignee: 'me', status: 'open', limit: 200, offset: 0 } as const;
  const [overdue, today] = await Promise.all([
    listTasks(db, actor, { ...common, due: 'overdue' }),
    listTasks(db, actor, { ...common, due: 'today' }),
  ]);
  return { overdue: overdue.items, today: today.items, timezone: await actorTimezone(db, actor) };
}

export async function getTask(db: Db, actor: Actor, taskId: string): Promise<TaskView> {
  const row = await baseTaskQuery(db, actor)
    .select(taskColumns)
    .where('t.id', '=', taskId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Task');
  return toView(row);
}
