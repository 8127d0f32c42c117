import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { runClubCycle } from './club-cycle.ts';
import { correctionBody, ledgerQuery, pointsBody } from './club.schemas.ts';
import { ledgerEntrySchema, pointsResultSchema } from './club.views.ts';
import { correctEntry, grantPoints, memberPoints, redeemPoints } from './points.service.ts';

const tags = ['club'];

export function registerPointsRoutes(app: App): void {
  app.get(
    '/api/club/members/:id/points',
    {
      schema: {
        tags,
        summary: 'A member’s points ledger, newest first, and his balance',
        params: idParams,
        querystring: ledgerQuery,
        response: {
          200: z.object({
            balance: z.number(),
            items: z.array(ledgerEntrySchema),
            total: z.number(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      memberPoints(
        app.db,
        requirePermission(request, 'club:read'),
        request.params.id,
        request.query,
      ),
  );

  app.post(
    '/api/club/members/:id/redemptions',
    {
      schema: {
        tags,
        summary: 'Spend points (409 insufficient_points when the balance is short)',
        params: idParams,
        body: pointsBody,
        response: { 201: pointsResultSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:write');
      return reply
        .status(201)
        .send(await redeemPoints(app.db, actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/club/members/:id/points',
    {
      schema: {
        tags,
        summary: 'Grant points by hand, with the reason',
        params: idParams,
        body: pointsBody,
        response: { 201: pointsResultSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:manage');
      return reply
        .status(201)
        .send(await grantPoints(app.db, actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/club/members/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct an earlier ledger entry with a new one (the ledger is append-only)',
        params: idParams,
        body: correctionBody,
        response: { 201: pointsResultSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:manage');
      return reply
        .status(201)
        .send(await correctEntry(app.db, actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/club/runs',
    {
      schema: {
        tags,
        summary: 'Run the club cycle now (earning, expiry, tiers); the server runs it hourly',
        response: {
          200: z.object({
            purchases: z.number(),
            serviceVisits: z.number(),
            referrals: z.number(),
            expired: z.number(),
            upgraded: z.number(),
            downgraded: z.number(),
            skipped: z.boolean().optional(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'club:manage');
      if (actor.scope.level !== 'group')
        throw new ForbiddenError('The club cycle is run group-wide').because('group_level_only');
      return runClubCycle(app.db);
    },
  );
}
