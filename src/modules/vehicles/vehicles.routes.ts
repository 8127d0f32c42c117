import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { catalogTree } from './catalog.service.ts';
import { createVehicleBody, ownershipChangeBody } from './vehicle.schemas.ts';
import { changeOwnership, createVehicle } from './vehicles.service.ts';
import { checkVin } from './vin.ts';
import { vinCheckSchema } from './vehicle.schemas.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

/** Vehicle writes, VIN decoding and the catalogue; the vehicle page is in customer-view. */
export function registerVehicleRoutes(app: App): void {
  registerCustomerMover(customerMover);
  app.post(
    '/api/vehicles',
    {
      schema: {
        tags: ['vehicles'],
        summary: 'Register a vehicle of a customer, with its purchase when it was bought here',
        body: createVehicleBody,
        response: {
          201: z.object({ id: z.string(), warnings: z.array(z.string()) }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'vehicles:write');
      return reply.status(201).send(await createVehicle(app.db, actor, request.body));
    },
  );

  app.post(
    '/api/vehicles/:id/ownership',
    {
      schema: {
        tags: ['vehicles'],
        summary: 'Hand the vehicle to a new owner, driver or lessee from a date',
        params: idParams,
        body: ownershipChangeBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await changeOwnership(
        app.db,
        requirePermission(request, 'vehicles:write'),
        request.params.id,
        request.body,
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/vin/:vin',
    {
      schema: {
        tags: ['vehicles'],
        summary: 'Check and decode a VIN: check digit, maker, country of manufacture, model year',
        params: z.strictObject({ vin: z.string().min(1).max(40) }),
        response: { 200: vinCheckSchema, ...commonErrors },
      },
    },
    async (request) => {
      requireActor(request);
      return checkVin(request.params.vin);
    },
  );

  app.get(
    '/api/catalog',
    {
      schema: {
        tags: ['vehicles'],
        summary: 'Makes and models of the catalogue',
        response: {
          200: z.object({
            makes: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                country: z.string().nullable(),
                brandId: z.string().nullable(),
                models: z.array(
                  z.object({
                    id: z.string(),
                    name: z.string(),
                    series: z.string().nullable(),
                    bodyTypes: z.array(z.string()),
                  }),
                ),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { makes: await catalogTree(app.db) };
    },
  );
}
