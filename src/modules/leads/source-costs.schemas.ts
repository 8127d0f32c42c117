import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';
import { costOwnerLevels } from './schema.ts';

/** A month is named by its first day, as it is stored. */
const monthDate = isoDate.refine((value) => value.endsWith('-01'), {
  message: 'must be the first day of a month (YYYY-MM-01)',
});
const code = z.string().trim().min(1).max(16);

export const sourceCostBody = z
  .strictObject({
    sourceKey: z.string().trim().min(1).max(40),
    month: monthDate,
    ownerLevel: z.enum(costOwnerLevels),
    brandCode: code
      .optional()
      .describe(
        'the brand that paid, for ownerLevel brand; for ownerLevel dealer, optionally the brand (one the dealer sells) the cost was for: without it a brand filter shares the cost over the dealer’s brands by its leads',
      ),
    dealerCode: code.optional().describe('the dealer that paid, for ownerLevel dealer'),
    amountMinor: z
      .number()
      .int()
      .min(0, 'must not be negative')
      .max(Number.MAX_SAFE_INTEGER)
      .describe('in minor units of `currency` (kopecks, fen)'),
    // upper-cased by the service (rub → RUB)
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code of three letters'),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.ownerLevel === 'dealer' && !body.dealerCode) {
      ctx.addIssue({ code: 'custom', path: ['dealerCode'], message: 'name the dealer that paid' });
    }
    if (body.ownerLevel === 'brand' && !body.brandCode) {
      ctx.addIssue({ code: 'custom', path: ['brandCode'], message: 'name the brand that paid' });
    }
  })
  .meta({ id: 'LeadSourceCostEntry' });
export type SourceCostInput = z.infer<typeof sourceCostBody>;

export const sourceCostQuery = z.strictObject({
  from: monthDate.optional().describe('first month, inclusive'),
  to: monthDate.optional().describe('last month, inclusive'),
  sourceKey: z.string().trim().min(1).max(40).optional(),
  ownerLevel: z.enum(costOwnerLevels).optional(),
  brandCode: code.optional(),
  dealerCode: code.optional(),
});
export type SourceCostQuery = z.infer<typeof sourceCostQuery>;

export const sourceCostSchema = z
  .object({
    id: z.string(),
    sourceKey: z.string(),
    month: z.string(),
    ownerLevel: z.enum(costOwnerLevels),
    brandCode: z.string().nullable(),
    dealerCode: z.string().nullable(),
    amountMinor: z.number(),
    brandPart: z
      .boolean()
      .describe(
        'true: a cost of a dealer selling several brands, for all of them, of which you (a brand-level reader) see your brand’s part in amountMinor',
      ),
    currency: z.string(),
    note: z.string().nullable(),
    enteredBy: z.string().nullable().describe('display name of who entered it last'),
    enteredAt: z.string(),
  })
  .meta({ id: 'LeadSourceCost' });
