import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { agreementBody, agreementSchema } from './agreement.schemas.ts';
import { getAgreement, listAgreements, saveAgreement } from './agreements.service.ts';

const tags = ['sales'];

export function registerAgreementRoutes(app: App): void {
  app.post(
    '/api/agreements',
    {
      schema: {
        tags,
        summary: 'Set a company’s annual agreement: volume discount tiers for the year',
        body: agreementBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sales:manage');
      return reply.status(201).send(await saveAgreement(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/agreements',
    {
      schema: {
        tags,
        summary: 'Company agreements I may see, with the volume reached and new/existing status',
        querystring: z.strictObject({
          companyId: z.uuid().optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
        response: { 200: z.object({ items: z.array(agreementSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listAgreements(app.db, requireActor(request), request.query),
    }),
  );

  app.get(
    '/api/agreements/:id',
    {
      schema: {
        tags,
        summary: 'One company agreement',
        params: idParams,
        response: { 200: agreementSchema, ...commonErrors },
      },
    },
    async (request) => getAgreement(app.db, requireActor(request), request.params.id),
  );
}
