import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';

const money = z.number().int().min(0).max(1e13);

export const purchaseInput = z.strictObject({
  date: isoDate,
  dealerCode: z.string().trim().min(1).max(16),
  consultantUserId: z.uuid().nullish(),
  condition: z.enum(['new', 'used']).optional(),
  priceMinor: money.nullish().describe('price in minor units (kopecks, fen)'),
  discountMinor: money.optional(),
  currency: z.string().length(3).optional().describe('the dealer’s currency when absent'),
  odometerKm: z.number().int().min(0).max(3_000_000).nullish(),
});

export const createVehicleBody = z
  .strictObject({
    customerId: z.uuid(),
    vin: z.string().trim().max(40).nullish(),
    modelId: z.uuid().nullish().describe('from the catalogue; sets make and model'),
    trimId: z.uuid().nullish(),
    makeName: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .nullish()
      .describe('when the model is not in the catalogue'),
    modelName: z.string().trim().max(60).nullish(),
    series: z.string().trim().max(60).nullish(),
    body: z.string().trim().max(40).nullish(),
    engine: z.string().trim().max(40).nullish(),
    colour: z.string().trim().max(60).nullish(),
    modelYear: z.number().int().min(1950).max(2100).nullish(),
    plate: z.string().trim().max(20).nullish(),
    firstRegistration: isoDate.nullish(),
    odometerKm: z.number().int().min(0).max(3_000_000).nullish(),
    role: z.enum(['owner', 'driver', 'lessee']).optional(),
    fromDate: isoDate.optional(),
    purchase: purchaseInput.optional(),
  })
  .meta({ id: 'NewVehicle' });

export const ownershipChangeBody = z.strictObject({
  customerId: z.uuid(),
  role: z.enum(['owner', 'driver', 'lessee']).optional(),
  fromDate: isoDate,
});

export type CreateVehicleInput = z.output<typeof createVehicleBody>;
export type PurchaseInput = z.output<typeof purchaseInput>;
export type OwnershipChangeInput = z.output<typeof ownershipChangeBody>;

export const vinCheckSchema = z
  .object({
    valid: z.boolean(),
    vin: z.string(),
    maker: z.string().optional(),
    country: z.string().optional(),
    modelYear: z.number().optional(),
    warning: z.string().optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'VinCheck' });
