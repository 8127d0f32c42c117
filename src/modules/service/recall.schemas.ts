import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';

export const createRecallBody = z
  .strictObject({
    code: z.string().trim().min(1).max(40).describe('the maker’s campaign code'),
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(10_000).nullish(),
    startsOn: isoDate,
  })
  .meta({ id: 'NewRecallCampaign' });

export const recallVinsBody = z
  .strictObject({
    fileName: z.string().trim().min(1).max(255).optional(),
    contentBase64: z
      .string()
      .min(4)
      .max(14_500_000)
      .optional()
      .describe('a CSV or XLSX file: the column headed "VIN", else the first column'),
    vins: z.array(z.string().max(40)).max(100_000).optional().describe('or the VINs themselves'),
  })
  .meta({ id: 'RecallVins' });

export const recallCampaignSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    startsOn: z.string(),
    status: z.enum(['active', 'closed']),
    vehicles: z.number(),
    open: z.number(),
    done: z.number(),
  })
  .meta({ id: 'RecallCampaign' });

export const vinReportSchema = z
  .object({
    added: z.number(),
    alreadyListed: z.number(),
    rejected: z.array(z.object({ line: z.number(), value: z.string(), reason: z.string() })),
  })
  .meta({ id: 'RecallVinReport' });

export const vehicleRecallSchema = z
  .object({
    campaignId: z.string(),
    code: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    startsOn: z.string(),
    status: z.enum(['open', 'done']),
    closedAt: z.string().nullable(),
    closedVisitId: z.string().nullable(),
  })
  .meta({ id: 'VehicleRecall' });

export type CreateRecallInput = z.output<typeof createRecallBody>;
export type RecallVinsInput = z.output<typeof recallVinsBody>;
export type RecallCampaign = z.output<typeof recallCampaignSchema>;
export type VinReport = z.output<typeof vinReportSchema>;
export type VehicleRecall = z.output<typeof vehicleRecallSchema>;
