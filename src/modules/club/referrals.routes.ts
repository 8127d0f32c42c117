import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { referralBody } from './club.schemas.ts';
import { referralSchema, tierChangeSchema } from './club.views.ts';
import { addReferral, referralsOf, tierChangesOf } from './referrals.service.ts';

const tags = ['club'];

export function registerReferralRoutes(app: App): void {
  app.get(
    '/api/club/members/:id/referrals',
    {
      schema: {
        tags,
        summary: 'The people a member brought, and whether their purchase rewarded him',
        params: idParams,
        response: { 200: z.object({ items: z.array(referralSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await referralsOf(app.db, requirePermission(request, 'club:read'), request.params.id),
    }),
  );

  app.post(
    '/api/club/members/:id/referrals',
    {
      schema: {
        tags,
        summary: 'Record that a member brought a person (he earns when that person buys)',
        params: idParams,
        body: referralBody,
        response: { 201: referralSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:write');
      return reply
        .status(201)
        .send(await addReferral(app.db, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/club/members/:id/tier-changes',
    {
      schema: {
        tags,
        summary: 'A member’s upgrades and downgrades, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(tierChangeSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await tierChangesOf(
        app.db,
        requirePermission(request, 'club:read'),
        request.params.id,
      ),
    }),
  );
}
