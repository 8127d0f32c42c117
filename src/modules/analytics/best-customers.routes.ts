import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { registerBestCustomerExportRoutes } from './best-customers-export.routes.ts';
import {
  fitBestCustomerModel,
  getBestCustomerRun,
  listBestCustomerRuns,
  scoreCustomers,
} from './best-customers/best-customers.service.ts';
import { maxListRows, scoreList } from './best-customers/list-scoring.ts';
import { soldSeries } from './best-customers/profile-query.ts';

const tags = ['analytics'];
const base = '/api/analytics/best-customers';

const gainsPoint = z.object({
  share: z.number(),
  people: z.number(),
  buyers: z.number(),
  cumulativeGain: z.number(),
  lift: z.number(),
});
const runSchema = z.object({
  id: z.string(),
  series: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  asOf: z.string(),
  windowMonths: z.number().nullable(),
  quality: z
    .object({
      holdout: z.object({
        people: z.number(),
        buyers: z.number(),
        baseRate: z.number(),
        topDecileLift: z.number().nullable(),
        curve: z.array(gainsPoint),
      }),
      trainPeople: z.number(),
      trainBuyers: z.number(),
      finalPeople: z.number(),
      finalBuyers: z.number(),
      highlights: z.array(
        z.object({
          feature: z.string(),
          value: z.string(),
          buyerShare: z.number(),
          otherShare: z.number(),
        }),
      ),
      seconds: z.number(),
    })
    .nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const scoreFields = {
  probability: z.number(),
  likeness: z.number(),
  readiness: z.number(),
  priority: z.number(),
  reasons: z.array(z.object({ feature: z.string(), value: z.string(), logRatio: z.number() })),
};
const runParams = z.strictObject({ runId: z.uuid() });

/** Best-customer mining (seed 003 P3): who buys a model series, and who else looks like them. */
export function registerBestCustomerRoutes(app: App): void {
  app.get(
    `${base}/series`,
    {
      schema: {
        tags,
        summary:
          'Model series that have been sold, most sold first: what a profile can be learned for',
        response: {
          200: z.object({
            items: z.array(
              z.object({ series: z.string(), purchases: z.number(), lastPurchase: z.string() }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requirePermission(request, 'analytics:read');
      return { items: await soldSeries(app.db) };
    },
  );

  app.get(
    `${base}/runs`,
    {
      schema: {
        tags,
        summary: 'Fits of the buyer-profile model, newest first, with holdout lift and gains',
        querystring: z.strictObject({ series: z.string().trim().min(1).max(100).optional() }),
        response: { 200: z.object({ items: z.array(runSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      requirePermission(request, 'analytics:read');
      return { items: await listBestCustomerRuns(app.db, request.query.series) };
    },
  );

  app.get(
    `${base}/runs/:runId`,
    {
      schema: {
        tags,
        summary: 'One fit of the buyer-profile model',
        params: runParams,
        response: { 200: runSchema, ...commonErrors },
      },
    },
    async (request) => {
      requirePermission(request, 'analytics:read');
      return getBestCustomerRun(app.db, request.params.runId);
    },
  );

  app.post(
    `${base}/runs`,
    {
      schema: {
        tags,
        summary:
          'Learn the profile of the series’ recent buyers (naive Bayes) and test it on a time-based holdout of known buyers',
        body: z.strictObject({
          series: z.string().trim().min(1).max(100),
          asOf: isoDate.optional().describe('default today'),
          windowMonths: z.number().int().min(1).max(60).optional().describe('default 12'),
        }),
        response: { 201: runSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'models:manage');
      return reply.status(201).send(await fitBestCustomerModel(app.db, actor, request.body));
    },
  );

  app.get(
    `${base}/runs/:runId/customers`,
    {
      schema: {
        tags,
        summary:
          'Your customers (your data scope only) scored by likeness to the buyers and readiness to buy; owners of the series left out',
        params: runParams,
        querystring: z.strictObject({
          order: z.enum(['priority', 'likeness']).default('priority'),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            run: runSchema,
            total: z.number(),
            items: z.array(
              z.object({ customerId: z.string(), displayName: z.string(), ...scoreFields }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'analytics:read');
      return scoreCustomers(app.db, actor, request.params.runId, request.query);
    },
  );

  app.post(
    `${base}/runs/:runId/list`,
    {
      // a list of twenty thousand people as CSV is a few megabytes
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Score an imported list of people (JSON rows or CSV text) by likeness and readiness; bad rows are reported by line and field, nothing is stored',
        params: runParams,
        body: z
          .strictObject({
            rows: z.array(z.record(z.string(), z.unknown())).max(maxListRows).optional(),
            csv: z
              .string()
              .max(16 * 1024 * 1024)
              .optional(),
          })
          .refine((body) => (body.rows === undefined) !== (body.csv === undefined), {
            message: 'give either rows or csv',
            path: ['rows'],
          }),
        response: {
          200: z.object({
            accepted: z.number(),
            rejected: z.array(
              z.object({ line: z.number(), field: z.string(), message: z.string() }),
            ),
            items: z.array(
              z.object({
                line: z.number(),
                externalId: z.string().nullable(),
                name: z.string().nullable(),
                phone: z.string().nullable(),
                email: z.string().nullable(),
                ...scoreFields,
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requirePermission(request, 'analytics:read');
      return scoreList(app.db, request.params.runId, request.body);
    },
  );

  registerBestCustomerExportRoutes(app);
}
