import { z } from 'zod';
import { roleKeys, locales } from '../../auth/index.ts';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { createDealer, listBrands, listDealers, listRegions } from './org.service.ts';
import { createUser, listUsers } from './users.service.ts';

const dealerSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(['dealer', 'parts_retailer', 'service_partner']),
    regionCode: z.string(),
    regionName: z.string(),
    brands: z.array(z.string()),
    country: z.string(),
    city: z.string().nullable(),
    timezone: z.string(),
    currency: z.string(),
    active: z.boolean(),
    inScope: z.boolean().describe('whether the caller sees this dealer’s customers'),
  })
  .meta({ id: 'Dealer' });

const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(roleKeys),
    dealerCode: z.string().nullable(),
    regionCode: z.string().nullable(),
    brandCode: z.string().nullable(),
    locale: z.enum(locales),
    active: z.boolean(),
    onDuty: z.boolean(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'User' });

const code = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _');

export function registerOrgRoutes(app: App): void {
  app.get(
    '/api/dealers',
    {
      schema: {
        tags: ['organisation'],
        summary: 'All dealers of the group, with their codes, region and brands',
        response: {
          200: z.object({ items: z.array(dealerSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const items = await listDealers(app.db, requireActor(request));
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/dealers',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Add a dealer (group administrators)',
        body: z.strictObject({
          code,
          name: z.string().trim().min(1).max(200),
          kind: z.enum(['dealer', 'parts_retailer', 'service_partner']).optional(),
          regionCode: code,
          brandCodes: z.array(code).max(20),
          country: z.string().length(2),
          city: z.string().max(100).optional(),
          postcode: z.string().max(20).optional(),
          address: z.string().max(300).optional(),
          phone: z.string().max(40).optional(),
          email: z.string().max(320).optional(),
          timezone: z.string().min(1).max(64),
          currency: z.string().length(3),
        }),
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'org:manage');
      const id = await createDealer(app.db, actor, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/api/brands',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Brands of the group',
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listBrands(app.db) };
    },
  );

  app.get(
    '/api/regions',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Regions of the group',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.string(), code: z.string(), name: z.string(), country: z.string() }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listRegions(app.db) };
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Users the caller may see (his dealers’ staff; everyone for group roles)',
        querystring: z.strictObject({
          dealerCode: code.optional(),
          role: z.enum(roleKeys).optional(),
        }),
        response: {
          200: z.object({ items: z.array(userSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const items = await listUsers(app.db, requireActor(request), request.query);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Create a user with a role; dealer managers create staff of their own dealer',
        body: z.strictObject({
          email: z.string().trim().min(3).max(320),
          password: z.string().min(1).max(200),
          displayName: z.string().trim().max(200).optional(),
          role: z.enum(roleKeys),
          dealerCode: code.optional(),
          regionCode: code.optional(),
          brandCode: code.optional(),
          locale: z.enum(locales).optional(),
          phone: z.string().max(40).optional(),
        }),
        response: { 201: userSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'users:manage');
      return reply.status(201).send(await createUser(app.db, actor, request.body));
    },
  );
}
