import { z } from 'zod';
import { isoDate, pageQuery } from '../../http/schemas.ts';
import { verificationSchema } from '../customers/index.ts';
import { lineKinds, payers, receptionChecks, visitTypes } from './schema.ts';

const money = z.number().int().min(0).max(1e12);
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'a three-letter ISO 4217 code')
  .transform((code) => code.toUpperCase());

export const visitLineBody = z.strictObject({
  kind: z.enum(lineKinds),
  code: z.string().trim().max(40).nullish().describe('operation code or part number'),
  description: z.string().trim().min(1).max(300),
  quantity: z.number().positive().max(100_000).describe('hours of labour or pieces of a part'),
  unitPriceMinor: money.describe('price of one hour or piece in minor units'),
});

export const createVisitBody = z
  .strictObject({
    vehicleId: z.uuid(),
    dealerCode: z
      .string()
      .trim()
      .max(16)
      .optional()
      .describe('for staff above dealers: which dealer serviced the car'),
    visitDate: isoDate,
    mileageKm: z.number().int().min(0).max(3_000_000).nullish(),
    visitType: z.enum(visitTypes),
    paidBy: z.enum(payers).optional(),
    orderNumber: z.string().trim().max(40).nullish().describe('the repair order number'),
    advisorUserId: z.uuid().nullish().describe('the one recording it when absent'),
    currency: currency.optional().describe('the dealer’s currency when absent'),
    description: z.string().trim().max(2000).nullish(),
    recallCampaignId: z
      .uuid()
      .nullish()
      .describe(
        'a recall visit: the campaign it carries out; every open one of the car when absent',
      ),
    lines: z.array(visitLineBody).max(200).default([]),
    totalMinor: money
      .optional()
      .describe(
        'the order total when no lines are given (e.g. a DMS export); the sum of the lines otherwise',
      ),
    dataConfirmed: z
      .boolean()
      .default(false)
      .describe(
        'the owner confirmed his contact data at reception: recorded as a verification (service visit reception) at the visit',
      ),
    confirmedChecks: z
      .array(z.enum(receptionChecks))
      .max(receptionChecks.length)
      .optional()
      .describe(
        'what was checked with him (only with dataConfirmed); all his contact data when absent',
      ),
  })
  .meta({ id: 'NewServiceVisit' });

export const visitListQuery = z.strictObject({
  vehicleId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  dealerCode: z.string().trim().max(16).optional(),
  visitType: z.enum(visitTypes).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

/** The after-visit calls' CSI scores of the listed visits (all pages), for the managers. */
export const visitCsiSchema = z.object({
  scored: z.number().describe('visits whose follow-up call gave a CSI score'),
  average: z.number().nullable().describe('their mean score (1-10), one decimal'),
});

export const visitLineSchema = z.object({
  lineNo: z.number(),
  kind: z.enum(lineKinds),
  code: z.string().nullable(),
  description: z.string(),
  quantity: z.number(),
  unitPriceMinor: z.number(),
  amountMinor: z.number(),
});

export const visitSchema = z
  .object({
    id: z.string(),
    vehicle: z.object({
      id: z.string(),
      vin: z.string().nullable(),
      makeName: z.string(),
      modelName: z.string().nullable(),
    }),
    customer: z.object({ id: z.string(), displayName: z.string() }),
    dealerCode: z.string(),
    visitDate: z.string(),
    mileageKm: z.number().nullable(),
    visitType: z.enum(visitTypes),
    paidBy: z.enum(payers),
    orderNumber: z.string().nullable(),
    advisor: z.object({ id: z.string(), name: z.string() }).nullable(),
    totalMinor: z.number(),
    labourMinor: z.number(),
    partsMinor: z.number(),
    currency: z.string(),
    description: z.string().nullable(),
    lines: z.array(visitLineSchema),
    followUp: z
      .object({
        taskId: z.string().nullable(),
        dueAt: z.string(),
        csiScore: z.number().nullable(),
        comment: z.string().nullable(),
        completedAt: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'ServiceVisit' });

/** The owner of a car at the reception desk and when his data was last confirmed with him. */
export const receptionOwnerSchema = z
  .object({
    customerId: z.string().nullable().describe('null when the car has no recorded owner'),
    verification: verificationSchema.nullable(),
  })
  .meta({ id: 'ReceptionOwner' });

export type CreateVisitInput = z.output<typeof createVisitBody>;
export type VisitLineInput = z.output<typeof visitLineBody>;
export type VisitListQuery = z.output<typeof visitListQuery>;
export type VisitView = z.output<typeof visitSchema>;
export type VisitCsi = z.output<typeof visitCsiSchema>;
export type ReceptionOwner = z.output<typeof receptionOwnerSchema>;
