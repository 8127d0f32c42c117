import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  conquestPlanBody,
  conquestPlanSchema,
  conquestPlanSummarySchema,
} from './conquest.schemas.ts';
import {
  conquestPlanReport,
  listConquestPlans,
  saveConquestPlan,
  type LeadFunnel,
} from './conquest-plans.service.ts';

const tags = ['sales'];

export function registerConquestRoutes(app: App, funnel: LeadFunnel): void {
  app.post(
    '/api/conquest-plans',
    {
      schema: {
        tags,
        summary: 'Set a dealer’s sales target per model series for a month or quarter',
        body: conquestPlanBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sales:manage');
      return reply.status(201).send(await saveConquestPlan(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/conquest-plans',
    {
      schema: {
        tags,
        summary: 'Conquest plans of the dealers I may see, latest period first',
        querystring: z.strictObject({ dealerCode: z.string().trim().max(16).optional() }),
        response: {
          200: z.object({ items: z.array(conquestPlanSummarySchema) }),
          ...commonErrors,
        },
      },
    },
    async (request) => ({
      items: await listConquestPlans(app.db, requireActor(request), request.query),
    }),
  );

  app.get(
    '/api/conquest-plans/:id',
    {
      schema: {
        tags,
        summary: 'A plan with the prospects each channel must bring, and plan vs actual so far',
        params: idParams,
        response: { 200: conquestPlanSchema, ...commonErrors },
      },
    },
    async (request) => conquestPlanReport(app.db, requireActor(request), request.params.id, funnel),
  );
}
