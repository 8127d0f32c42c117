import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams, isoDateTime, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  contactChannels,
  customerCategories,
  customerKinds,
  genders,
  languages,
  lifecycleStages,
} from '../customers/index.ts';
import { getCustomer360, getTimeline, timelinePage } from './customer-360.ts';
import { exportCustomersCsv } from './customer-export.ts';
import {
  customerSorts,
  exactCountLimit,
  listCustomers,
  searchExactCountLimit,
} from './customer-list.ts';
import { getVehiclePage, searchVehicles } from './vehicle-page.ts';
import { customer360Schema, timelineEntrySchema, vehiclePageSchema } from './view.schemas.ts';
import { survivorOf } from '../quality/merge/tombstones.ts';

const filters = {
  search: z
    .string()
    .max(200)
    .optional()
    .describe('name in any script, phone in any format, e-mail, VIN or plate'),
  kind: z.enum(customerKinds).optional(),
  stage: z.enum(lifecycleStages).optional(),
  dealerCode: z.string().trim().max(16).optional(),
  assigned: z.enum(['me', 'nobody']).optional(),
  category: z.enum(customerCategories).optional(),
  interest: z.string().trim().max(60).optional(),
  gender: z.enum(genders).optional(),
  language: z.enum(languages).optional(),
  consent: z
    .enum(contactChannels)
    .optional()
    .describe('only customers with marketing consent on this channel'),
};

const person = z.object({ id: z.string(), name: z.string() });
const listItem = z
  .object({
    id: z.string(),
    kind: z.enum(customerKinds),
    displayName: z.string(),
    lifecycleStage: z.enum(lifecycleStages),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    city: z.string().nullable(),
    dealerCodes: z.array(z.string()),
    assignedTo: person.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerListItem' });

/** Reading customers and vehicles across modules: list, search, 360 view, timeline, export. */
export function registerCustomerViewRoutes(app: App): void {
  app.get(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Customers in my scope: search, filters, sorting and paging on the server',
        querystring: z.strictObject({
          ...filters,
          sort: z.enum(customerSorts).optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(listItem),
            total: z.number(),
            totalExact: z
              .boolean()
              .describe(
                `false when more than ${exactCountLimit} match (${searchExactCountLimit} for a search): total is then an estimate, or for a search a lower bound (see totalCapped)`,
              ),
            totalCapped: z
              .boolean()
              .describe(
                `true when a search stopped counting: more than total (${searchExactCountLimit}) match, show it as "${searchExactCountLimit}+"`,
              ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      listCustomers(app.db, requireActor(request), request.query, app.settings.defaultCountry),
  );

  app.get(
    '/api/customers/export.csv',
    {
      schema: {
        tags: ['customers'],
        summary:
          'The filtered customers of my scope as CSV (UTF-8 with BOM); the export is audited',
        querystring: z.strictObject(filters),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:export');
      const lines = exportCustomersCsv(app.db, actor, request.query, app.settings.defaultCountry);
      // Read the first line before answering, so that a refusal is still a JSON error.
      const first = await lines.next();
      async function* rest() {
        if (!first.done) yield first.value;
        yield* lines;
      }
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="customers-${stamp}.csv"`)
        .send(Readable.from(rest()));
    },
  );

  app.get(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary:
          'The 360° view: profile, contacts, consents, dealers, vehicles, open tasks and the latest timeline',
        params: idParams,
        response: { 200: customer360Schema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // a record merged into another (quality module) answers with the survivor
      const survivor = await survivorOf(app.db, actor, request.params.id);
      if (survivor) return reply.redirect(`/api/customers/${survivor}`, 308);
      return getCustomer360(app.db, actor, request.params.id);
    },
  );

  app.get(
    '/api/customers/:id/timeline',
    {
      schema: {
        tags: ['customers'],
        summary: 'Older timeline entries: pass the at and id of the last entry you have',
        params: idParams,
        querystring: z.strictObject({
          before: isoDateTime.optional(),
          beforeId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(timelinePage),
        }),
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...commonErrors },
      },
    },
    async (request) => {
      const { before, beforeId, limit } = request.query;
      const cursor = before ? { before: new Date(before), beforeId } : null;
      return {
        items: await getTimeline(app.db, requireActor(request), request.params.id, cursor, limit),
      };
    },
  );

  app.get(
    '/api/vehicles',
    {
      schema: {
        tags: ['vehicles'],
        summary:
          'Vehicles of customers in my scope, by VIN (start or last characters), plate or owner',
        querystring: z.strictObject({
          search: z.string().max(40).optional(),
          customerId: z.uuid().optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                vin: z.string().nullable(),
                makeName: z.string(),
                modelName: z.string().nullable(),
                modelYear: z.number().nullable(),
                plate: z.string().nullable(),
                owner: z.object({ id: z.string(), displayName: z.string() }).nullable(),
              }),
            ),
            total: z.number(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => searchVehicles(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/vehicles/:id',
    {
      schema: {
        tags: ['vehicles'],
        summary: 'The vehicle page: decoded VIN, owners over time, purchases, service visits',
        params: idParams,
        response: { 200: vehiclePageSchema, ...commonErrors },
      },
    },
    async (request) => getVehiclePage(app.db, requireActor(request), request.params.id),
  );
}
