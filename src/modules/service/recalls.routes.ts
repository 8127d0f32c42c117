import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  createRecallBody,
  recallCampaignSchema,
  recallVinsBody,
  vehicleRecallSchema,
  vinReportSchema,
} from './recall.schemas.ts';
import { addRecallVins, createRecall, listRecalls, recallsOfVehicle } from './recalls.service.ts';

const tags = ['service'];
/** A VIN file of 10 MB arrives as about 13.4 MB of base64 inside JSON. */
const uploadBodyLimit = 15 * 1024 * 1024;

export function registerRecallRoutes(app: App): void {
  app.post(
    '/api/recalls',
    {
      schema: {
        tags,
        summary: 'Open a recall campaign (then upload its VINs)',
        body: createRecallBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'recalls:manage');
      return reply.status(201).send(await createRecall(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/recalls',
    {
      schema: {
        tags,
        summary: 'Recall campaigns with the number of cars listed, open and done',
        response: { 200: z.array(recallCampaignSchema), ...commonErrors },
      },
    },
    async (request) => {
      requireActor(request);
      return listRecalls(app.db);
    },
  );

  app.post(
    '/api/recalls/:id/vins',
    {
      bodyLimit: uploadBodyLimit,
      schema: {
        tags,
        summary: 'Add VINs to a campaign from a CSV/XLSX file or a list; bad lines are reported',
        params: idParams,
        body: recallVinsBody,
        response: { 200: vinReportSchema, ...commonErrors },
      },
    },
    async (request) =>
      addRecallVins(
        app.db,
        requirePermission(request, 'recalls:manage'),
        request.params.id,
        request.body,
      ),
  );

  app.get(
    '/api/service/vehicles/:id/recalls',
    {
      schema: {
        tags,
        summary: 'The vehicle’s recalls, open ones first',
        params: idParams,
        response: { 200: z.array(vehicleRecallSchema), ...commonErrors },
      },
    },
    async (request) => recallsOfVehicle(app.db, requireActor(request), request.params.id),
  );
}
