import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { recordAttendance, recordFeedback } from './attendance.service.ts';
import { bookTestDrive, cancelBooking, rescheduleBooking } from './bookings.service.ts';
import { customerBookings, getBooking, testDriveCalendar } from './calendar.service.ts';
import { addFleetVehicle, listFleet, updateFleetVehicle } from './fleet.service.ts';
import { inviteToTestDrive } from './invitations.service.ts';
import { testDriveConversion } from './report.service.ts';
import { bookingStatuses, buyingIntents } from './schema.ts';
import {
  attendanceBody,
  bookingBody,
  calendarQuery,
  cancelBody,
  rescheduleBody,
  feedbackBody,
  fleetVehicleBody,
  fleetVehicleChanges,
  invitationBody,
  reportQuery,
} from './test-drive.schemas.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';

const tags = ['test drives'];

const fleetVehicle = z
  .object({
    id: z.string(),
    dealerCode: z.string(),
    brandCode: z.string().nullable(),
    model: z.string(),
    vin: z.string(),
    plate: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'TestDriveVehicle' });

const booking = z
  .object({
    id: z.string(),
    dealerCode: z.string(),
    vehicle: z.object({ id: z.string(), model: z.string(), plate: z.string().nullable() }),
    consultant: z.object({ id: z.string(), name: z.string() }),
    customer: z
      .object({ id: z.string(), displayName: z.string() })
      .nullable()
      .describe('null when you see the slot but not the customer'),
    leadId: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(bookingStatuses),
    licence: z
      .object({
        number: z.string(),
        category: z.string().nullable(),
        expiresOn: z.string().nullable(),
      })
      .nullable(),
    note: z.string().nullable(),
    cancelReason: z.string().nullable(),
    feedback: z
      .object({
        rating: z.number(),
        liked: z.string().nullable(),
        concerns: z.string().nullable(),
        intentToBuy: z.enum(buyingIntents),
      })
      .nullable(),
  })
  .meta({ id: 'TestDriveBooking' });

const conversionRow = z.object({
  dealerCode: z.string(),
  testDrivers: z.number().int(),
  buyers: z.number().int(),
  share: z.number(),
});

export function registerTestDriveRoutes(app: App): void {
  registerCustomerMover(customerMover);
  app.get(
    '/api/test-drives/fleet',
    {
      schema: {
        tags,
        summary: "A dealer's demo fleet",
        querystring: z.strictObject({
          dealerCode: z.string().trim().max(16).optional(),
          includeInactive: z.stringbool().optional(),
        }),
        response: { 200: z.object({ items: z.array(fleetVehicle) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listFleet(
        app.db,
        requireActor(request),
        request.query.dealerCode,
        request.query.includeInactive ?? false,
      ),
    }),
  );

  app.post(
    '/api/test-drives/fleet',
    {
      schema: {
        tags,
        summary: 'Add a car to a dealer’s demo fleet',
        body: fleetVehicleBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addFleetVehicle(app.db, requireActor(request), request.body)),
  );

  app.patch(
    '/api/test-drives/fleet/:id',
    {
      schema: {
        tags,
        summary: 'Change a demo car, or take it out of the fleet (active: false)',
        params: idParams,
        body: fleetVehicleChanges,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await updateFleetVehicle(app.db, requireActor(request), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/test-drives/calendar',
    {
      schema: {
        tags,
        summary: "A dealer's demo fleet and the test drives between two instants (at most 6 weeks)",
        querystring: calendarQuery,
        response: {
          200: z.object({ vehicles: z.array(fleetVehicle), bookings: z.array(booking) }),
          ...commonErrors,
        },
      },
    },
    async (request) => testDriveCalendar(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/test-drives/bookings',
    {
      schema: {
        tags,
        summary: "A customer's test drives, newest first",
        querystring: z.strictObject({ customerId: z.uuid() }),
        response: { 200: z.object({ items: z.array(booking) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await customerBookings(
        app.db,
        requirePermission(request, 'customers:read'),
        request.query.customerId,
      ),
    }),
  );

  app.post(
    '/api/test-drives/bookings',
    {
      schema: {
        tags,
        summary:
          'Book a demo car for a customer (409 naming vehicleId / consultantUserId on overlap)',
        body: bookingBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await bookTestDrive(app.db, requireActor(request), request.body)),
  );

  app.get(
    '/api/test-drives/bookings/:id',
    {
      schema: {
        tags,
        summary: 'One test drive',
        params: idParams,
        response: { 200: booking, ...commonErrors },
      },
    },
    async (request) => getBooking(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/test-drives/bookings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a booked test drive',
        params: idParams,
        body: cancelBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await cancelBooking(app.db, requireActor(request), request.params.id, request.body.reason);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/test-drives/bookings/:id/reschedule',
    {
      schema: {
        tags,
        summary: 'Move a booked test drive to another time (and car or consultant), if free',
        params: idParams,
        body: rescheduleBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await rescheduleBooking(app.db, requireActor(request), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/test-drives/bookings/:id/invitations',
    {
      schema: {
        tags,
        summary:
          'Invite the customer by e-mail (with an .ics) and/or SMS through the outbox; ' +
          'a channel without consent is reported as blocked',
        params: idParams,
        body: invitationBody,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                channel: z.enum(['email', 'sms']),
                messageId: z.string(),
                status: z.enum(['queued', 'blocked']),
                reason: z.string().nullable(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => ({
      items: await inviteToTestDrive(
        app.db,
        requireActor(request),
        request.params.id,
        request.body.channels,
      ),
    }),
  );

  app.post(
    '/api/test-drives/bookings/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Record that the customer came or did not; plans the follow-up call',
        params: idParams,
        body: attendanceBody,
        response: { 200: z.object({ taskId: z.string() }), ...commonErrors },
      },
    },
    async (request) =>
      recordAttendance(app.db, requireActor(request), request.params.id, request.body.status),
  );

  app.post(
    '/api/test-drives/bookings/:id/feedback',
    {
      schema: {
        tags,
        summary: 'The short feedback form after a drive (replaces an earlier answer)',
        params: idParams,
        body: feedbackBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await recordFeedback(app.db, requireActor(request), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/test-drives/report',
    {
      schema: {
        tags,
        summary: 'Share of test-drivers who bought within 30 days of their drive',
        querystring: reportQuery,
        response: {
          200: conversionRow.extend({
            from: z.string(),
            to: z.string(),
            byDealer: z.array(conversionRow),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      testDriveConversion(app.db, requirePermission(request, 'analytics:read'), request.query),
  );
}
