import { z } from 'zod';
import { customerVisible } from '../../auth/index.ts';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams, isoDate, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { upcomingCareEvents, upcomingCareEventSchema } from './lifecycle-upcoming.ts';
import { runLifecycle } from './lifecycle-run.ts';
import { lifecycleEventTypes } from './schema.ts';

const tags = ['service'];

const eventSchema = z
  .object({
    id: z.string(),
    type: z.enum(lifecycleEventTypes),
    customerId: z.string(),
    customerName: z.string().nullable(),
    vehicleId: z.string().nullable(),
    dealerId: z.string().nullable(),
    dueDate: z.string(),
    payload: z.record(z.string(), z.unknown()),
    emittedAt: z.string().nullable(),
    skippedReason: z.string().nullable(),
    taskId: z.string().nullable(),
  })
  .meta({ id: 'LifecycleEvent' });

export function registerLifecycleRoutes(app: App): void {
  app.post(
    '/api/lifecycle/run',
    {
      schema: {
        tags,
        summary: 'Run the care programme’s daily run now (it also runs by itself every day)',
        body: z.strictObject({ asOf: isoDate.optional().describe('today when absent') }),
        response: {
          200: z.object({
            asOf: z.string(),
            plannedFrom: z.string(),
            planned: z.number(),
            emitted: z.number(),
            skipped: z.number(),
            refused: z.number().describe('events whose task was refused (marked task_refused)'),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requirePermission(request, 'service:manage');
      return runLifecycle(app.db, request.body.asOf ?? new Date().toISOString().slice(0, 10));
    },
  );

  app.get(
    '/api/lifecycle/events',
    {
      schema: {
        tags,
        summary: 'Lifecycle events of customers I may see, latest due first',
        querystring: z.strictObject({
          customerId: z.uuid().optional(),
          type: z.enum(lifecycleEventTypes).optional(),
          ...pageQuery,
        }),
        response: { 200: z.object({ items: z.array(eventSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      let query = app.db
        .selectFrom('lifecycle_events as e')
        .leftJoin('customers as c', 'c.id', 'e.customer_id')
        .selectAll('e')
        .select('c.display_name as customer_name')
        .where((eb) => customerVisible(actor, eb.ref('e.customer_id')));
      if (request.query.customerId)
        query = query.where('e.customer_id', '=', request.query.customerId);
      if (request.query.type) query = query.where('e.event_type', '=', request.query.type);
      const rows = await query
        .orderBy('e.due_date', 'desc')
        .limit(request.query.limit)
        .offset(request.query.offset)
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          type: row.event_type,
          customerId: row.customer_id,
          customerName: row.customer_name,
          vehicleId: row.vehicle_id,
          dealerId: row.dealer_id,
          dueDate: row.due_date,
          payload: row.payload as Record<string, unknown>,
          emittedAt: row.emitted_at?.toISOString() ?? null,
          skippedReason: row.skipped_reason,
          taskId: row.task_id,
        })),
      };
    },
  );

  app.get(
    '/api/lifecycle/rules',
    {
      schema: {
        tags,
        summary: 'The default task rules of the lifecycle events',
        response: {
          200: z.array(
            z.object({
              eventType: z.enum(lifecycleEventTypes),
              enabled: z.boolean(),
              assigneeRole: z.string(),
              taskKind: z.string(),
              priority: z.string(),
              title: z.string(),
            }),
          ),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      const rows = await app.db
        .selectFrom('lifecycle_task_rules')
        .selectAll()
        .orderBy('event_type')
        .execute();
      return rows.map((row) => ({
        eventType: row.event_type,
        enabled: row.enabled,
        assigneeRole: row.assignee_role,
        taskKind: row.task_kind,
        priority: row.priority,
        title: row.title,
      }));
    },
  );

  app.get(
    '/api/customers/:id/care-events',
    {
      schema: {
        tags,
        summary: 'A customer’s coming care-programme events (the next year), planned or not yet',
        params: idParams,
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(730).default(365),
        }),
        response: {
          200: z.object({ items: z.array(upcomingCareEventSchema) }),
          ...commonErrors,
        },
      },
    },
    async (request) => ({
      items: await upcomingCareEvents(
        app.db,
        requireActor(request),
        request.params.id,
        request.query.days,
      ),
    }),
  );
}
