import { z } from 'zod';
import { isoDate, isoDateTime } from '../../http/schemas.ts';
import { buyingIntents } from './schema.ts';

const dealerCode = z.string().trim().min(1).max(16);

export const fleetVehicleBody = z
  .strictObject({
    dealerCode: dealerCode.optional().describe('your own dealer when absent'),
    brandCode: z
      .string()
      .trim()
      .min(1)
      .max(16)
      .describe("the car's brand, one the dealer sells; the one-owner-per-brand rule judges by it"),
    model: z.string().trim().min(1).max(120),
    vin: z.string().trim().min(1).max(25),
    plate: z.string().trim().max(20).nullish(),
  })
  .meta({ id: 'NewTestDriveVehicle' });

export const fleetVehicleChanges = z
  .strictObject({
    brandCode: z.string().trim().min(1).max(16).optional(),
    model: z.string().trim().min(1).max(120).optional(),
    plate: z.string().trim().max(20).nullish(),
    active: z.boolean().optional(),
  })
  .meta({ id: 'TestDriveVehicleChanges' });

export const bookingBody = z
  .strictObject({
    customerId: z.uuid(),
    vehicleId: z.uuid(),
    consultantUserId: z.uuid().optional().describe('yourself when absent'),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    leadId: z.uuid().nullish(),
    licence: z
      .strictObject({
        number: z.string().trim().min(4).max(30),
        category: z.string().trim().min(1).max(10),
        expiresOn: isoDate,
      })
      .nullish()
      .describe("the driver's licence shown at booking"),
    note: z.string().trim().max(2000).nullish(),
  })
  .meta({ id: 'NewTestDriveBooking' });

export const rescheduleBody = z
  .strictObject({
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    vehicleId: z.uuid().optional().describe('another car of the same dealer; the same when absent'),
    consultantUserId: z.uuid().optional().describe('another consultant; the same when absent'),
  })
  .meta({ id: 'TestDriveReschedule' });

export const cancelBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500) })
  .meta({ id: 'TestDriveCancellation' });

export const attendanceBody = z
  .strictObject({ status: z.enum(['came', 'no_show']) })
  .meta({ id: 'TestDriveAttendance' });

export const feedbackBody = z
  .strictObject({
    rating: z.number().int().min(1).max(5),
    liked: z.string().trim().max(2000).nullish(),
    concerns: z.string().trim().max(2000).nullish(),
    intentToBuy: z.enum(buyingIntents),
  })
  .meta({ id: 'TestDriveFeedback' });

export const invitationBody = z
  .strictObject({
    channels: z
      .array(z.enum(['email', 'sms']))
      .min(1)
      .max(2),
  })
  .meta({ id: 'TestDriveInvitation' });

export const calendarQuery = z.strictObject({
  dealerCode: dealerCode.optional().describe('your own dealer when absent'),
  from: isoDateTime,
  to: isoDateTime,
});

export const reportQuery = z.strictObject({
  dealerCode: dealerCode.optional().describe('every dealer you see when absent'),
  from: isoDate.describe('first day of test drives counted'),
  to: isoDate.describe('last day of test drives counted'),
});

export type FleetVehicleInput = z.output<typeof fleetVehicleBody>;
export type FleetVehicleChanges = z.output<typeof fleetVehicleChanges>;
export type BookingInput = z.output<typeof bookingBody>;
export type RescheduleInput = z.output<typeof rescheduleBody>;
export type FeedbackInput = z.output<typeof feedbackBody>;
