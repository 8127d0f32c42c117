import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  completeTaskBody,
  createTaskBody,
  logActivityBody,
  updateTaskBody,
} from './activity.schemas.ts';
import { listActivities, logActivity } from './activities.service.ts';
import { completeAnyTask } from './task-completion.ts';
import {
  activityChannels,
  directions,
  outcomes,
  priorities,
  taskKinds,
  taskStatuses,
} from './schema.ts';
import { createTask, getTask, listTasks, myDay, updateTask } from './tasks.service.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';
import { registerVerificationListener } from '../customers/index.ts';
import { verificationActivity } from './verification-activity.ts';

const person = z.object({ id: z.string(), name: z.string() });
const customerRef = z.object({ id: z.string(), displayName: z.string() });

const activitySchema = z
  .object({
    id: z.string(),
    customer: customerRef,
    channel: z.enum(activityChannels),
    direction: z.enum(directions),
    occurredAt: z.string(),
    subject: z.string().nullable(),
    outcome: z.enum(outcomes).nullable(),
    note: z.string().nullable(),
    nextContactAt: z.string().nullable(),
    nextContactPlan: z.string().nullable(),
    dealerCode: z.string().nullable(),
    user: person.nullable(),
  })
  .meta({ id: 'Activity' });

const taskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(taskKinds),
    description: z.string().nullable(),
    priority: z.enum(priorities),
    status: z.enum(taskStatuses),
    dueAt: z.string(),
    result: z.string().nullable(),
    completedAt: z.string().nullable(),
    customer: customerRef.nullable(),
    assignee: person.nullable(),
    dealerCode: z.string().nullable(),
  })
  .meta({ id: 'Task' });

export function registerActivityRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerVerificationListener(verificationActivity);
  app.post(
    '/api/activities',
    {
      schema: {
        tags: ['contact history'],
        summary: 'Log a call, visit, e-mail, SMS, letter or event with a customer',
        body: logActivityBody,
        response: {
          201: z.object({ id: z.string(), taskId: z.string().nullable() }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'activities:write');
      return reply.status(201).send(await logActivity(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/activities',
    {
      schema: {
        tags: ['contact history'],
        summary: 'Contact history, newest first (of one customer, or mine)',
        querystring: z.strictObject({
          customerId: z.uuid().optional(),
          mine: z.stringbool().optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ items: z.array(activitySchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => listActivities(app.db, requireActor(request), request.query),
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Create a task for yourself or (with tasks:assign) for a colleague',
        body: createTaskBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'tasks:write');
      return reply.status(201).send(await createTask(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Tasks I may see, by assignee, status, due window or customer',
        querystring: z.strictObject({
          assignee: z.union([z.literal('me'), z.uuid()]).optional(),
          status: z.enum(taskStatuses).optional(),
          due: z.enum(['overdue', 'today', 'upcoming']).optional(),
          customerId: z.uuid().optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ items: z.array(taskSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => listTasks(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/tasks/my-day',
    {
      schema: {
        tags: ['tasks'],
        summary: 'My open tasks that are overdue or due today (in my dealer’s time zone)',
        response: {
          200: z.object({
            overdue: z.array(taskSchema),
            today: z.array(taskSchema),
            timezone: z.string(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => myDay(app.db, requireActor(request)),
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task',
        params: idParams,
        response: { 200: taskSchema, ...commonErrors },
      },
    },
    async (request) => getTask(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Reschedule, reassign, reprioritise or cancel an open task',
        params: idParams,
        body: updateTaskBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await updateTask(
        app.db,
        requirePermission(request, 'tasks:write'),
        request.params.id,
        request.body,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Close a task with its result (logged in the contact history) and an optional next step',
        params: idParams,
        body: completeTaskBody,
        response: { 200: z.object({ nextTaskId: z.string().nullable() }), ...commonErrors },
      },
    },
    async (request) =>
      completeAnyTask(
        app.db,
        requirePermission(request, 'tasks:write'),
        request.params.id,
        request.body,
      ),
  );
}
