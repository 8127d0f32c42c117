import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';
import { payers, visitTypes } from './schema.ts';
import { visitLineBody } from './visit.schemas.ts';

/** A line of the corrected repair order: `lineNo` keeps an existing line, without it a new one. */
export const correctedLineBody = visitLineBody.extend({
  lineNo: z
    .number()
    .int()
    .min(1)
    .max(32767)
    .optional()
    .describe('the recorded line this one replaces; absent for an added line'),
});

/** What a correction may change; absent fields stay as recorded. */
export const correctVisitBody = z
  .strictObject({
    visitDate: isoDate.optional(),
    mileageKm: z.number().int().min(0).max(3_000_000).nullable().optional(),
    visitType: z.enum(visitTypes).optional(),
    paidBy: z.enum(payers).optional(),
    advisorUserId: z.uuid().optional(),
    description: z.string().trim().max(2000).nullable().optional().describe('the notes'),
    lines: z
      .array(correctedLineBody)
      .max(200)
      .optional()
      .describe('the whole repair order as it should be: lines left out are removed'),
    totalMinor: z
      .number()
      .int()
      .min(0)
      .max(1e12)
      .optional()
      .describe('the order total of a visit without lines; with lines it must be their sum'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'name at least one field to correct' })
  .meta({ id: 'ServiceVisitCorrection' });

export const cancelVisitBody = z
  .strictObject({
    reason: z.string().trim().min(3).max(500).describe('why the visit is cancelled'),
  })
  .meta({ id: 'ServiceVisitCancellation' });

export const cancelledVisitQuery = z.strictObject({
  vehicleId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const cancelledVisitSchema = z
  .object({
    id: z.string(),
    vehicleId: z.string().nullable(),
    customerId: z.string(),
    dealerCode: z.string(),
    visitDate: z.string(),
    mileageKm: z.number().nullable(),
    visitType: z.enum(visitTypes),
    orderNumber: z.string().nullable(),
    totalMinor: z.number(),
    currency: z.string(),
    reason: z.string(),
    cancelledAt: z.string(),
    cancelledBy: z.string().nullable(),
  })
  .meta({ id: 'CancelledServiceVisit' });

export type CorrectVisitInput = z.output<typeof correctVisitBody>;
export type CorrectedLineInput = z.output<typeof correctedLineBody>;
export type CancelVisitInput = z.output<typeof cancelVisitBody>;
export type CancelledVisitView = z.output<typeof cancelledVisitSchema>;
