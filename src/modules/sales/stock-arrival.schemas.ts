import { z } from 'zod';
import { isoDateTime, pageQuery } from '../../http/schemas.ts';

export const stockArrivalBody = z
  .strictObject({
    dealerCode: z.string().trim().max(16).optional().describe('your own dealer when absent'),
    make: z.string().trim().min(1).max(60),
    model: z.string().trim().min(1).max(80),
    trim: z.string().trim().min(1).max(80).nullish(),
    vin: z.string().trim().max(30).nullish().describe('checked like any VIN'),
    arrivedAt: isoDateTime.optional().describe('now when absent'),
  })
  .meta({ id: 'NewStockArrival' });
export type StockArrivalInput = z.infer<typeof stockArrivalBody>;

export const stockArrivalQuery = z.strictObject({
  dealerCode: z.string().trim().max(16).optional(),
  make: z.string().trim().max(60).optional(),
  model: z.string().trim().max(80).optional(),
  ...pageQuery,
});
export type StockArrivalQuery = z.infer<typeof stockArrivalQuery>;

export const stockArrivalSchema = z
  .object({
    id: z.string(),
    dealerCode: z.string(),
    make: z.string(),
    model: z.string(),
    trim: z.string().nullable(),
    vin: z.string().nullable(),
    arrivedAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'StockArrival' });
