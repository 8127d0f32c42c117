import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { createTask, updateTask } from '../activities/index.ts';
import type { ComplaintView, ReassignComplaintInput } from './complaint.schemas.ts';
import { engine, getComplaint, highSeverity, visibleComplaints } from './complaints.service.ts';

/**
 * Hands a complaint still being handled to another user of its dealer: the handling task moves
 * with it (a new one when there was none open), and the history records who took it over.
 * Only the person handling it, or someone who directs others' work, may hand it on.
 */
export async function reassignComplaint(
  db: Db,
  actor: Actor,
  id: string,
  input: ReassignComplaintInput,
): Promise<ComplaintView> {
  if (!can(actor, 'complaints:write')) throw new ForbiddenError();
  await withActor(db, actor, async (tx) => {
    const current = await visibleComplaints(tx, actor)
      .select([
        'k.id',
        'k.status',
        'k.severity',
        'k.customer_id',
        'k.dealer_id',
        'k.task_id',
        'k.responsible_user_id',
        'k.number',
        'k.subject',
        'k.due_at',
        'u.display_name as responsible_name',
      ])
      .where('k.id', '=', id)
      .forUpdate('k')
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Complaint');
    if (current.responsible_user_id !== actor.userId && !can(actor, 'tasks:assign'))
      throw new ForbiddenError('Only the person handling it or a manager may hand it on');
    if (current.status !== 'open' && current.status !== 'investigating')
      throw new ConflictError(`A complaint that is ${current.status} is handled no more`, [
        {
          path: 'responsibleUserId',
          message: `not while ${current.status}`,
          code: 'not_active',
          params: { status: current.status },
        },
      ]).because('complaint_handled_no_more', { status: current.status });
    if (input.responsibleUserId === current.responsible_user_id)
      throw new ValidationError([
        {
          path: 'responsibleUserId',
          message: 'handles it already',
          code: 'unchanged',
        },
      ]);
    const next = await tx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', input.responsibleUserId)
      .where('dealer_id', '=', current.dealer_id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!next)
      throw new ValidationError([
        {
          path: 'responsibleUserId',
          message: 'not an active user of the complaint’s dealer',
          code: 'unknown_user',
        },
      ]);
    const task = current.task_id
      ? await tx
          .selectFrom('tasks')
          .select('status')
          .where('id', '=', current.task_id)
          .executeTakeFirst()
      : undefined;
    let taskId = current.task_id;
    if (current.task_id && task?.status === 'open') {
      await updateTask(tx, engine(actor), current.task_id, { assigneeUserId: next.id });
    } else {
      const now = new Date();
      const created = await createTask(tx, engine(actor), {
        customerId: current.customer_id,
        title: `Complaint #${current.number}: ${current.subject}`.slice(0, 300),
        kind: 'other',
        priority: highSeverity.includes(current.severity) ? 'high' : 'normal',
        dueAt: (current.due_at > now ? current.due_at : now).toISOString(),
        assigneeUserId: next.id,
      });
      taskId = created.id;
    }
    await tx
      .updateTable('complaints')
      .set({ responsible_user_id: next.id, task_id: taskId })
      .where('id', '=', id)
      .execute();
    const handover = `${current.responsible_name ?? '—'} → ${next.display_name}`;
    await tx
      .insertInto('complaint_events')
      .values({
        complaint_id: id,
        customer_id: current.customer_id,
        user_id: actor.userId,
        kind: 'reassigned',
        note: input.note ? `${handover}: ${input.note}` : handover,
      })
      .execute();
  });
  return getComplaint(db, actor, id);
}
