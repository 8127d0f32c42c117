import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, listOf, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { consentPurposes } from '../customers/index.ts';
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

export function registerMessagingRoutes(app: App): void {
  registerCustomerMover(customerMover);
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
