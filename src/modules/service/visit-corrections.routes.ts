import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  cancelledVisitQuery,
  cancelledVisitSchema,
  cancelVisitBody,
  correctVisitBody,
} from './visit-corrections.schemas.ts';
import { cancelVisit, correctVisit, listCancelledVisits } from './visit-corrections.service.ts';

const tags = ['service'];

export function registerVisitCorrectionRoutes(app: App): void {
  app.patch(
    '/api/service/visits/:id',
    {
      schema: {
        tags,
        summary: 'Correct a recorded visit: date, mileage, type, payer, advisor, notes, lines',
        description:
          'Validated as at recording; the mileage is checked against the car’s other readings. `lines` is the whole repair order as it should be (a line with `lineNo` keeps that line, one without is added, lines left out are removed); the total becomes their sum. The club points the visit earned follow the corrected receipt.',
        params: idParams,
        body: correctVisitBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'service:write');
      await correctVisit(app.db, actor, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/service/visits/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a visit recorded by mistake, with the reason',
        description:
          'The visit is kept in the cancellations archive and counts nowhere any more; its open follow-up task is cancelled, a recall it closed re-opens and the club points it earned are taken back.',
        params: idParams,
        body: cancelVisitBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'service:write');
      await cancelVisit(app.db, actor, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/service/visits/cancelled',
    {
      schema: {
        tags,
        summary: 'Cancelled visits at my dealers, with who cancelled them and why',
        querystring: cancelledVisitQuery,
        response: { 200: z.object({ items: z.array(cancelledVisitSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listCancelledVisits(app.db, requireActor(request), request.query),
    }),
  );
}
