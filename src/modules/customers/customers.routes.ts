import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { addConsent, consentHistory } from './consents.service.ts';
import { consentInput, createCustomerBody, updateCustomerBody } from './customer.schemas.ts';
import { createCustomer, updateCustomer } from './customers.service.ts';
import { createHouseholdBody } from './households.schemas.ts';
import { createHousehold } from './households.service.ts';
import { assertCustomerVisible } from './visibility.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customersMover } from './customer-merge.ts';
import { possibleDuplicatesOf } from './duplicate-check.ts';
import { verificationInput, verificationSchema } from './verification.schemas.ts';
import { recordVerification } from './verification.service.ts';

/** Likely duplicates of a customer just created (the quality module's check), for a warning. */
export const possibleDuplicatesSchema = z.array(
  z.object({
    id: z.string(),
    displayName: z.string(),
    probability: z.number(),
    matchedOn: z.array(z.string()),
  }),
);

const consentSchema = z
  .object({
    channel: z.string(),
    purpose: z.string(),
    status: z.enum(['granted', 'withdrawn']),
    method: z.string(),
    evidence: z.string().nullable(),
    effectiveAt: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Consent' });

/** Writes to the customer record; reading (list, search, 360 view) is in customer-view. */
export function registerCustomerRoutes(app: App): void {
  registerCustomerMover(customersMover);
  app.post(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Create a person or company with contacts, consents and dealer link',
        body: createCustomerBody,
        response: {
          201: z.object({ id: z.string(), possibleDuplicates: possibleDuplicatesSchema }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:write');
      const { id } = await createCustomer(app.db, actor, request.body);
      const possibleDuplicates = await possibleDuplicatesOf(app.db, actor, id);
      return reply.status(201).send({ id, possibleDuplicates });
    },
  );

  app.post(
    '/api/households',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Link persons into a new household (each a person in my scope, with his role); join or leave one later by PATCH /api/customers/:id householdId',
        body: createHouseholdBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:write');
      return reply.status(201).send(await createHousehold(app.db, actor, request.body));
    },
  );

  app.patch(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change profile fields; a contact list given replaces the stored one',
        params: idParams,
        body: updateCustomerBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:write');
      await updateCustomer(app.db, actor, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/customers/:id/consents',
    {
      schema: {
        tags: ['customers'],
        summary: 'Consent history of a customer, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(consentSchema) }), ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await assertCustomerVisible(app.db, actor, request.params.id);
      return { items: await consentHistory(app.db, request.params.id) };
    },
  );

  app.post(
    '/api/customers/:id/consents',
    {
      schema: {
        tags: ['customers'],
        summary: 'Record that a customer granted or withdrew consent for a channel',
        params: idParams,
        body: consentInput,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'consents:write');
      await addConsent(app.db, actor, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/customers/:id/verification',
    {
      schema: {
        tags: ['customers'],
        summary: 'Record that the customer confirmed his data, how and when (quality freshness)',
        params: idParams,
        body: verificationInput,
        response: { 200: verificationSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'customers:write');
      return recordVerification(app.db, actor, request.params.id, request.body);
    },
  );
}
