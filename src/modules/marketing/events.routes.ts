import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { eventRegistrations, markAttendance } from './events.service.ts';
import { cancelReasonBody } from './event-details.schemas.ts';
import {
  registrationCancelParams,
  staffCancelReportSchema,
} from './registration-cancel.schemas.ts';
import { cancelGuestRegistration } from './registration-cancel.service.ts';
import { registrationStatuses } from './schema.ts';

const tags = ['marketing'];

const registrationsSchema = z.object({
  capacity: z.number().int(),
  registered: z.number().int(),
  walkIns: z.number().int(),
  overCapacity: z.number().int(),
  waitlisted: z.number().int(),
  cancelled: z.number().int(),
  attended: z.number().int(),
  /** event-attendance.ts: what the attendance route accepts from this reader now */
  attendance: z.object({
    mayMark: z.boolean(),
    mayUndo: z.boolean(),
    reason: z.enum(['read_only', 'not_yet']).nullable(),
    opensAt: z.string(),
  }),
  items: z.array(
    z.object({
      customerId: z.string(),
      displayName: z.string(),
      status: z.enum(registrationStatuses),
      registeredAt: z.string(),
      attendedAt: z.string().nullable(),
      walkIn: z.boolean(),
      feedbackRating: z.number().int().nullable(),
      cancelledAt: z.string().nullable(),
      /** staff who cancelled it (0246); null: the guest himself, or not cancelled */
      cancelledBy: z.object({ id: z.string(), name: z.string() }).nullable(),
      cancelReason: z.string().nullable(),
    }),
  ),
});

/** Staff side of event campaigns; the invitee's own page is in tracking.routes.ts. */
export function registerEventRoutes(app: App): void {
  app.get(
    '/api/campaigns/:id/registrations',
    {
      schema: {
        tags,
        summary: 'An event campaign’s registrations: places, waitlist in queue order, attendance',
        params: idParams,
        response: { 200: registrationsSchema, ...commonErrors },
      },
    },
    async (request) => eventRegistrations(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/campaigns/:id/attendance',
    {
      schema: {
        tags,
        summary:
          'Mark registered people as came (from the event’s day on the showroom’s clock) or undo it',
        params: idParams,
        body: z.strictObject({
          customerIds: z.array(z.uuid()).min(1).max(5000),
          attended: z.boolean().default(true),
        }),
        response: { 200: z.object({ updated: z.number().int() }), ...commonErrors },
      },
    },
    async (request) =>
      markAttendance(app.db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/campaigns/:id/registrations/:customerId/cancel',
    {
      schema: {
        tags,
        summary:
          'Staff cancel one guest’s registration before the event: the place goes to the waitlist, the guest is told',
        params: registrationCancelParams,
        body: cancelReasonBody,
        response: { 200: staffCancelReportSchema, ...commonErrors },
      },
    },
    async (request) =>
      cancelGuestRegistration(
        app.db,
        requireActor(request),
        request.params.id,
        request.params.customerId,
        request.body,
      ),
  );
}
