import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import type { Priority, TaskKind } from './schema.ts';

/** One task of a batch; `ref` is the caller's name for it, by which the answer is keyed. */
export type BatchTask = {
  ref: string;
  customerId: string | null;
  /** none: the actor himself, as createTask does */
  assigneeUserId: string | null;
  title: string;
  description: string | null;
  kind: TaskKind;
  priority: Priority;
  dueAt: Date;
};

/**
 * Many tasks in one INSERT … SELECT, with createTask's rules applied row by row in the
 * statement instead of one round trip each (a journey's task step over a batch of 500 people):
 * the actor needs `tasks:write`; the customer must exist in his scope; the assignee is the
 * actor himself, or (with `tasks:assign`) an active user of a dealer he sees; the task goes to
 * the assignee's dealer, else the actor's. The audit trigger records each row as createTask's
 * insert does. A row that breaks a rule is left out rather than failing the others: the
 * answer maps the ref of each task written to its id, and a missing ref was refused (see
 * `refusedRefs`). A longer list is written in statements of `taskBatchLimit` rows, so a caller
 * may hand over a whole page without building the chunks itself.
 */
export async function createTasks(
  db: Db,
  actor: Actor,
  tasks: BatchTask[],
): Promise<Map<string, string>> {
  if (!can(actor, 'tasks:write')) throw new ForbiddenError();
  const self = actor.userId;
  if (tasks.some((task) => (task.assigneeUserId ?? self) !== self) && !can(actor, 'tasks:assign')) {
    throw new ForbiddenError('You may give tasks only to yourself').because('only_for_yourself');
  }
  const written = new Map<string, string>();
  for (let start = 0; start < tasks.length; start += taskBatchLimit) {
    const chunk = await insertChunk(db, actor, tasks.slice(start, start + taskBatchLimit));
    for (const [ref, id] of chunk) written.set(ref, id);
  }
  return written;
}

/** The refs of `tasks` that `createTasks` left out, in their order. */
export function refusedRefs(tasks: BatchTask[], written: Map<string, string>): string[] {
  return tasks.filter((task) => !written.has(task.ref)).map((task) => task.ref);
}

/** Rows per statement: bounds the parameter arrays and the time a statement holds its locks. */
export const taskBatchLimit = 500;

async function insertChunk(db: Db, actor: Actor, tasks: BatchTask[]): Promise<Map<string, string>> {
  const self = actor.userId;
  const assignees = tasks.map((task) => task.assigneeUserId ?? self);
  // ids made here, so the written rows map back to the refs without a second query
  const ids: string[] = tasks.map(() => randomUUID());
  const refOf = new Map(ids.map((id, i) => [id, tasks[i]!.ref]));
  const written = await withActor(db, actor, (tx) =>
    sql<{ id: string }>`
      insert into tasks (id, customer_id, dealer_id, assignee_user_id, created_by, kind, title,
                         description, priority, due_at)
      select i.id, i.customer_id,
             coalesce(case when u.id = ${self}::uuid then ${actor.dealerId}::uuid
                           else u.dealer_id end, ${actor.dealerId}::uuid),
             u.id, ${self}::uuid, i.kind, i.title, i.description, i.priority, i.due_at
        from unnest(${ids}::uuid[], ${tasks.map((t) => t.customerId)}::uuid[],
                    ${assignees}::uuid[], ${tasks.map((t) => t.kind)}::text[],
                    ${tasks.map((t) => t.title)}::text[],
                    ${tasks.map((t) => t.description)}::text[],
                    ${tasks.map((t) => t.priority)}::text[],
                    ${tasks.map((t) => t.dueAt.toISOString())}::timestamptz[])
             as i(id, customer_id, assignee, kind, title, description, priority, due_at)
        join users u on u.id = i.assignee
         and (u.id = ${self}::uuid or (u.active and ${dealerVisible(actor, sql.ref('u.dealer_id'))}))
       where i.customer_id is null
          or exists (select 1 from customers c
                      where c.id = i.customer_id and ${customerVisible(actor, sql.ref('c.id'))})
      returning id`.execute(tx),
  );
  return new Map(written.rows.map((row) => [refOf.get(row.id)!, row.id]));
}
