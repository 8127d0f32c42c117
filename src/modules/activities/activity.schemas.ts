import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.ts';
import { activityChannels, directions, outcomes, priorities, taskKinds } from './schema.ts';

export const logActivityBody = z
  .strictObject({
    customerId: z.uuid(),
    channel: z.enum(activityChannels),
    direction: z.enum(directions),
    occurredAt: isoDateTime.optional().describe('now when absent'),
    subject: z.string().trim().max(300).nullish(),
    outcome: z.enum(outcomes).nullish(),
    note: z.string().trim().max(10_000).nullish(),
    nextContactAt: isoDateTime.nullish().describe('creates a follow-up task for you at that time'),
    nextContactPlan: z.string().trim().max(500).nullish(),
    dataConfirmed: z
      .boolean()
      .optional()
      .describe('the customer confirmed his data on this call or visit (quality freshness)'),
    dealerCode: z
      .string()
      .trim()
      .max(16)
      .optional()
      .describe('for group staff: on behalf of which dealer'),
  })
  .meta({ id: 'NewActivity' });

export const createTaskBody = z
  .strictObject({
    customerId: z.uuid().nullish(),
    title: z.string().trim().min(1).max(300),
    kind: z.enum(taskKinds).optional(),
    description: z.string().trim().max(5000).nullish(),
    priority: z.enum(priorities).optional(),
    dueAt: isoDateTime,
    assigneeUserId: z.uuid().nullish().describe('yourself when absent'),
  })
  .meta({ id: 'NewTask' });

export const updateTaskBody = z
  .strictObject({
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().max(5000).nullish(),
    priority: z.enum(priorities).optional(),
    dueAt: isoDateTime.optional(),
    assigneeUserId: z.uuid().optional(),
    status: z
      .literal('cancelled')
      .optional()
      .describe('cancel the task; use /complete to finish it'),
  })
  .meta({ id: 'TaskChanges' });

export const completeTaskBody = z
  .strictObject({
    result: z.string().trim().min(1).max(5000),
    outcome: z.enum(outcomes).nullish(),
    nextStep: z
      .strictObject({
        title: z.string().trim().min(1).max(300),
        dueAt: isoDateTime,
        kind: z.enum(taskKinds).optional(),
      })
      .optional(),
    csiScore: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe(
        'the satisfaction score (1-10) the customer gave on the call; required to close an after-service follow-up he answered, the result being his comment',
      ),
  })
  .meta({ id: 'TaskCompletion' });

export type LogActivityInput = z.output<typeof logActivityBody>;
export type CreateTaskInput = z.output<typeof createTaskBody>;
export type UpdateTaskInput = z.output<typeof updateTaskBody>;
export type CompleteTaskInput = z.output<typeof completeTaskBody>;
