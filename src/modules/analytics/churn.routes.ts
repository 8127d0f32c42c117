import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate, isoDateTime, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { ForbiddenError, ValidationError } from '../../lib/errors.ts';
import { can } from '../../auth/index.ts';
import { evaluateChurnClassifier } from './churn/churn-classifier.ts';
import { createRetentionTasks } from './churn/retention-tasks.ts';
import { refitServiceChurnModel } from './churn/service-churn-refit.ts';
import {
  listModelRuns,
  ownerServiceScore,
  retentionWorklist,
  worklistSorts,
} from './churn/retention-worklist.ts';
import { rfmSegments } from './schema.ts';
import type { FastifyRequest } from 'fastify';

const tags = ['analytics'];

const reasonSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
const rfmSchema = z.object({
  r: z.number(),
  f: z.number(),
  m: z.number(),
  segment: z.enum(rfmSegments),
});
const lifetimeSchema = z
  .object({ annualRate: z.number(), horizonYears: z.number() })
  .nullable()
  .describe('how the lifetime values were discounted; null for a run from before they existed');
const runSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  asOf: z.string(),
  params: z.unknown(),
  logLikelihood: z.number().nullable(),
  customers: z.number(),
  repeatCustomers: z.number(),
  quality: z.unknown(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** The worklist is for those who act on it (call centre, service) and those who analyse. */
function requireRetentionReader(request: FastifyRequest) {
  const actor = requireActor(request);
  if (!can(actor, 'retention:read') && !can(actor, 'analytics:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not see the retention worklist`);
  }
  return actor;
}

export function registerChurnRoutes(app: App): void {
  app.get(
    '/api/analytics/retention-worklist',
    {
      schema: {
        tags,
        summary:
          'Owners of high service value who are probably drifting away, most revenue at risk first, with the reasons',
        querystring: z.strictObject({
          dealerCode: z.string().trim().max(16).optional(),
          segment: z.enum(rfmSegments).optional(),
          maxPActive: z.coerce.number().gt(0).max(1).optional(),
          sort: z
            .enum(worklistSorts)
            .optional()
            .describe('revenueAtRisk (default) or lifetimeValue'),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            run: z
              .object({
                id: z.string(),
                asOf: z.string(),
                finishedAt: z.string().nullable(),
                lifetime: lifetimeSchema,
              })
              .nullable(),
            total: z.number(),
            items: z.array(
              z.object({
                customerId: z.string(),
                displayName: z.string(),
                lastDealerId: z.string().nullable(),
                lastDealerName: z.string().nullable(),
                firstVisitDate: z.string(),
                lastVisitDate: z.string(),
                visits: z.number(),
                pActive: z.number(),
                expectedVisits12m: z.number(),
                meanVisitMinor: z.number(),
                valueIfActive12mMinor: z.number().nullable(),
                revenueAtRiskMinor: z.number().nullable(),
                discountedVisits: z.number().nullable(),
                lifetimeValueMinor: z.number().nullable(),
                currency: z.string(),
                rfm: rfmSchema,
                reasons: z.array(reasonSchema),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const actor = requireRetentionReader(request);
      const { dealerCode, ...rest } = request.query;
      let dealerId: string | undefined;
      if (dealerCode) {
        const dealer = await app.db
          .selectFrom('dealers')
          .select('id')
          .where('code', '=', dealerCode)
          .executeTakeFirst();
        if (!dealer) {
          throw new ValidationError([{ path: 'dealerCode', message: 'no dealer with this code' }]);
        }
        dealerId = dealer.id;
      }
      return retentionWorklist(app.db, actor, { ...rest, dealerId });
    },
  );

  app.get(
    '/api/analytics/service-scores/:customerId',
    {
      schema: {
        tags,
        summary:
          'An owner’s current churn score, expected visits, 12-month value and discounted lifetime value',
        params: z.strictObject({ customerId: z.uuid() }),
        response: {
          200: z.object({
            customerId: z.string(),
            asOf: z.string(),
            lastVisitDate: z.string(),
            visits: z.number(),
            pActive: z.number(),
            expectedVisits12m: z.number(),
            meanVisitMinor: z.number(),
            value12mMinor: z.number().nullable(),
            revenueAtRiskMinor: z.number().nullable(),
            discountedVisits: z.number().nullable(),
            lifetimeValueMinor: z.number().nullable(),
            lifetime: lifetimeSchema,
            currency: z.string(),
            rfm: rfmSchema,
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      ownerServiceScore(app.db, requireRetentionReader(request), request.params.customerId),
  );

  app.get(
    '/api/analytics/models/service-churn/runs',
    {
      schema: {
        tags,
        summary: 'The churn model’s refits, newest first: parameters, log-likelihood and quality',
        response: { 200: z.object({ items: z.array(runSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      requireRetentionReader(request);
      return { items: await listModelRuns(app.db) };
    },
  );

  app.post(
    '/api/analytics/models/service-churn/runs',
    {
      schema: {
        tags,
        summary:
          'Refit the churn model on every owner’s service visits up to a day (default today)',
        body: z.strictObject({ asOf: isoDate.optional() }),
        response: {
          201: z.object({
            runId: z.string(),
            status: z.enum(['succeeded', 'failed']),
            customers: z.number(),
            errorCode: z.string().optional(),
            errorMessage: z.string().optional(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'models:manage');
      return reply.status(201).send(await refitServiceChurnModel(app.db, actor, request.body.asOf));
    },
  );

  app.get(
    '/api/analytics/models/churn-classifier/runs',
    {
      schema: {
        tags,
        summary:
          'Evaluations of the supervised churn classifier against BG/NBD: AUC, Brier score, calibration',
        response: { 200: z.object({ items: z.array(runSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      requirePermission(request, 'analytics:read');
      return { items: await listModelRuns(app.db, 'service_churn_classifier') };
    },
  );

  app.post(
    '/api/analytics/models/churn-classifier/runs',
    {
      schema: {
        tags,
        summary:
          'Train the churn classifier with a time split (cutoffs 24 and 12 months before asOf) and compare it with BG/NBD on the holdout',
        body: z.strictObject({ asOf: isoDate.optional() }),
        response: {
          201: z.looseObject({ runId: z.string(), status: z.string() }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'models:manage');
      return reply
        .status(201)
        .send(await evaluateChurnClassifier(app.db, actor, request.body.asOf));
    },
  );

  app.post(
    '/api/analytics/retention-worklist/tasks',
    {
      schema: {
        tags,
        summary:
          'Turn owners of the worklist into retention call tasks (in the assignee’s language); owners with an open one are skipped',
        body: z.strictObject({
          customerIds: z.array(z.uuid()).min(1).max(200),
          assigneeUserId: z.uuid().optional().describe('yourself when absent'),
          dueAt: isoDateTime,
        }),
        response: {
          201: z.object({ created: z.array(z.string()), skipped: z.array(z.string()) }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requireRetentionReader(request);
      return reply.status(201).send(await createRetentionTasks(app.db, actor, request.body));
    },
  );
}
