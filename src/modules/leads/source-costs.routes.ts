import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { sourceCostBody, sourceCostQuery, sourceCostSchema } from './source-costs.schemas.ts';
import { deleteSourceCost, listSourceCosts, upsertSourceCost } from './source-costs.service.ts';

const tags = ['leads'];

/** Costs per lead source, month and owner (issues 5 and 7). */
export function registerSourceCostRoutes(app: App): void {
  app.get(
    '/api/lead-source-costs',
    {
      schema: {
        tags,
        summary: 'Lead source costs per month and owner, as far as your scope reaches',
        querystring: sourceCostQuery,
        response: { 200: z.object({ items: z.array(sourceCostSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listSourceCosts(app.db, requireActor(request), request.query),
    }),
  );

  app.put(
    '/api/lead-source-costs',
    {
      schema: {
        tags,
        summary:
          "Enter a source's cost for a month and owner (201); entering it again replaces it (200)",
        body: sourceCostBody,
        response: { 200: sourceCostSchema, 201: sourceCostSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { created, cost } = await upsertSourceCost(app.db, requireActor(request), request.body);
      reply.code(created ? 201 : 200);
      return cost;
    },
  );

  app.delete(
    '/api/lead-source-costs/:id',
    {
      schema: {
        tags,
        summary: 'Remove a lead source cost',
        params: idParams,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await deleteSourceCost(app.db, requireActor(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
