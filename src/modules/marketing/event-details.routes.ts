import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { cancelEvent } from './event-cancel.service.ts';
import { cancelReasonBody, eventChangesSchema, eventDetailsBody } from './event-details.schemas.ts';
import { changeEventDetails, eventChanges } from './event-details.service.ts';

const tags = ['marketing'];

/** A sent event's venue, start and places: the change and its history. */
export function registerEventDetailsRoutes(app: App): void {
  app.get(
    '/api/campaigns/:id/event-details',
    {
      schema: {
        tags,
        summary: 'An event’s venue, start and places now, and their changes since it was sent',
        params: idParams,
        response: { 200: eventChangesSchema, ...commonErrors },
      },
    },
    async (request) => eventChanges(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/campaigns/:id/event-details',
    {
      schema: {
        tags,
        summary:
          'Move a sent event (venue, start, places); the registered are told in their language',
        params: idParams,
        body: eventDetailsBody,
        response: { 200: eventChangesSchema, ...commonErrors },
      },
    },
    async (request) =>
      changeEventDetails(app.db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/campaigns/:id/event-cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel a sent event before it begins; registered and waiting guests are told, with a calendar cancellation',
        params: idParams,
        body: cancelReasonBody,
        response: {
          200: z.object({
            status: z.literal('cancelled'),
            notices: z.object({ queued: z.number().int(), blocked: z.number().int() }),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => cancelEvent(app.db, requireActor(request), request.params.id, request.body),
  );
}
