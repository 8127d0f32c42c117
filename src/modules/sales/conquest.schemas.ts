import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';
import { periodKinds } from './schema.ts';

export const conquestPlanBody = z
  .strictObject({
    dealerCode: z.string().trim().max(16).optional().describe('your own dealer when absent'),
    periodKind: z.enum(periodKinds),
    periodStart: isoDate.describe('the first day of the month, or of the quarter'),
    targets: z
      .array(
        z.strictObject({
          series: z.string().trim().min(1).max(60).describe('a model series of the catalogue'),
          targetUnits: z.number().int().min(1).max(100_000),
        }),
      )
      .min(1)
      .max(100),
  })
  .meta({ id: 'ConquestPlanTargets' });

const planSummary = {
  id: z.string(),
  dealerCode: z.string(),
  periodKind: z.enum(periodKinds),
  periodStart: z.string(),
  periodEnd: z.string(),
  targetUnits: z.number(),
};

export const conquestPlanSummarySchema = z.object(planSummary).meta({ id: 'ConquestPlanSummary' });

export const conquestPlanSchema = z
  .object({
    ...planSummary,
    today: z.string(),
    historyFrom: z.string(),
    historyTo: z.string(),
    daysInPeriod: z.number(),
    daysElapsed: z.number(),
    noHistory: z.boolean(),
    series: z.array(
      z.object({
        series: z.string(),
        targetUnits: z.number(),
        unitsDueToDate: z.number(),
        actualUnits: z.number(),
      }),
    ),
    channels: z.array(
      z.object({
        source: z.string(),
        historicalLeads: z.number(),
        historicalDelivered: z.number(),
        conversionRate: z.number().nullable(),
        expectedUnits: z.number(),
        prospectsNeeded: z.number().nullable(),
        prospectsDueToDate: z.number().nullable(),
        actualProspects: z.number(),
      }),
    ),
    totals: z.object({
      targetUnits: z.number(),
      actualUnits: z.number(),
      prospectsNeeded: z.number(),
      actualProspects: z.number(),
    }),
  })
  .meta({ id: 'ConquestPlan' });

export type ConquestPlanInput = z.output<typeof conquestPlanBody>;
