import crypto from 'node:crypto';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.ts';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, listOf, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { consentPurposes } from '../customers/index.ts';
import { recordBounceEvents } from './bounces.service.ts';
import { listMessages } from './outbox.service.ts';
import { messageChannels, messageStatuses } from './schema.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

const messageSchema = z
  .object({
    id: z.string(),
    channel: z.enum(messageChannels),
    purpose: z.enum(consentPurposes),
    recipient: z.string(),
    subject: z.string().nullable(),
    status: z.enum(messageStatuses),
    reason: z.string().nullable().describe('why it is blocked, failed or still waiting'),
    attempts: z.number().int(),
    attachments: z.array(z.string()),
    providerMessageId: z.string().nullable(),
    source: z.object({ kind: z.string(), id: z.string() }).nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessage' });

const bounceEvent = z.strictObject({
  messageId: z
    .string()
    .max(500)
    .optional()
    .describe('our outbox id or Message-ID, or the provider’s id'),
  recipient: z.string().trim().min(3).max(320),
  type: z.enum(['hard', 'soft']),
  status: z.string().max(20).optional().describe('enhanced status code, e.g. 5.1.1'),
  diagnostic: z.string().max(2000).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** The shared secret of the bounce webhook, compared in constant time. */
function webhookSecretMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function registerMessagingRoutes(app: App): void {
  registerCustomerMover(customerMover);
  app.post(
    '/hooks/bounces',
    {
      schema: {
        tags: ['messaging'],
        summary:
          'Bounce webhook for an e-mail/SMS provider (header X-Webhook-Secret = BOUNCE_WEBHOOK_SECRET); a hard bounce stops marketing to the address',
        headers: z.object({ 'x-webhook-secret': z.string().max(500).optional() }),
        body: z.strictObject({ events: z.array(bounceEvent).min(1).max(1000) }),
        response: {
          200: z.object({
            recorded: z.number().int(),
            hard: z.number().int(),
            unmatched: z.number().int(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const secret = process.env.BOUNCE_WEBHOOK_SECRET;
      // without a configured secret the hook does not exist
      if (!secret) throw new NotFoundError('Route');
      if (!webhookSecretMatches(request.headers['x-webhook-secret'], secret)) {
        return reply.status(401).send({ error: { code: 'unauthorized', message: 'Wrong secret' } });
      }
      return recordBounceEvents(app.db, request.body.events);
    },
  );

  app.get(
    '/api/messages',
    {
      schema: {
        tags: ['messaging'],
        summary: 'Messages to a customer (or about one record) from the outbox, newest first',
        querystring: z.strictObject({
          customerId: z.uuid().optional(),
          sourceId: z.uuid().optional().describe('e.g. a test-drive booking id'),
          ...pageQuery,
        }),
        response: { 200: listOf(messageSchema), ...commonErrors },
      },
    },
    async (request) =>
      listMessages(app.db, requirePermission(request, 'customers:read'), request.query),
  );
}
