/** Contact history and tasks: what other modules may use. */
export { logActivity, listActivities, type ActivityView } from './activities.service.ts';
export {
  checkAssignee,
  completeTask,
  createTask,
  listTasks,
  myDay,
  updateTask,
  type TaskAssignee,
  type TaskView,
} from './tasks.service.ts';
export { createTasks, refusedRefs, taskBatchLimit, type BatchTask } from './task-batch.ts';
export { taskOutcome, type TaskOutcome } from './task-outcome.ts';
export { handleTaskCompletion, type TaskCompletionHandler } from './task-completion.ts';
export type { CompleteTaskInput } from './activity.schemas.ts';
export { activityTimeline, openTasksJson } from './sections.ts';
export { registerActivityRoutes } from './activities.routes.ts';
export * from './schema.ts';
