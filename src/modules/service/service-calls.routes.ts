import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  newServiceCallBody,
  serviceCallListQuery,
  serviceCallSchema,
} from './service-calls.schemas.ts';
import { listServiceCalls, logServiceCall } from './service-calls.service.ts';

const tags = ['service'];

export function registerServiceCallRoutes(app: App): void {
  app.post(
    '/api/service/calls',
    {
      schema: {
        tags,
        summary: 'Log an owner’s roadside-assistance or information-hotline call',
        description:
          'Plans the care-programme event of the call (roadside_assistance_call or hotline_call), which the daily lifecycle run emits by its task rule.',
        body: newServiceCallBody,
        response: {
          201: z.object({ id: z.string(), eventId: z.string().nullable() }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'service_calls:write');
      return reply.status(201).send(await logServiceCall(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/service/calls',
    {
      schema: {
        tags,
        summary: 'A customer’s roadside and hotline calls, newest first',
        querystring: serviceCallListQuery,
        response: { 200: z.object({ items: z.array(serviceCallSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listServiceCalls(app.db, requireActor(request), request.query),
    }),
  );
}
