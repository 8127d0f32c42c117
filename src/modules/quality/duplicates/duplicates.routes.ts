import { z } from 'zod';
import { requirePermission } from '../../../http/guards.ts';
import { commonErrors, idParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { getDuplicateRun, listDuplicateRuns, startDuplicateRun } from './duplicate-run.service.ts';
import {
  decisionBody,
  duplicatePairSchema,
  duplicateRunSchema,
  duplicateSettingsSchema,
  pairComparisonSchema,
  pairParams,
  queueQuery,
} from './duplicates.schemas.ts';
import { registerDuplicateCheck } from '../../customers/index.ts';
import { checkCapturedCustomer } from './capture-check.ts';
import { comparePair, decidePair, reviewQueue } from './review.service.ts';
import { duplicateSettings, updateDuplicateSettings } from './settings.service.ts';

const tags = ['quality'];

/** The whole-base duplicate run, the review queue and the settings (data stewards). */
export function registerDuplicateRoutes(app: App): void {
  registerDuplicateCheck(checkCapturedCustomer);
  app.post(
    '/api/quality/duplicate-runs',
    {
      schema: {
        tags,
        summary: 'Search the persons of my scope for duplicates, in the background',
        response: { 202: duplicateRunSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'quality:manage');
      return reply.status(202).send(await startDuplicateRun(app.db, actor));
    },
  );

  app.get(
    '/api/quality/duplicate-runs',
    {
      schema: {
        tags,
        summary: 'The latest duplicate runs over my dealers, with their progress',
        response: { 200: z.object({ items: z.array(duplicateRunSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listDuplicateRuns(app.db, requirePermission(request, 'quality:manage')),
    }),
  );

  app.get(
    '/api/quality/duplicate-runs/:id',
    {
      schema: {
        tags,
        summary: 'One duplicate run and its progress',
        params: idParams,
        response: { 200: duplicateRunSchema, ...commonErrors },
      },
    },
    async (request) =>
      getDuplicateRun(app.db, requirePermission(request, 'quality:manage'), request.params.id),
  );

  app.get(
    '/api/quality/duplicates',
    {
      schema: {
        tags,
        summary:
          'The review queue: open pairs between the thresholds whose both people are in my scope',
        querystring: queueQuery,
        response: {
          200: z.object({
            items: z.array(duplicatePairSchema),
            total: z.number().int(),
            reviewLower: z.number(),
            reviewUpper: z.number(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      reviewQueue(app.db, requirePermission(request, 'quality:manage'), request.query),
  );

  app.get(
    '/api/quality/duplicates/:a/:b',
    {
      schema: {
        tags,
        summary: 'Two candidate duplicates side by side, with the weight of every field',
        params: pairParams,
        response: { 200: pairComparisonSchema, ...commonErrors },
      },
    },
    async (request) =>
      comparePair(
        app.db,
        requirePermission(request, 'quality:manage'),
        request.params.a,
        request.params.b,
      ),
  );

  app.post(
    '/api/quality/duplicates/:a/:b/decision',
    {
      schema: {
        tags,
        summary:
          'Not a duplicate (remembered), skip (asked again after the next run) or reopen (back in the queue)',
        params: pairParams,
        body: decisionBody,
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'quality:manage');
      await decidePair(app.db, actor, request.params.a, request.params.b, request.body.decision);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/quality/settings',
    {
      schema: {
        tags,
        summary: 'The review band and the automatic merge',
        response: { 200: duplicateSettingsSchema, ...commonErrors },
      },
    },
    async (request) => {
      requirePermission(request, 'quality:read');
      return duplicateSettings(app.db);
    },
  );

  app.patch(
    '/api/quality/settings',
    {
      schema: {
        tags,
        summary: 'Set the review band and the automatic merge (group-wide stewards only)',
        body: duplicateSettingsSchema,
        response: { 200: duplicateSettingsSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateDuplicateSettings(app.db, requirePermission(request, 'quality:manage'), request.body),
  );
}
