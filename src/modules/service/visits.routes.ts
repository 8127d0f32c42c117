import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { completeFollowUp, followUpsOfTask } from './follow-ups.service.ts';
import {
  listServiceIntervals,
  serviceDueOfVehicle,
  serviceDueSchema,
  serviceIntervalBody,
  serviceIntervalSchema,
  setServiceInterval,
} from './service-due.ts';
import {
  getServiceSettings,
  serviceSettingsBody,
  serviceSettingsSchema,
  updateServiceSettings,
} from './settings.service.ts';
import { receptionOwner } from './reception-verification.ts';
import {
  createVisitBody,
  receptionOwnerSchema,
  visitCsiSchema,
  visitListQuery,
  visitSchema,
} from './visit.schemas.ts';
import { getVisit, listVisits, recordVisit } from './visits.service.ts';

const tags = ['service'];

export function registerVisitRoutes(app: App): void {
  app.post(
    '/api/service/visits',
    {
      schema: {
        tags,
        summary: 'Record a service visit (a repair order with labour and parts lines)',
        description:
          'Plans the after-visit call as a task due after the configured delay (default 3 days). With `dataConfirmed` the owner’s contact data counts as confirmed at reception (a verification by service visit reception, at the visit), in the same transaction.',
        body: createVisitBody,
        response: {
          201: z.object({ id: z.string(), followUpTaskId: z.string().nullable() }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'service:write');
      return reply.status(201).send(await recordVisit(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/service/visits',
    {
      schema: {
        tags,
        summary:
          'Service visits at my dealers, newest first, with the CSI scores of all that match',
        querystring: visitListQuery,
        response: {
          200: z.object({ items: z.array(visitSchema), total: z.number(), csi: visitCsiSchema }),
          ...commonErrors,
        },
      },
    },
    async (request) => listVisits(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/service/visits/:id',
    {
      schema: {
        tags,
        summary: 'One service visit with its lines and follow-up call',
        params: idParams,
        response: { 200: visitSchema, ...commonErrors },
      },
    },
    async (request) => getVisit(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/service/visits/:id/follow-up',
    {
      schema: {
        tags,
        summary: 'Record the after-visit call: the CSI score (1-10) and the owner’s comments',
        params: idParams,
        body: z
          .strictObject({
            csiScore: z.number().int().min(1).max(10),
            comment: z.string().trim().max(5000).nullish(),
          })
          .meta({ id: 'FollowUpCompletion' }),
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'tasks:write');
      await completeFollowUp(app.db, actor, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/service/follow-ups',
    {
      schema: {
        tags,
        summary:
          'The after-service call behind a task (empty when the task is not one): the task forms ask for its CSI score',
        querystring: z.strictObject({ taskId: z.uuid() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                visitId: z.string(),
                visitDate: z.string(),
                orderNumber: z.string().nullable(),
                csiScore: z.number().nullable(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => ({
      items: await followUpsOfTask(app.db, requireActor(request), request.query.taskId),
    }),
  );

  app.get(
    '/api/service/vehicles/:id/due',
    {
      schema: {
        tags,
        summary: 'When the vehicle’s next service is due, by km or time, and how it was estimated',
        params: idParams,
        response: { 200: serviceDueSchema.nullable(), ...commonErrors },
      },
    },
    async (request) => serviceDueOfVehicle(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/service/vehicles/:id/owner-verification',
    {
      schema: {
        tags,
        summary:
          'The car’s owner and when his contact data was last confirmed with him: the visit form tells the advisor whether to ask',
        params: idParams,
        response: { 200: receptionOwnerSchema, ...commonErrors },
      },
    },
    async (request) => receptionOwner(app.db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/service/intervals',
    {
      schema: {
        tags,
        summary: 'The service-interval catalogue: the default and per-model intervals',
        response: { 200: z.array(serviceIntervalSchema), ...commonErrors },
      },
    },
    async (request) => {
      requireActor(request);
      return listServiceIntervals(app.db);
    },
  );

  app.put(
    '/api/service/intervals/:modelId',
    {
      schema: {
        tags,
        summary: 'Set a catalogue model’s service interval ("default" for the default)',
        params: z.strictObject({ modelId: z.union([z.literal('default'), z.uuid()]) }),
        body: serviceIntervalBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'catalog:write');
      const modelId = request.params.modelId === 'default' ? null : request.params.modelId;
      await setServiceInterval(app.db, actor, modelId, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/service/settings',
    {
      schema: {
        tags,
        summary: 'After-sales settings: follow-up delay, reminder lead time, default km per day',
        response: { 200: serviceSettingsSchema, ...commonErrors },
      },
    },
    async (request) => {
      requireActor(request);
      return getServiceSettings(app.db);
    },
  );

  app.patch(
    '/api/service/settings',
    {
      schema: {
        tags,
        summary: 'Change the after-sales settings (group administrators)',
        body: serviceSettingsBody,
        response: { 200: serviceSettingsSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateServiceSettings(app.db, requirePermission(request, 'service:manage'), request.body),
  );
}
