import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams, isoDateTime } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { goalSchema, journeyBody, stepSchema, triggerSchema } from './journey.schemas.ts';
import {
  createJourney,
  getJourney,
  listJourneys,
  requireJourneys,
  setJourneyEnabled,
  updateJourney,
  type JourneyDetail,
  type JourneySummary,
} from './journeys.service.ts';
import { enrollmentStatuses, journeyPeople } from './people.ts';
import { readyMadeJourneys } from './ready-made.ts';
import { winnerRules } from './schema.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';
import { registerJourneyTrackingRoutes } from './tracking.ts';

const tags = ['journeys'];

const totalsSchema = z.object({
  entered: z.number().int(),
  active: z.number().int(),
  completed: z.number().int(),
  exited: z.number().int(),
  converted: z.number().int(),
});

const journeyFields = {
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  ownerLevel: z.enum(['group', 'brand', 'dealer']),
  brandId: z.string().nullable(),
  dealerId: z.string().nullable(),
  templateKey: z.string().nullable(),
  trigger: triggerSchema,
  reentry: z.enum(['once', 'every']),
  reentryDays: z.number().int().nullable(),
  goal: goalSchema.nullable(),
  defaultLanguage: z.enum(['en', 'ru', 'zh']),
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  totals: totalsSchema,
};

