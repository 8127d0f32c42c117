import { systemActor, type Tx } from '../../auth/index.ts';
import { createTasks, type BatchTask } from '../activities/index.ts';
import type { CampaignForSend } from './send-types.ts';

/** A person of a call campaign's page who is to be called: the task's title and script. */
export type CallItem = { customerId: string; task?: { title: string; script: string } };

/** Why a recipient of a call campaign has no task although he may be called. */
export const taskRefused = 'task_refused';

/**
 * The call tasks of one page as one set, inside the page's transaction (createTasks joins
 * it): for the campaign's call assignee, due `callDueDays` after `now`. Answers each called
 * customer's task id; a customer missing from the answer had his task refused (the assignee
 * was deactivated since the campaign was saved, or the person is gone), and the caller
 * records him as blocked `task_refused` instead of failing the page as one refusal used to.
 */
export async function writeCallTasks(
  tx: Tx,
  campaign: Pick<CampaignForSend, 'name' | 'callAssigneeUserId' | 'callDueDays'>,
  items: CallItem[],
  now: Date,
): Promise<Map<string, string>> {
  const dueAt = new Date(now.getTime() + campaign.callDueDays * 86_400_000);
  const tasks: BatchTask[] = items.flatMap((item) =>
    item.task
      ? [
          {
            ref: item.customerId,
            customerId: item.customerId,
            assigneeUserId: campaign.callAssigneeUserId,
            kind: 'call' as const,
            title: item.task.title.slice(0, 200) || campaign.name,
            description: item.task.script,
            priority: 'normal' as const,
            dueAt,
          },
        ]
      : [],
  );
  if (tasks.length === 0) return new Map();
  return createTasks(tx, systemActor('job'), tasks);
}
