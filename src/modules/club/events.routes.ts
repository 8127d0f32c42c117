import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { attendanceBody, eventBody, eventListQuery, memberRefBody } from './club.schemas.ts';
import { eventSchema, registrationSchema } from './club.views.ts';
import {
  cancelEvent,
  cancelRegistration,
  createEvent,
  getEvent,
  listEvents,
  recordAttendance,
  registerForEvent,
  registrationsOf,
} from './events.service.ts';

const tags = ['club'];

export function registerEventRoutes(app: App): void {
  app.post(
    '/api/club/clubs/:id/events',
    {
      schema: {
        tags,
        summary: 'Plan a member event (venue, date, capacity, points for attending)',
        params: idParams,
        body: eventBody,
        response: { 201: eventSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:manage');
      return reply
        .status(201)
        .send(await createEvent(app.db, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/club/events',
    {
      schema: {
        tags,
        summary: 'Member events I may see (upcoming=true: from now, soonest first)',
        querystring: eventListQuery,
        response: {
          200: z.object({ items: z.array(eventSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => listEvents(app.db, requirePermission(request, 'club:read'), request.query),
  );

  app.get(
    '/api/club/events/:id',
    {
      schema: {
        tags,
        summary: 'One event with the registrations of members I may see',
        params: idParams,
        response: {
          200: z.object({ event: eventSchema, registrations: z.array(registrationSchema) }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'club:read');
      return {
        event: await getEvent(app.db, actor, request.params.id),
        registrations: await registrationsOf(app.db, actor, request.params.id),
      };
    },
  );

  app.post(
    '/api/club/events/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Register a member (409 full when no seat is left)',
        params: idParams,
        body: memberRefBody,
        response: { 201: eventSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:write');
      return reply
        .status(201)
        .send(await registerForEvent(app.db, actor, request.params.id, request.body.memberId));
    },
  );

  app.post(
    '/api/club/events/:id/cancellations',
    {
      schema: {
        tags,
        summary: 'Cancel a member’s registration (frees the seat)',
        params: idParams,
        body: memberRefBody,
        response: { 200: eventSchema, ...commonErrors },
      },
    },
    async (request) =>
      cancelRegistration(
        app.db,
        requirePermission(request, 'club:write'),
        request.params.id,
        request.body.memberId,
      ),
  );

  app.post(
    '/api/club/events/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Record who came (walk-ins too); each attendee earns the event’s points once',
        params: idParams,
        body: attendanceBody,
        response: { 200: eventSchema, ...commonErrors },
      },
    },
    async (request) =>
      recordAttendance(
        app.db,
        requirePermission(request, 'club:write'),
        request.params.id,
        request.body.memberIds,
      ),
  );

  app.post(
    '/api/club/events/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an event nobody has attended yet',
        params: idParams,
        response: { 200: eventSchema, ...commonErrors },
      },
    },
    async (request) =>
      cancelEvent(app.db, requirePermission(request, 'club:manage'), request.params.id),
  );
}
