import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { CompleteTaskInput } from './activity.schemas.ts';
import { completeTask } from './tasks.service.ts';

/**
 * A module whose tasks carry rules of their own (a lead's follow-up needs its next step and
 * updates the lead) answers for them here; `null` means "not one of mine". Handlers are
 * registered by the owning module because activities may not import the modules above it.
 */
export type TaskCompletionHandler = (
  db: Db,
  actor: Actor,
  taskId: string,
  input: CompleteTaskInput,
) => Promise<{ nextTaskId: string | null } | null>;

const handlers = new Set<TaskCompletionHandler>();

export function handleTaskCompletion(handler: TaskCompletionHandler): void {
  handlers.add(handler);
}

/** Closes any task the way its owning module wants: the one entry for "complete" in the UI. */
export async function completeAnyTask(
  db: Db,
  actor: Actor,
  taskId: string,
  input: CompleteTaskInput,
): Promise<{ nextTaskId: string | null }> {
  for (const handler of handlers) {
    const handled = await handler(db, actor, taskId, input);
    if (handled) return handled;
  }
  return completeTask(db, actor, taskId, input);
}
