import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams, isoDateTime } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { contactChannels } from '../customers/index.ts';
import {
  campaignBody,
  campaignSchema,
  campaignSummarySchema,
  previewBody,
  previewSchema,
  sendReportSchema,
} from './campaign.schemas.ts';
import {
  campaignReport,
  createCampaign,
  finishAbTestAs,
  listCampaigns,
  previewMessage,
  sendCampaign,
  updateCampaign,
} from './campaigns.service.ts';
import {
  addSuppression,
  liftSuppression,
  listContactRules,
  listSuppressions,
  saveContactRule,
} from './contact-rules.service.ts';
import { directMailCsv, directMailLetters } from './direct-mail.ts';
import { suppressionReasons } from './schema.ts';

const tags = ['marketing'];

/** an A/B letter campaign's print runs: the test's letters, then the winner's for the rest */
const mailPhaseQuery = z.strictObject({
  phase: z
    .enum(['test', 'rest'])
    .optional()
    .describe('test: the A/B test’s letters; rest: the winner’s for everyone else; none: all'),
});

const ruleSchema = z
  .strictObject({
    channel: z.enum(['email', 'sms']),
    maxMessages: z.number().int().min(1).max(1000),
    periodDays: z.number().int().min(1).max(365),
    quietStart: z.number().int().min(0).max(23),
    quietEnd: z.number().int().min(0).max(23),
  })
  .meta({ id: 'ContactRule' });

const suppressionSchema = z.object({
  id: z.string(),
  channel: z.string().nullable(),
  reason: z.enum(suppressionReasons),
  note: z.string().nullable(),
  createdAt: z.string(),
  liftedAt: z.string().nullable(),
});

/**
 * Runs a generator up to its first part, so that its checks (not found, not allowed) answer
 * as errors before the response starts streaming; the first part is put back in front.
 */
async function started(parts: AsyncGenerator<string>): Promise<AsyncGenerator<string>> {
  const first = await parts.next();
  return (async function* () {
    if (!first.done) yield first.value;
    yield* parts;
  })();
}

export function registerCampaignRoutes(app: App): void {
  app.get(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns of my dealer, brand or group, newest first',
        response: { 200: z.object({ items: z.array(campaignSummarySchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listCampaigns(app.db, requireActor(request)) }),
  );

  app.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Create an e-mail campaign: owner, goal, budget, audience, variants (A/B)',
        body: campaignBody,
        response: { 201: campaignSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(app.db, requireActor(request), request.body)),
  );

  app.get(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'A campaign with its results per variant',
        params: idParams,
        response: { 200: campaignSchema, ...commonErrors },
      },
    },
    async (request) => campaignReport(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary:
          'Change a campaign that has not started sending (the whole body again); a future scheduledAt schedules it, none keeps a draft',
        params: idParams,
        body: campaignBody,
        response: { 200: campaignSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateCampaign(app.db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/campaigns/:id/send',
    {
      schema: {
        tags,
        summary:
          'Send now (or at a later time): every message goes to the outbox once; with variants the test share gets them first',
        params: idParams,
        body: z.strictObject({ at: isoDateTime.nullish() }),
        response: { 200: sendReportSchema, ...commonErrors },
      },
    },
    async (request) =>
      sendCampaign(app.db, requireActor(request), request.params.id, request.body.at),
  );

  app.get(
    '/api/campaigns/:id/direct-mail.csv',
    {
      schema: {
        tags,
        summary:
          'Direct mail: the print run’s addresses as CSV (people with postal consent, in my scope)',
        params: idParams,
        querystring: mailPhaseQuery,
      },
    },
    async (request, reply) => {
      const lines = await started(
        directMailCsv(app.db, requireActor(request), request.params.id, request.query.phase),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="direct-mail-${request.params.id}.csv"`,
        )
        .send(Readable.from(lines));
    },
  );

  app.get(
    '/api/campaigns/:id/direct-mail/letters',
    {
      schema: {
        tags,
        summary: 'Direct mail: one personalised letter per person, as a print-ready HTML page (A4)',
        params: idParams,
        querystring: mailPhaseQuery,
      },
    },
    async (request, reply) => {
      const parts = await started(
        directMailLetters(app.db, requireActor(request), request.params.id, request.query.phase),
      );
      return reply.type('text/html; charset=utf-8').send(Readable.from(parts));
    },
  );

  app.post(
    '/api/campaigns/:id/ab-winner',
    {
      schema: {
        tags,
        summary: 'End the A/B test now: choose the winner by the metric and send it to the rest',
        params: idParams,
        response: { 200: sendReportSchema, ...commonErrors },
      },
    },
    async (request) => finishAbTestAs(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/campaigns/preview',
    {
      schema: {
        tags,
        summary: 'Render a template or a campaign variant for a real customer I may see',
        body: previewBody,
        response: { 200: previewSchema, ...commonErrors },
      },
    },
    async (request) => previewMessage(app.db, requireActor(request), request.body),
  );

  app.get(
    '/api/marketing/contact-rules',
    {
      schema: {
        tags,
        summary: 'Frequency caps and quiet hours per channel',
        response: { 200: z.object({ items: z.array(ruleSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listContactRules(app.db, requireActor(request)) }),
  );

  app.put(
    '/api/marketing/contact-rules',
    {
      schema: {
        tags,
        summary: 'Set a channel’s frequency cap and quiet hours (group level)',
        body: ruleSchema,
        response: { 200: ruleSchema, ...commonErrors },
      },
    },
    async (request) => saveContactRule(app.db, requireActor(request), request.body),
  );

  app.get(
    '/api/customers/:id/do-not-contact',
    {
      schema: {
        tags,
        summary: 'A customer’s do-not-contact records, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(suppressionSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listSuppressions(app.db, requireActor(request), request.params.id),
    }),
  );

  app.post(
    '/api/customers/:id/do-not-contact',
    {
      schema: {
        tags,
        summary: 'Record that a customer must not get marketing (on one channel or all)',
        params: idParams,
        body: z.strictObject({
          channel: z.enum(contactChannels).nullable().default(null),
          reason: z.enum(suppressionReasons),
          note: z.string().trim().max(1000).nullish(),
        }),
        response: { 201: suppressionSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addSuppression(app.db, requireActor(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/customers/:id/do-not-contact/:recordId',
    {
      schema: {
        tags,
        summary: 'Lift a do-not-contact record',
        params: z.strictObject({ id: z.uuid(), recordId: z.uuid() }),
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await liftSuppression(
        app.db,
        requireActor(request),
        request.params.id,
        request.params.recordId,
      );
      return reply.status(204).send(null);
    },
  );
}
