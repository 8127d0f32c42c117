import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { registerDuplicateRoutes } from './duplicates/duplicates.routes.ts';
import { registerMergeRoutes } from './merge/merge.routes.ts';
import { registerQualityJobs } from './quality.jobs.ts';
import { registerQualityExportRoutes } from './quality-export.routes.ts';
import {
  qualityFindingSchema,
  qualityFindingsQuery,
  qualityGroupSchema,
  qualityRunSchema,
  qualityRunsQuery,
  qualitySummaryQuery,
} from './quality.schemas.ts';
import { runQualityScoring } from './scores/chunked-run.ts';
import { qualityFindings, qualitySummary, qualityTrend } from './scores/quality-scores.service.ts';

const tags = ['quality'];

export function registerQualityRoutes(app: App): void {
  registerDuplicateRoutes(app);
  registerMergeRoutes(app);
  registerQualityExportRoutes(app);
  registerQualityJobs(app);
  app.post(
    '/api/quality/runs',
    {
      schema: {
        tags,
        summary: 'Score the data quality of every customer in my scope now (a monitoring run)',
        response: { 201: qualityRunSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'quality:manage');
      return reply.status(201).send(await runQualityScoring(app.db, actor));
    },
  );

  app.get(
    '/api/quality/runs',
    {
      schema: {
        tags,
        summary:
          'Quality runs over time as my dealers saw them, latest first (trend, before/after)',
        querystring: qualityRunsQuery,
        response: { 200: z.object({ items: z.array(qualityRunSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await qualityTrend(app.db, requirePermission(request, 'quality:read'), {
        since: request.query.since,
        limit: request.query.limit,
      }),
    }),
  );

  app.get(
    '/api/quality/summary',
    {
      schema: {
        tags,
        summary: 'Average scores and problem counts of my customers, by dealer, source or month',
        querystring: qualitySummaryQuery,
        response: {
          200: z.object({ total: qualityGroupSchema, groups: z.array(qualityGroupSchema) }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      qualitySummary(app.db, requirePermission(request, 'quality:read'), request.query.groupBy),
  );

  app.get(
    '/api/quality/findings',
    {
      schema: {
        tags,
        summary: 'My customers with the lowest scores, optionally only those with one problem',
        querystring: qualityFindingsQuery,
        response: {
          200: z.object({ items: z.array(qualityFindingSchema), total: z.number().int() }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      qualityFindings(app.db, requirePermission(request, 'quality:read'), request.query),
  );
}
