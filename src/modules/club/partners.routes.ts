import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { partnerBody, perkBody } from './club.schemas.ts';
import { memberPerkSchema, partnerSchema } from './club.views.ts';
import {
  addPerk,
  createPartner,
  listPartners,
  perksOfMember,
  setPartnerActive,
} from './partners.service.ts';

const tags = ['club'];

export function registerPartnerRoutes(app: App): void {
  app.get(
    '/api/club/clubs/:id/partners',
    {
      schema: {
        tags,
        summary: 'The club’s partner merchants and their perks',
        params: idParams,
        response: { 200: z.object({ items: z.array(partnerSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listPartners(app.db, requirePermission(request, 'club:read'), request.params.id),
    }),
  );

  app.post(
    '/api/club/clubs/:id/partners',
    {
      schema: {
        tags,
        summary: 'Add a partner merchant (the club’s, or a dealer’s local one)',
        params: idParams,
        body: partnerBody,
        response: { 201: partnerSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:manage');
      return reply
        .status(201)
        .send(await createPartner(app.db, actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/club/partners/:id/perks',
    {
      schema: {
        tags,
        summary: 'Add a perk for members from a tier up',
        params: idParams,
        body: perkBody,
        response: { 201: partnerSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:manage');
      return reply.status(201).send(await addPerk(app.db, actor, request.params.id, request.body));
    },
  );

  app.patch(
    '/api/club/partners/:id',
    {
      schema: {
        tags,
        summary: 'End or resume a partnership',
        params: idParams,
        body: z.strictObject({ active: z.boolean() }),
        response: { 200: partnerSchema, ...commonErrors },
      },
    },
    async (request) =>
      setPartnerActive(
        app.db,
        requirePermission(request, 'club:manage'),
        request.params.id,
        request.body.active,
      ),
  );

  app.get(
    '/api/club/members/:id/perks',
    {
      schema: {
        tags,
        summary: 'The partner perks a member enjoys today at his tier',
        params: idParams,
        response: { 200: z.object({ items: z.array(memberPerkSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await perksOfMember(
        app.db,
        requirePermission(request, 'club:read'),
        request.params.id,
      ),
    }),
  );
}
