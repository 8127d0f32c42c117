import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  createClubBody,
  enrolBody,
  memberListQuery,
  replaceTiersBody,
  updateClubBody,
  updateMemberBody,
} from './club.schemas.ts';
import { clubSchema, memberSchema } from './club.views.ts';
import { createClub, getClub, listClubs, replaceTiers, updateClub } from './clubs.service.ts';
import {
  enrolMember,
  getMember,
  listMembers,
  membershipsOfCustomer,
  updateMember,
} from './members.service.ts';

const tags = ['club'];

export function registerMemberRoutes(app: App): void {
  app.get(
    '/api/club/clubs',
    {
      schema: {
        tags,
        summary: 'The owners clubs I work with, with their tiers and earning rules',
        response: { 200: z.object({ items: z.array(clubSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listClubs(app.db, requireActor(request)) }),
  );

  app.post(
    '/api/club/clubs',
    {
      schema: {
        tags,
        summary: 'Set up a brand’s club (or the group-wide club) with its tiers',
        body: createClubBody,
        response: { 201: clubSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:manage');
      return reply.status(201).send(await createClub(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/club/clubs/:id',
    {
      schema: {
        tags,
        summary: 'One club',
        params: idParams,
        response: { 200: clubSchema, ...commonErrors },
      },
    },
    async (request) => getClub(app.db, requirePermission(request, 'club:read'), request.params.id),
  );

  app.patch(
    '/api/club/clubs/:id',
    {
      schema: {
        tags,
        summary: 'Change a club’s name or earning rules',
        params: idParams,
        body: updateClubBody,
        response: { 200: clubSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateClub(
        app.db,
        requirePermission(request, 'club:manage'),
        request.params.id,
        request.body,
      ),
  );

  app.put(
    '/api/club/clubs/:id/tiers',
    {
      schema: {
        tags,
        summary: 'Replace a club’s tiers (matched by code; a tier with members cannot go)',
        params: idParams,
        body: replaceTiersBody,
        response: { 200: clubSchema, ...commonErrors },
      },
    },
    async (request) =>
      replaceTiers(
        app.db,
        requirePermission(request, 'club:manage'),
        request.params.id,
        request.body.tiers,
      ),
  );

  app.post(
    '/api/club/clubs/:id/members',
    {
      schema: {
        tags,
        summary: 'Enrol a customer in the club (entry tier, member number, consent recorded)',
        params: idParams,
        body: enrolBody,
        response: { 201: memberSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:write');
      return reply
        .status(201)
        .send(await enrolMember(app.db, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/club/members',
    {
      schema: {
        tags,
        summary: 'Club members I may see, newest first',
        querystring: memberListQuery,
        response: {
          200: z.object({ items: z.array(memberSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => listMembers(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/club/members/:id',
    {
      schema: {
        tags,
        summary: 'One member',
        params: idParams,
        response: { 200: memberSchema, ...commonErrors },
      },
    },
    async (request) => getMember(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/club/members/:id',
    {
      schema: {
        tags,
        summary: 'Change a member’s segments, home dealer or note; leave or rejoin the club',
        params: idParams,
        body: updateMemberBody,
        response: { 200: memberSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateMember(
        app.db,
        requirePermission(request, 'club:write'),
        request.params.id,
        request.body,
      ),
  );

  app.get(
    '/api/customers/:id/club-memberships',
    {
      schema: {
        tags,
        summary: 'The customer’s club memberships (his 360 page card)',
        params: idParams,
        response: { 200: z.object({ items: z.array(memberSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await membershipsOfCustomer(app.db, requireActor(request), request.params.id),
    }),
  );
}
