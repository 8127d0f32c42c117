import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  createLapsedOwnerTasks,
  lapsedTasksAnswer,
  lapsedTasksBody,
} from './lapsed-tasks.service.ts';
import {
  lapsedOwnerSchema,
  lapsedOwners,
  retentionByDealer,
  retentionSchema,
} from './retention.service.ts';

const tags = ['service'];
const today = () => new Date().toISOString().slice(0, 10);

export function registerRetentionRoutes(app: App): void {
  app.get(
    '/api/service/retention',
    {
      schema: {
        tags,
        summary: 'After-sales retention per dealer: lapsed owners and loyalty in years 1-3',
        querystring: z.strictObject({
          asOf: isoDate.optional(),
          dealerCode: z.string().trim().max(16).optional(),
        }),
        response: { 200: retentionSchema, ...commonErrors },
      },
    },
    async (request) =>
      retentionByDealer(
        app.db,
        requireActor(request),
        request.query.asOf ?? today(),
        request.query.dealerCode,
      ),
  );

  app.get(
    '/api/service/lapsed-owners',
    {
      schema: {
        tags,
        summary: 'Worklist: owners who serviced here in year 1 and stopped, most valuable first',
        querystring: z.strictObject({
          asOf: isoDate.optional(),
          dealerCode: z.string().trim().max(16).optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(lapsedOwnerSchema),
            total: z.number().describe('lapsed rows (owner and car) for these filters, in scope'),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      lapsedOwners(app.db, requireActor(request), {
        asOf: request.query.asOf ?? today(),
        dealerCode: request.query.dealerCode,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.post(
    '/api/service/lapsed-owners/tasks',
    {
      schema: {
        tags,
        summary:
          'Turn lapsed owners into call-centre tasks (in the assignee’s language); owners with an open one are skipped',
        body: lapsedTasksBody,
        response: { 201: lapsedTasksAnswer, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'tasks:write');
      return reply.status(201).send(await createLapsedOwnerTasks(app.db, actor, request.body));
    },
  );
}
