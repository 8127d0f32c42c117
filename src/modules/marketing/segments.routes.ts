import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams, listOf, pageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { findList, freezeSegment, importList, listLists } from './lists.service.ts';
import {
  segmentBody,
  segmentDefinition,
  segmentMemberSchema,
  segmentSchema,
} from './segment.schemas.ts';
import {
  countSegment,
  createSegment,
  deleteSegment,
  findSegment,
  listSegments,
  previewSegment,
  updateSegment,
} from './segments.service.ts';

const tags = ['marketing'];

const listSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.enum(['frozen_segment', 'csv']),
    segmentId: z.string().nullable(),
    dealerId: z.string().nullable(),
    size: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ContactList' });

export function registerSegmentRoutes(app: App): void {
  app.post(
    '/api/segments/count',
    {
      schema: {
        tags,
        summary: 'How many customers I may see match a condition tree (the live count)',
        body: z.strictObject({ definition: segmentDefinition }),
        response: { 200: z.object({ count: z.number().int() }), ...commonErrors },
      },
    },
    async (request) => ({
      count: await countSegment(app.db, requireActor(request), request.body.definition),
    }),
  );

  app.post(
    '/api/segments/preview',
    {
      schema: {
        tags,
        summary: 'A page of the customers matching a condition tree, by name',
        body: z.strictObject({ definition: segmentDefinition, ...pageQuery }),
        response: { 200: listOf(segmentMemberSchema), ...commonErrors },
      },
    },
    async (request) => {
      const { definition, limit, offset } = request.body;
      return previewSegment(app.db, requireActor(request), definition, { limit, offset });
    },
  );

  app.get(
    '/api/segments',
    {
      schema: {
        tags,
        summary: 'Saved segments: my dealer’s and the group’s',
        response: { 200: z.object({ items: z.array(segmentSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listSegments(app.db, requireActor(request)) }),
  );

  app.post(
    '/api/segments',
    {
      schema: {
        tags,
        summary: 'Save a segment',
        body: segmentBody,
        response: { 201: segmentSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSegment(app.db, requireActor(request), request.body)),
  );

  app.get(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: 'A saved segment',
        params: idParams,
        response: { 200: segmentSchema, ...commonErrors },
      },
    },
    async (request) => findSegment(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: 'Change a saved segment',
        params: idParams,
        body: segmentBody,
        response: { 200: segmentSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateSegment(app.db, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment no campaign uses',
        params: idParams,
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await deleteSegment(app.db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/segments/:id/freeze',
    {
      schema: {
        tags,
        summary: 'Freeze who matches the segment now into a static list',
        params: idParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
        response: { 201: listSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await freezeSegment(app.db, requireActor(request), request.params.id, request.body.name),
        ),
  );

  app.get(
    '/api/contact-lists',
    {
      schema: {
        tags,
        summary: 'Static lists (frozen segments and uploaded files)',
        response: { 200: z.object({ items: z.array(listSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listLists(app.db, requireActor(request)) }),
  );

  app.get(
    '/api/contact-lists/:id',
    {
      schema: {
        tags,
        summary: 'A static list',
        params: idParams,
        response: { 200: listSchema, ...commonErrors },
      },
    },
    async (request) => findList(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/contact-lists/import',
    {
      schema: {
        tags,
        summary:
          'A static list from CSV text with a header naming customer_id, email or phone; a report line per row',
        body: z.strictObject({
          name: z.string().trim().min(1).max(200),
          csv: z.string().min(1).max(20_000_000),
        }),
        response: {
          201: z.object({
            list: listSchema,
            added: z.number().int(),
            rows: z.array(
              z.object({
                line: z.number().int(),
                status: z.enum(['added', 'duplicate', 'not_found', 'invalid']),
                message: z.string().nullable(),
                customerId: z.string().nullable(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
      bodyLimit: 25 * 1024 * 1024,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await importList(
            app.db,
            requireActor(request),
            request.body,
            app.settings.defaultCountry,
          ),
        ),
  );
}