const summarySchema = z.object(journeyFields).meta({ id: 'JourneySummary' });
const branchStatsSchema = z.object({
  key: z.string(),
  entered: z.number().int(),
  converted: z.number().int(),
});
const branchResultSchema = branchStatsSchema.extend({
  rate: z.number(),
  leading: z.boolean(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
  sequentialPValue: z.number().nullable(),
  decisive: z.boolean(),
});
/** a winner recorded before migration 0247 has no always-valid figures */
const recordedResultSchema = branchResultSchema.partial({
  sequentialPValue: true,
  decisive: true,
});
const splitTestSchema = z.object({
  confidence: z.number().int(),
  autoWinner: z.object({ minPeople: z.number().int() }).nullable(),
  branches: z.array(branchResultSchema),
  winner: z
    .object({
      key: z.string(),
      decidedAt: z.string(),
      confidence: z.number().int(),
      minPeople: z.number().int(),
      rule: z.enum(winnerRules),
      branches: z.array(recordedResultSchema),
    })
    .nullable(),
});
const stepStatsSchema = z.object({
  stepId: z.string(),
  reached: z.number().int(),
  waiting: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  blocked: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  awarded: z.number().int(),
  skipped: z.number().int(),
  yes: z.number().int(),
  no: z.number().int(),
  converted: z.number().int(),
  /** split steps: per branch (in the step's order, by key) who went down it and who converted */
  branches: z.array(branchStatsSchema),
  /** split steps: the same for branches people took that an edit has since removed */
  formerBranches: z.array(branchStatsSchema),
  /** split steps: each branch tested against the leader, and the automatic switch's winner */
  splitTest: splitTestSchema.nullable(),
});
const detailSchema = z
  .object({
    ...journeyFields,
    definition: z.object({ start: z.string(), steps: z.array(stepSchema) }),
    steps: z.array(stepStatsSchema),
  })
  .meta({ id: 'Journey' });

const personSchema = z
  .object({
    enrollmentId: z.string(),
    customerId: z.string(),
    displayName: z.string(),
    dealerCode: z.string().nullable(),
    status: z.enum(enrollmentStatuses),
    stepId: z.string().nullable(),
    waiting: z.boolean(),
    wakeAt: z.string().nullable(),
    exitReason: z.string().nullable(),
    enteredAt: z.string(),
    finishedAt: z.string().nullable(),
    lastStep: z.object({ stepId: z.string(), outcome: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'JourneyPerson' });

const templateSchema = z.object({ key: z.string(), body: journeyBody });

const dates = <T extends JourneySummary>(journey: T) => ({
  ...journey,
  enabledAt: journey.enabledAt?.toISOString() ?? null,
  createdAt: journey.createdAt.toISOString(),
  updatedAt: journey.updatedAt.toISOString(),
});
const detail = (journey: JourneyDetail) => dates(journey);

export function registerJourneyRoutes(app: App): void {
  registerCustomerMover(customerMover);
  registerJourneyTrackingRoutes(app);
  app.get(
    '/api/journeys',
    {
      schema: {
        tags,
        summary: 'Journeys of my dealer, brand or group, with their totals',
        response: { 200: z.object({ items: z.array(summarySchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listJourneys(app.db, requireActor(request))).map((journey) => {
        const { definition: _definition, ...rest } = dates(journey);
        return rest;
      }),
    }),
  );

  app.get(
    '/api/journeys/ready-made',
    {
      schema: {
        tags,
        summary: 'The ready-made journeys (seed 004), to start a journey of my own from',
        response: { 200: z.object({ items: z.array(templateSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      requireJourneys(requireActor(request));
      return { items: readyMadeJourneys() };
    },
  );

  app.post(
    '/api/journeys',
    {
      schema: {
        tags,
        summary: 'Create a journey (disabled): trigger, steps, re-entry rule, goal',
        body: journeyBody,
        response: { 201: detailSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(detail(await createJourney(app.db, requireActor(request), request.body))),
  );

  app.get(
    '/api/journeys/:id',
    {
      schema: {
        tags,
        summary: 'A journey with its steps and the counts of each step',
        params: idParams,
        response: { 200: detailSchema, ...commonErrors },
      },
    },
    async (request) => detail(await getJourney(app.db, requireActor(request), request.params.id)),
  );

  app.patch(
    '/api/journeys/:id',
    {
      schema: {
        tags,
        summary: 'Replace a journey’s settings and steps',
        params: idParams,
        body: journeyBody,
        response: { 200: detailSchema, ...commonErrors },
      },
    },
    async (request) =>
      detail(await updateJourney(app.db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/journeys/:id/people',
    {
      schema: {
        tags,
        summary:
          'The people in a journey, newest entry first: where each stands or how his run ended. ' +
          'For the next page pass the enteredAt and enrollmentId of the last row you have',
        params: idParams,
        querystring: z
          .strictObject({
            status: z.enum(enrollmentStatuses).optional(),
            stepId: z.string().min(1).max(100).optional(),
            afterEnteredAt: isoDateTime.optional(),
            afterId: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .refine((q) => !q.afterEnteredAt === !q.afterId, {
            path: ['afterId'],
            message: 'afterEnteredAt and afterId go together',
          }),
        response: {
          200: z.object({
            items: z.array(personSchema),
            /** on the first page only (null on the next ones) */
            total: z.number().int().nullable(),
            totalCapped: z.boolean(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const { status, stepId, afterEnteredAt, afterId, limit } = request.query;
      const people = await journeyPeople(app.db, requireActor(request), request.params.id, {
        status,
        stepId,
        after:
          afterEnteredAt && afterId
            ? { enteredAt: new Date(afterEnteredAt), id: afterId }
            : undefined,
        limit,
      });
      return {
        ...people,
        items: people.items.map((person) => ({
          ...person,
          wakeAt: person.wakeAt?.toISOString() ?? null,
          enteredAt: person.enteredAt.toISOString(),
          finishedAt: person.finishedAt?.toISOString() ?? null,
          lastStep: person.lastStep && { ...person.lastStep, at: person.lastStep.at.toISOString() },
        })),
      };
    },
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/api/journeys/:id/${action}`,
      {
        schema: {
          tags,
          summary: enabled
            ? 'Enable: people start entering from now on'
            : 'Disable: nobody enters or moves until enabled again',
          params: idParams,
          response: { 200: detailSchema, ...commonErrors },
        },
      },
      async (request) =>
        detail(await setJourneyEnabled(app.db, requireActor(request), request.params.id, enabled)),
    );
  }
}
