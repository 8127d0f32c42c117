import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';
import { qualityProblems } from './schema.ts';

const problemCounts = z.record(z.enum(qualityProblems), z.number().int());

export const qualityRunSchema = z.object({
  id: z.string(),
  computedAt: z.string(),
  customers: z.number().int(),
  averageScore: z.number(),
  verifiedShare: z
    .number()
    .nullable()
    .describe(
      'per cent of the customers verified in the 12 months before the run; null for runs made before it was recorded',
    ),
  scheduled: z.boolean().describe("made by the server's schedule (QUALITY_RUN_AT), not by a user"),
  problems: problemCounts,
});

export const qualityGroupSchema = z.object({
  key: z.string().describe('dealer name, lead source or YYYY-MM; "all" for the total'),
  customers: z.number().int(),
  averageScore: z.number(),
  completeness: z.number(),
  validity: z.number(),
  consistency: z.number(),
  freshness: z.number(),
  verifiedShare: z
    .number()
    .describe('per cent of the customers whose data was verified with them in the last 12 months'),
  problems: problemCounts,
});

export const qualityRunsQuery = z.strictObject({
  since: isoDate.optional().describe('only the runs from this day on (UTC)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(24)
    .describe('at most this many runs, latest first (a year of daily runs is 365)'),
});

export const qualitySummaryQuery = z.strictObject({
  groupBy: z.enum(['dealer', 'source', 'month']).default('dealer'),
});

const findingsFilter = {
  problem: z.enum(qualityProblems).optional(),
  dealerCode: z.string().trim().min(1).max(16).optional().describe('a dealer of my scope'),
  source: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('the lead source as stored; empty for customers without one'),
};

export const qualityFindingsQuery = z.strictObject({
  ...findingsFilter,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const qualityFindingSchema = z.object({
  customerId: z.string(),
  displayName: z.string(),
  score: z.number().int(),
  problems: z.array(z.enum(qualityProblems)),
  suggestions: z
    .array(
      z.object({
        problem: z.literal('email_domain_typo'),
        value: z.string().describe('the address as stored'),
        suggestion: z.string().describe('the address with the popular domain it meant'),
      }),
    )
    .describe('corrections to offer for some of the problems'),
  computedAt: z.string(),
});

export const qualityProblemsExportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  ...findingsFilter,
});
