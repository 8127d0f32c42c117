import { z } from 'zod';
import { requirePermission } from '../../../http/guards.ts';
import { commonErrors, idParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { onDuplicateRunStored } from '../duplicates/duplicate-run.service.ts';
import { pairParams } from '../duplicates/duplicates.schemas.ts';
import { autoMergeRun, getMerge, listMerges, mergeCustomers, undoMerge } from './merge.service.ts';

const tags = ['quality'];

const mergeSchema = z.object({
  id: z.string(),
  survivorId: z.string(),
  loserId: z.string(),
  survivorName: z.string(),
  loserName: z.string(),
  automatic: z.boolean(),
  probability: z.number().nullable(),
  mergedAt: z.string(),
  undoneAt: z.string().nullable(),
  fields: z.array(
    z.object({
      field: z.string(),
      from: z.enum(['survivor', 'loser']),
      rule: z
        .string()
        .describe('verified, trusted_source, most_complete, most_recent, union, most_advanced'),
    }),
  ),
  moved: z.record(z.string(), z.number().int()).describe('rows moved per table.column'),
});

/** Merge two records of one person, list merges, undo one. */
export function registerMergeRoutes(app: App): void {
  onDuplicateRunStored(autoMergeRun);

  app.post(
    '/api/quality/duplicates/:a/:b/merge',
    {
      schema: {
        tags,
        summary: 'Merge a candidate pair (the survivor keeps everything of both; can be undone)',
        params: pairParams,
        body: z.strictObject({ survivorId: z.uuid().optional() }),
        response: { 201: mergeSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'quality:manage');
      const pair = await app.db
        .selectFrom('duplicate_pairs')
        .select('probability')
        .where(
          'customer_a',
          '=',
          request.params.a < request.params.b ? request.params.a : request.params.b,
        )
        .where(
          'customer_b',
          '=',
          request.params.a < request.params.b ? request.params.b : request.params.a,
        )
        .executeTakeFirst();
      const merge = await mergeCustomers(app.db, actor, request.params.a, request.params.b, {
        survivorId: request.body.survivorId,
        probability: pair ? Number(pair.probability) : null,
      });
      return reply.status(201).send(merge);
    },
  );

  app.post(
    '/api/quality/merges',
    {
      schema: {
        tags,
        summary: 'Merge two records I know to be one person (the first one survives)',
        body: z.strictObject({ survivorId: z.uuid(), loserId: z.uuid() }),
        response: { 201: mergeSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'quality:manage');
      const { survivorId, loserId } = request.body;
      const merge = await mergeCustomers(app.db, actor, survivorId, loserId, { survivorId });
      return reply.status(201).send(merge);
    },
  );

  app.get(
    '/api/quality/merges',
    {
      schema: {
        tags,
        summary: 'Merges whose survivor is in my scope, latest first',
        querystring: z.strictObject({
          customerId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(mergeSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listMerges(app.db, requirePermission(request, 'quality:manage'), request.query),
    }),
  );

  app.get(
    '/api/quality/merges/:id',
    {
      schema: {
        tags,
        summary: 'One merge: the fields taken from the loser and the rows moved',
        params: idParams,
        response: { 200: mergeSchema, ...commonErrors },
      },
    },
    async (request) =>
      getMerge(app.db, requirePermission(request, 'quality:manage'), request.params.id),
  );

  app.post(
    '/api/quality/merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge: every row moves back, both records are as before',
        params: idParams,
        response: { 200: mergeSchema, ...commonErrors },
      },
    },
    async (request) =>
      undoMerge(app.db, requirePermission(request, 'quality:manage'), request.params.id),
  );
}
