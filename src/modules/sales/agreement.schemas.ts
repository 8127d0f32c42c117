import { z } from 'zod';

export const agreementBody = z
  .strictObject({
    companyId: z.uuid().describe('a company customer (fleet, leasing, rental, government ...)'),
    year: z.number().int().min(2000).max(2100),
    tiers: z
      .array(
        z.strictObject({
          minVehicles: z.number().int().min(1).max(100_000),
          discountBp: z
            .number()
            .int()
            .min(0)
            .max(10_000)
            .describe('discount off the list price in basis points: 500 = 5%'),
        }),
      )
      .min(1)
      .max(20),
    note: z.string().trim().max(2000).nullish(),
  })
  .meta({ id: 'CompanyAgreementTerms' });

export const agreementSchema = z
  .object({
    id: z.string(),
    company: z.object({ id: z.string(), displayName: z.string(), categories: z.array(z.string()) }),
    year: z.number(),
    note: z.string().nullable(),
    tiers: z.array(z.object({ minVehicles: z.number(), discountBp: z.number() })),
    volume: z.number(),
    currentTier: z.object({ minVehicles: z.number(), discountBp: z.number() }).nullable(),
    customerStatus: z.enum(['new', 'existing']),
  })
  .meta({ id: 'CompanyAgreement' });

export type AgreementInput = z.output<typeof agreementBody>;
