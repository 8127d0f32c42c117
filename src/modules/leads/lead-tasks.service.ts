import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import {
  completeTask,
  type Outcome,
  type TaskCompletionHandler,
  type TaskKind,
} from '../activities/index.ts';
import { loadWritableLead } from './leads.service.ts';

export type LeadTaskCompletion = {
  result: string;
  outcome?: Outcome | null | undefined;
  nextStep?: { title: string; dueAt: string; kind?: TaskKind | undefined } | undefined;
};

/**
 * Closes a lead's follow-up task. While the lead is open its next step is required (issue 3:
 * closing a task requires its result and the next step); the result and the plan become the
 * lead's last contact result and next contact plan, and the next step a lead task in turn.
 */
export async function completeLeadTask(
  db: Db,
  actor: Actor,
  leadId: string,
  taskId: string,
  input: LeadTaskCompletion,
): Promise<{ nextTaskId: string | null }> {
  const lead = await loadWritableLead(db, actor, leadId);
  const link = await db
    .selectFrom('lead_tasks')
    .select('task_id')
    .where('task_id', '=', taskId)
    .where('lead_id', '=', leadId)
    .executeTakeFirst();
  if (!link) throw new NotFoundError('Task of this lead');
  const open = lead.stage !== 'delivered' && lead.stage !== 'lost';
  if (open && !input.nextStep) {
    throw new ValidationError([
      {
        path: 'nextStep',
        message: 'required while the lead is open: plan the next contact',
        code: 'next_step_required',
      },
    ]);
  }
  return withActor(db, actor, async (tx) => {
    const done = await completeTask(tx, actor, taskId, {
      result: input.result,
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(input.nextStep ? { nextStep: input.nextStep } : {}),
    });
    if (done.nextTaskId) {
      await tx
        .insertInto('lead_tasks')
        .values({
          task_id: done.nextTaskId,
          lead_id: leadId,
          customer_id: lead.customer.id,
          purpose: 'next_contact',
        })
        .execute();
    }
    await tx
      .updateTable('leads')
      .set({
        last_contact_result: input.result,
        ...(input.nextStep
          ? {
              next_contact_plan: input.nextStep.title,
              next_contact_at: new Date(input.nextStep.dueAt),
            }
          : {}),
      })
      .where('id', '=', leadId)
      .execute();
    return done;
  });
}

/** "Complete" from My day or the task list closes a lead's task by the lead's rules too. */
export const completeTaskOfLead: TaskCompletionHandler = async (db, actor, taskId, input) => {
  const link = await db
    .selectFrom('lead_tasks')
    .select('lead_id')
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  if (!link) return null;
  return completeLeadTask(db, actor, link.lead_id, taskId, input);
};
