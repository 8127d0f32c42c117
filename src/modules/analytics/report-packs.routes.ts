import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { previewMyPack } from './report-packs/pack-preview.ts';
import {
  dealerRecipients,
  mySubscription,
  setMySubscription,
} from './report-packs/subscriptions.service.ts';
import { reportMailStatuses } from './schema.ts';

const mailSummary = z.object({
  weekStart: z.string(),
  status: z.enum(reportMailStatuses),
  attempts: z.number(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

const subscriptionSchema = z.object({
  enabled: z.boolean(),
  byDefault: z.boolean(),
  scope: z.object({
    kind: z.enum(['dealer', 'region', 'brand', 'group']),
    code: z.string().nullable(),
  }),
  timeZone: z.string(),
  dueWeek: z.string(),
  recent: z.array(mailSummary),
});

/** The weekly dealer pack: my subscription, my preview, and a dealer's recipients. */
export function registerReportPackRoutes(app: App): void {
  app.get(
    '/api/analytics/report-subscriptions/me',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Whether I receive the weekly pack by e-mail, and my last packs',
        response: { 200: subscriptionSchema, ...commonErrors },
      },
    },
    async (request) => mySubscription(app.db, requirePermission(request, 'analytics:read')),
  );

  app.put(
    '/api/analytics/report-subscriptions/me',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Switch my weekly pack on or off',
        body: z.strictObject({ enabled: z.boolean() }),
        response: { 200: subscriptionSchema, ...commonErrors },
      },
    },
    async (request) =>
      setMySubscription(app.db, requirePermission(request, 'analytics:read'), request.body.enabled),
  );

  app.get(
    '/api/analytics/report-subscriptions',
    {
      schema: {
        tags: ['analytics'],
        summary:
          "Who receives a dealer's weekly pack, with the last one sent (group admin, dealer manager)",
        querystring: z.strictObject({
          dealerCode: z.string().trim().min(1).max(16).optional(),
        }),
        response: {
          200: z.object({
            dealerCode: z.string(),
            recipients: z.array(
              z.object({
                userId: z.string(),
                displayName: z.string(),
                email: z.string(),
                role: z.string(),
                enabled: z.boolean(),
                byDefault: z.boolean(),
                last: mailSummary.nullable(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      dealerRecipients(
        app.db,
        requirePermission(request, 'analytics:read'),
        request.query.dealerCode,
      ),
  );

  app.post(
    '/api/analytics/report-packs/preview',
    {
      schema: {
        tags: ['analytics'],
        summary: 'My weekly pack as the HTML it is mailed as (default: the week due now)',
        body: z.strictObject({
          week: isoDate.optional().describe('any day of the week to show'),
        }),
        response: {
          200: z.object({ weekStart: z.string(), subject: z.string(), html: z.string() }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      previewMyPack(app.db, requirePermission(request, 'analytics:read'), request.body.week),
  );
}
