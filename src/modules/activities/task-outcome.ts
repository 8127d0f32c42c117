import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Outcome, TaskStatus } from './schema.ts';

/** A task's outcome: the one recorded on completing it, else its status (open, done, cancelled). */
export type TaskOutcome = Outcome | TaskStatus;

/**
 * SQL: what became of a task, for other modules' reports (a call campaign's variants) without
 * reading the activities tables themselves. Null when the task is gone.
 */
export function taskOutcome(taskId: Expression<unknown>): RawBuilder<TaskOutcome | null> {
  return sql<TaskOutcome | null>`(select coalesce(a.outcome, t.status) from tasks t
    left join activities a on a.id = t.activity_id where t.id = ${taskId})`;
}
