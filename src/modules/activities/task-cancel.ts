import type { Tx } from '../../auth/index.ts';

/**
 * Cancels tasks that are still open, inside the caller's transaction: a module whose record
 * went away (a cancelled service visit) withdraws the work it had planned for it. Done and
 * already cancelled tasks stay as they are: they are history.
 */
export async function cancelOpenTasks(
  tx: Tx,
  userId: string | null,
  taskIds: string[],
): Promise<number> {
  if (!taskIds.length) return 0;
  const result = await tx
    .updateTable('tasks')
    .set({ status: 'cancelled', completed_at: new Date(), completed_by: userId })
    .where('id', 'in', taskIds)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
