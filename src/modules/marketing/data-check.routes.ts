import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { dataCheckAnswers } from './data-check.schema.ts';
import {
  maxBulkDataChecks,
  requestDataChecks,
  segmentDataCheckTargets,
} from './data-check-bulk.ts';
import { listDataChecks, requestDataCheck } from './data-check.service.ts';

const dataCheckSchema = z
  .object({
    id: z.string(),
    requestedAt: z.string(),
    requestedBy: z.string().nullable().describe('the name of the user who asked'),
    expiresAt: z.string(),
    answeredAt: z.string().nullable(),
    answer: z.enum(dataCheckAnswers).nullable(),
    answerNote: z.string().nullable().describe('what the customer wrote was wrong'),
    messageId: z.string().nullable().describe('the letter in the outbox'),
    supersededBy: z
      .string()
      .nullable()
      .describe('the newer request that replaced this one unanswered: its link answers nothing'),
  })
  .meta({ id: 'DataCheck' });

/** "Please confirm your data" e-mails of the customer page's Data verification card. */
export function registerDataCheckRoutes(app: App): void {
  app.post(
    '/api/customers/:id/data-check',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Ask the customer to confirm his contact data by e-mail (a signed link; 409 without e-mail or consent)',
        params: idParams,
        body: z.strictObject({}).optional(),
        response: { 201: dataCheckSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:write');
      return reply.status(201).send(await requestDataCheck(app.db, actor, request.params.id));
    },
  );

  app.get(
    '/api/customers/:id/data-checks',
    {
      schema: {
        tags: ['customers'],
        summary: 'The customer’s "please confirm your data" requests and answers, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(dataCheckSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await listDataChecks(app.db, actor, request.params.id) };
    },
  );

  app.post(
    '/api/data-checks',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Ask a list of customers, or a saved segment’s members with consent, to confirm their data by e-mail; the answer says per customer',
        body: z
          .strictObject({
            customerIds: z.array(z.uuid()).min(1).max(maxBulkDataChecks).optional(),
            segmentId: z
              .uuid()
              .optional()
              .describe('its members in your scope who agreed to service e-mails (at most 100)'),
          })
          .refine((body) => !body.customerIds !== !body.segmentId, {
            path: ['customerIds'],
            message: 'give customerIds or a segmentId (one of them)',
          }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                customerId: z.string(),
                status: z.enum(['queued', 'refused', 'not_found']),
                reason: z.string().nullable(),
                requestId: z.string().nullable(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'customers:write');
      const { customerIds, segmentId } = request.body;
      const targets = customerIds ?? (await segmentDataCheckTargets(app.db, actor, segmentId!));
      return { items: await requestDataChecks(app.db, actor, targets) };
    },
  );
}
