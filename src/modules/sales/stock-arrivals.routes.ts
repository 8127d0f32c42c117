import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  stockArrivalBody,
  stockArrivalQuery,
  stockArrivalSchema,
} from './stock-arrival.schemas.ts';
import { listStockArrivals, recordStockArrival } from './stock-arrivals.service.ts';

const tags = ['sales'];

export function registerStockArrivalRoutes(app: App): void {
  app.post(
    '/api/stock-arrivals',
    {
      schema: {
        tags,
        summary: 'Record a car that arrived in a dealer’s stock (starts "model arrived" journeys)',
        body: stockArrivalBody,
        response: { 201: stockArrivalSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'orders:write');
      return reply.status(201).send(await recordStockArrival(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/stock-arrivals',
    {
      schema: {
        tags,
        summary: 'Cars that arrived at the dealers I may see, newest first',
        querystring: stockArrivalQuery,
        response: { 200: z.object({ items: z.array(stockArrivalSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listStockArrivals(app.db, requireActor(request), request.query),
    }),
  );
}
