import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.ts';
import { callChannels, callOutcomes, callReasons, callTypes } from './schema.ts';

export const newServiceCallBody = z
  .strictObject({
    customerId: z.uuid(),
    vehicleId: z.uuid().nullish().describe('the car concerned; a roadside call needs it'),
    callType: z.enum(callTypes),
    channel: z.enum(callChannels).default('phone'),
    reason: z.enum(callReasons),
    location: z
      .string()
      .trim()
      .max(500)
      .nullish()
      .describe('where the car stands (roadside calls): address, road and km, coordinates'),
    outcome: z.enum(callOutcomes),
    note: z.string().trim().max(5000).nullish(),
    occurredAt: isoDateTime.optional().describe('now when absent'),
    dealerCode: z
      .string()
      .trim()
      .max(16)
      .optional()
      .describe('the dealer concerned; else the caller’s own, else the car’s last servicing one'),
  })
  .meta({ id: 'NewServiceCall' });

export const serviceCallSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    vehicle: z.object({ id: z.string(), vin: z.string().nullable(), name: z.string() }).nullable(),
    dealerCode: z.string().nullable(),
    callType: z.enum(callTypes),
    channel: z.enum(callChannels),
    reason: z.enum(callReasons),
    location: z.string().nullable(),
    outcome: z.enum(callOutcomes),
    note: z.string().nullable(),
    occurredAt: z.string(),
    userName: z.string().nullable(),
    eventId: z.string().nullable(),
  })
  .meta({ id: 'ServiceCall' });

export const serviceCallListQuery = z.strictObject({
  customerId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type NewServiceCall = z.output<typeof newServiceCallBody>;
export type ServiceCallView = z.output<typeof serviceCallSchema>;
