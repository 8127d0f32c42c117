import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { languages } from '../customers/index.ts';
import { eventCare, saveEventCare } from './event-care-settings.ts';
import { eventTextsBody, eventTextsSchema } from './event-texts.schemas.ts';
import { eventTexts, saveEventTexts } from './event-texts.service.ts';
import { recordWalkIn, type WalkInInput } from './walk-ins.service.ts';

const tags = ['marketing'];

const sentCounts = z.object({ queued: z.number().int(), blocked: z.number().int() });
const careSchema = z.object({
  reminderHoursBefore: z.number().int().nullable(),
  morningReminder: z.boolean(),
  feedback: z.boolean(),
  reminders: sentCounts,
  morningReminders: sentCounts,
  feedbackRequests: sentCounts,
  rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || null);

// "a phone or an e-mail" is the service's rule, with a code the web app can translate
const newCustomer = z.strictObject({
  firstName: z.string().trim().min(1).max(200),
  lastName: optionalText(200),
  phone: optionalText(40),
  email: optionalText(254),
  preferredLanguage: z
    .enum(languages)
    .nullish()
    .transform((value) => value ?? null),
  /** the person agrees at the door to be asked for feedback (consent purpose surveys) */
  surveyConsent: z.boolean().default(false),
});

const walkInBody = z
  .strictObject({ customerId: z.uuid().optional(), newCustomer: newCustomer.optional() })
  .superRefine((body, ctx) => {
    if (!body.customerId === !body.newCustomer) {
      ctx.addIssue({
        code: 'custom',
        path: ['customerId'],
        message: 'give an existing customer or a new one (one of them)',
      });
    }
  })
  .transform((body): WalkInInput =>
    body.customerId ? { customerId: body.customerId } : { newCustomer: body.newCustomer! },
  );

/** Staff side of event care: reminder and feedback settings with their counts, walk-ins. */
export function registerEventCareRoutes(app: App): void {
  app.get(
    '/api/campaigns/:id/event-care',
    {
      schema: {
        tags,
        summary: 'An event’s reminder and feedback settings, messages written, average rating',
        params: idParams,
        response: { 200: careSchema, ...commonErrors },
      },
    },
    async (request) => eventCare(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/campaigns/:id/event-care',
    {
      schema: {
        tags,
        summary: 'Set when the event’s reminders go and whether attendees are asked for feedback',
        params: idParams,
        body: z.strictObject({
          reminderHoursBefore: z.number().int().min(1).max(720).nullable(),
          morningReminder: z.boolean(),
          feedback: z.boolean(),
        }),
        response: { 200: careSchema, ...commonErrors },
      },
    },
    async (request) =>
      saveEventCare(app.db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/campaigns/:id/event-texts',
    {
      schema: {
        tags,
        summary: 'An event’s reminder and feedback texts: built-in and the campaign’s own',
        params: idParams,
        response: { 200: eventTextsSchema, ...commonErrors },
      },
    },
    async (request) => eventTexts(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/campaigns/:id/event-texts',
    {
      schema: {
        tags,
        summary: 'Set the event’s own reminder and feedback texts (the rest stay built-in)',
        params: idParams,
        body: eventTextsBody,
        response: { 200: eventTextsSchema, ...commonErrors },
      },
    },
    async (request) =>
      saveEventTexts(app.db, requireActor(request), request.params.id, request.body.texts),
  );

  app.post(
    '/api/campaigns/:id/walk-ins',
    {
      schema: {
        tags,
        summary: 'Mark someone who came without registering: an existing customer or a new one',
        params: idParams,
        body: walkInBody,
        response: {
          201: z.object({
            customerId: z.string(),
            walkIn: z.boolean(),
            created: z.boolean(),
            overCapacity: z.number().int(),
            possibleDuplicates: z.array(
              z.object({
                id: z.string(),
                displayName: z.string(),
                probability: z.number(),
                matchedOn: z.array(z.string()),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const result = await recordWalkIn(
        app.db,
        requireActor(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(result);
    },
  );
}
