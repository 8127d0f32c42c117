import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { claimsIndex, claimsIndexCsv } from './claims-index.ts';
import {
  claimsIndexQuery,
  claimsIndexSchema,
  complaintActionBody,
  complaintListQuery,
  complaintSchema,
  createComplaintBody,
  reassignComplaintBody,
} from './complaint.schemas.ts';
import {
  actOnComplaint,
  getComplaint,
  listComplaints,
  openComplaint,
} from './complaints.service.ts';
import { reassignComplaint } from './reassign.ts';
import { severities } from './schema.ts';
import {
  complaintSlaBody,
  complaintSlaSchema,
  listComplaintSla,
  setComplaintSla,
} from './sla.service.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

const tags = ['complaints'];

export function registerComplaintRoutes(app: App): void {
  registerCustomerMover(customerMover);
  app.post(
    '/api/complaints',
    {
      schema: {
        tags,
        summary: 'Take a complaint in; its SLA follows from the severity',
        body: createComplaintBody,
        response: { 201: z.object({ id: z.string(), number: z.number() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'complaints:write');
      return reply.status(201).send(await openComplaint(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/complaints',
    {
      schema: {
        tags,
        summary: 'Complaints about my dealers: the ones still handled first, by due time',
        querystring: complaintListQuery,
        response: {
          200: z.object({ items: z.array(complaintSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => listComplaints(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/complaints/claims-index',
    {
      schema: {
        tags,
        summary:
          'Claims index: complaints per 100 service visits and per 100 sales, per dealer and month',
        description: 'Months are the dealer’s own (its time zone). `format=csv` downloads it.',
        querystring: claimsIndexQuery,
        response: {
          // a string goes out as it is (text/csv), never through the JSON serializer
          200: claimsIndexSchema.or(z.string().describe('the CSV file, with format=csv')),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const index = await claimsIndex(app.db, requireActor(request), query);
      if (format !== 'csv') return index;
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="claims-index-${index.from}-${index.to}.csv"`,
        )
        .send(claimsIndexCsv(index));
    },
  );

  app.get(
    '/api/complaints/sla',
    {
      schema: {
        tags,
        summary: 'Hours to resolve a complaint, by severity',
        response: { 200: complaintSlaSchema, ...commonErrors },
      },
    },
    async (request) => {
      requireActor(request);
      return listComplaintSla(app.db);
    },
  );

  app.put(
    '/api/complaints/sla/:severity',
    {
      schema: {
        tags,
        summary: 'Change the hours to resolve a complaint of a severity (group administrators)',
        description:
          'Applies to complaints taken in or reopened from now on; open ones keep their due time.',
        params: z.strictObject({ severity: z.enum(severities) }),
        body: complaintSlaBody,
        response: { 200: complaintSlaSchema, ...commonErrors },
      },
    },
    async (request) =>
      setComplaintSla(
        app.db,
        requirePermission(request, 'service:manage'),
        request.params.severity,
        request.body.resolveHours,
      ),
  );

  app.get(
    '/api/complaints/:id',
    {
      schema: {
        tags,
        summary: 'One complaint with its history',
        params: idParams,
        response: { 200: complaintSchema, ...commonErrors },
      },
    },
    async (request) => getComplaint(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/complaints/:id/actions',
    {
      schema: {
        tags,
        summary: 'Move a complaint: investigate, resolve (with the resolution), close or reopen',
        params: idParams,
        body: complaintActionBody,
        response: { 200: complaintSchema, ...commonErrors },
      },
    },
    async (request) =>
      actOnComplaint(
        app.db,
        requirePermission(request, 'complaints:write'),
        request.params.id,
        request.body,
      ),
  );

  app.put(
    '/api/complaints/:id/responsible',
    {
      schema: {
        tags,
        summary:
          'Hand a complaint still handled to another user of its dealer; the handling task moves with it',
        description:
          'Open to the person handling it and to those who direct others’ work (tasks:assign). A resolved or closed complaint answers 409.',
        params: idParams,
        body: reassignComplaintBody,
        response: { 200: complaintSchema, ...commonErrors },
      },
    },
    async (request) =>
      reassignComplaint(
        app.db,
        requirePermission(request, 'complaints:write'),
        request.params.id,
        request.body,
      ),
  );
}
