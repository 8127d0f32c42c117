import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import {
  completeTask,
  createTask,
  updateTask,
  type CompleteTaskInput,
  type TaskCompletionHandler,
} from '../activities/index.ts';
import { followUpText } from './follow-up-script.ts';
import { getServiceSettings } from './settings.service.ts';

/**
 * The task engine of after-sales acts with the whole group in view: the follow-up call goes to
 * the visit's advisor even when the one recording the visit may not give tasks to others. The
 * caller's own right to record the visit is checked before; the audit log still names him.
 */
function engine(actor: Actor): Actor {
  return { ...actor, role: 'group_admin', scope: { level: 'group' } };
}

/**
 * Plans the call after a visit: a task due `follow_up_delay_days` after the visit day, at 10:00
 * in the dealer's time zone, with the call script, for the visit's advisor.
 */
export async function planFollowUp(
  tx: Tx,
  actor: Actor,
  visit: {
    id: string;
    customerId: string;
    dealerId: string;
    visitDate: string;
    assigneeUserId: string;
    car: string;
  },
): Promise<string> {
  const settings = await getServiceSettings(tx);
  const plan = await sql<{ due_at: Date; locale: string }>`
    select ((${visit.visitDate}::date + ${settings.followUpDelayDays}::int)::timestamp
              + interval '10 hours') at time zone d.timezone as due_at,
           u.locale
      from dealers d, users u
     where d.id = ${visit.dealerId} and u.id = ${visit.assigneeUserId}`.execute(tx);
  const row = plan.rows[0];
  if (!row) throw new NotFoundError('Dealer or advisor');
  const text = followUpText(row.locale, visit.car, visit.visitDate);
  const { id: taskId } = await createTask(tx, engine(actor), {
    customerId: visit.customerId,
    title: text.title,
    description: text.script,
    kind: 'follow_up',
    priority: 'normal',
    dueAt: new Date(row.due_at).toISOString(),
    assigneeUserId: visit.assigneeUserId,
  });
  await tx
    .insertInto('service_follow_ups')
    .values({
      visit_id: visit.id,
      customer_id: visit.customerId,
      dealer_id: visit.dealerId,
      task_id: taskId,
      due_at: new Date(row.due_at),
    })
    .execute();
  return taskId;
}

export type FollowUpCompletion = {
  csiScore: number;
  comment?: string | null | undefined;
  /** a next step planned on the call (from the general task completion) */
  nextStep?: CompleteTaskInput['nextStep'];
};

/**
 * Records the owner's answer on the after-visit call: the CSI score and his words. The task is
 * closed through the activities module, which logs the call in the contact history.
 */
export async function completeFollowUp(
  db: Db,
  actor: Actor,
  visitId: string,
  input: FollowUpCompletion,
): Promise<{ nextTaskId: string | null }> {
  if (!can(actor, 'tasks:write')) throw new ForbiddenError();
  const followUp = await db
    .selectFrom('service_follow_ups as f')
    .select(['f.task_id', 'f.completed_at'])
    .where('f.visit_id', '=', visitId)
    .where((eb) => customerVisible(actor, eb.ref('f.customer_id')))
    .where((eb) => dealerVisible(actor, eb.ref('f.dealer_id')))
    .executeTakeFirst();
  if (!followUp) throw new NotFoundError('Follow-up of this visit');
  if (followUp.completed_at) {
    throw new ValidationError([
      { path: 'csiScore', message: 'the call is recorded already', code: 'already_done' },
    ]);
  }
  const comment = input.comment?.trim() || null;
  return withActor(db, actor, async (tx) => {
    let nextTaskId: string | null = null;
    if (followUp.task_id) {
      const task = await tx
        .selectFrom('tasks')
        .select('status')
        .where('id', '=', followUp.task_id)
        .executeTakeFirst();
      // the task may have been closed from the task list already; the score still counts
      if (task?.status === 'open') {
        ({ nextTaskId } = await completeTask(tx, actor, followUp.task_id, {
          result: `CSI ${input.csiScore}/10${comment ? `: ${comment}` : ''}`,
          outcome: 'reached',
          ...(input.nextStep ? { nextStep: input.nextStep } : {}),
        }));
      }
    }
    await tx
      .updateTable('service_follow_ups')
      .set({
        csi_score: input.csiScore,
        comment,
        completed_at: new Date(),
        completed_by: actor.userId,
      })
      .where('visit_id', '=', visitId)
      .execute();
    return { nextTaskId };
  });
}

/**
 * A cancelled visit withdraws its follow-up call: the task, while still open, is cancelled
 * (inside the caller's transaction). A call made or a task closed already stays as history.
 */
export async function withdrawFollowUp(tx: Tx, actor: Actor, visitId: string): Promise<void> {
  const task = await tx
    .selectFrom('service_follow_ups as f')
    .innerJoin('tasks as t', 't.id', 'f.task_id')
    .select('t.id')
    .where('f.visit_id', '=', visitId)
    .where('t.status', '=', 'open')
    .executeTakeFirst();
  if (task) await updateTask(tx, engine(actor), task.id, { status: 'cancelled' });
}

/**
 * "Complete" on an after-service call from My day or the task list records the owner's CSI
 * score like the visit's own "record call" does. A call that did not reach him (no answer,
 * busy...) closes as any task and leaves the follow-up unscored; a reached one needs the score.
 */
export const completeTaskOfFollowUp: TaskCompletionHandler = async (db, actor, taskId, input) => {
  const followUp = await db
    .selectFrom('service_follow_ups')
    .select(['visit_id', 'completed_at'])
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  if (!followUp) return null;
  if (input.csiScore === undefined) {
    if (input.outcome && input.outcome !== 'reached') return null;
    throw new ValidationError([
      {
        path: 'csiScore',
        message: 'the owner’s satisfaction score (1-10) is asked on this call',
        code: 'required',
      },
    ]);
  }
  return completeFollowUp(db, actor, followUp.visit_id, {
    csiScore: input.csiScore,
    comment: input.result,
    nextStep: input.nextStep,
  });
};

export type FollowUpOfTask = {
  visitId: string;
  visitDate: string;
  orderNumber: string | null;
  csiScore: number | null;
};

/** The after-service call behind a task, if it is one the actor sees (for the task forms). */
export async function followUpsOfTask(
  db: Db,
  actor: Actor,
  taskId: string,
): Promise<FollowUpOfTask[]> {
  const rows = await db
    .selectFrom('service_follow_ups as f')
    .innerJoin('service_visits as s', 's.id', 'f.visit_id')
    .select(['f.visit_id', 's.visit_date', 's.order_number', 'f.csi_score'])
    .where('f.task_id', '=', taskId)
    .where((eb) => customerVisible(actor, eb.ref('f.customer_id')))
    .where((eb) => dealerVisible(actor, eb.ref('f.dealer_id')))
    .execute();
  return rows.map((row) => ({
    visitId: row.visit_id,
    visitDate: row.visit_date,
    orderNumber: row.order_number,
    csiScore: row.csi_score,
  }));
}
