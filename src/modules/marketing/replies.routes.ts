import crypto from 'node:crypto';
import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams, isoDateTime } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { campaignReplies } from './replies.service.ts';
import { replyKinds } from './replies.schema.ts';
import { receiveSms } from './sms-inbound.service.ts';

const tags = ['marketing'];

const repliesSchema = z.object({
  variants: z.array(
    z.object({
      variant: z.string(),
      recipients: z.number().int(),
      replied: z.number().int(),
      replyRate: z.number(),
      autoReplies: z.number().int(),
      stops: z.number().int(),
    }),
  ),
  items: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      displayName: z.string(),
      channel: z.enum(['email', 'sms']),
      kind: z.enum(replyKinds),
      variant: z.string().nullable(),
      receivedAt: z.string(),
      subject: z.string().nullable(),
      excerpt: z.string(),
      taskId: z.string().nullable(),
    }),
  ),
});

function secretMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** A campaign's replies for its page, and the SMS gateway's inbound hook. */
export function registerReplyRoutes(app: App): void {
  app.get(
    '/api/campaigns/:id/replies',
    {
      schema: {
        tags,
        summary:
          'A campaign’s replies: per variant who answered (and auto-replies, STOPs); the answers of customers in your scope',
        params: idParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: repliesSchema, ...commonErrors },
      },
    },
    async (request) =>
      campaignReplies(app.db, requireActor(request), request.params.id, request.query.limit),
  );

  app.post(
    '/api/sms/inbound',
    {
      schema: {
        tags,
        summary:
          'Inbound SMS from the SMS gateway (header X-Webhook-Secret = SMS_INBOUND_SECRET): an answer to the last SMS sent to the number within 30 days; STOP withdraws SMS consent',
        headers: z.object({ 'x-webhook-secret': z.string().max(500).optional() }),
        body: z.strictObject({
          from: z.string().trim().min(3).max(40).describe('the sender’s number'),
          text: z.string().max(2000),
          receivedAt: isoDateTime.optional().describe('now when absent'),
          id: z.string().trim().min(1).max(200).optional().describe('the gateway’s message id'),
        }),
        response: {
          200: z.object({
            matched: z.boolean(),
            kind: z.enum(replyKinds),
            replyId: z.string().nullable(),
            duplicate: z.boolean(),
            withdrawn: z.number().int(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const secret = process.env.SMS_INBOUND_SECRET;
      // without a configured secret the hook does not exist (as the bounce hook)
      if (!secret) throw new NotFoundError('Route');
      if (!secretMatches(request.headers['x-webhook-secret'], secret)) {
        return reply.status(401).send({ error: { code: 'unauthorized', message: 'Wrong secret' } });
      }
      return receiveSms(app.db, request.body, app.settings.defaultCountry);
    },
  );
}
